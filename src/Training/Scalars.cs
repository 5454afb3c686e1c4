using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// The numbers the training code hands to TorchSharp, as <see cref="Scalar"/>s that stay alive, and the arithmetic that
/// would otherwise make temporary ones.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns a number operand (<c>t * 2.0</c>, <c>t.clamp_min(1e-6)</c>, <c>t.square()</c>, and
/// <c>a + b</c>, which passes alpha = 1) into a temporary Scalar that nothing references once its handle is read. When
/// another thread's allocation triggers a collection during the native call, the finalizer frees that Scalar while
/// libtorch still reads it, and the step dies with "Expected false to be true" from <c>c10::Scalar::toFloat</c>
/// (TorchSharp pull requests 1434 and 1496, open). So every Scalar the training code passes is one it holds (a static or
/// instance field, or a <c>using</c> variable), and sums go through <see cref="Plus"/> or <c>stack(terms).sum()</c>. A test reads the IL of
/// NeuralSdf.Training, and of the TorchSharp methods it calls, and fails on any call that makes a temporary Scalar.
/// </remarks>
internal static class Scalars
{
    public static readonly Scalar One = 1.0.ToScalar();
    public static readonly Scalar Two = 2.0.ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>1 − <paramref name="t"/>.</summary>
    public static Tensor OneMinus(Tensor t) => t.neg().add(One, One);

    /// <summary><paramref name="t"/>², element-wise.</summary>
    public static Tensor Squared(this Tensor t) => t.pow(Two);
}
