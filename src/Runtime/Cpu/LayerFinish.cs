namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// What a kernel does with each accumulated sum before storing it. The kernels are generic over these
/// marker types and test them with <c>typeof</c>, which the JIT folds, so each finish compiles to its own
/// branch-free loop.
/// </summary>
internal static class LayerFinish
{
    /// <summary>Interface of the markers.</summary>
    public interface IFinish;

    /// <summary><c>sin(bias + sum)</c>: a sine layer's value.</summary>
    public readonly struct Sine : IFinish;

    /// <summary><c>sin(bias + sum)</c>, also storing <c>cos(bias + sum)</c> into the pass's cosines for the reverse pass.</summary>
    public readonly struct SineAndCosine : IFinish;

    /// <summary><c>bias + sum</c>: the linear output layer.</summary>
    public readonly struct Linear : IFinish;

    /// <summary><c>sum · cosine</c>: back-propagation through the sine of the layer below.</summary>
    public readonly struct TimesCosine : IFinish;

    /// <summary><c>sum</c>: the last step of the reverse pass, onto the input.</summary>
    public readonly struct None : IFinish;

    /// <summary>Whether sums start from the bias (added first, which saves an add per output).</summary>
    public static bool UsesBias<TFinish>() where TFinish : struct, IFinish =>
        typeof(TFinish) == typeof(Sine) || typeof(TFinish) == typeof(SineAndCosine) || typeof(TFinish) == typeof(Linear);
}
