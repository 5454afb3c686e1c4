namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// The few float operations the CPU kernels need, over one hardware vector <typeparamref name="TVector"/>
/// (or one float on the scalar path). Kernels are generic over an implementing struct, so the JIT compiles
/// one specialized copy per vector width with every call inlined.
/// </summary>
internal unsafe interface ISimdLanes<TVector> where TVector : unmanaged
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Load(float* source);

    static abstract void Store(float* destination, TVector value);

    static abstract TVector Broadcast(float value);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Subtract(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>The sum of the lanes.</summary>
    static abstract float Sum(TVector value);

    /// <summary><c>a · b + c</c> with one rounding.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>
    /// <paramref name="value"/> with its sign flipped where the lowest mantissa bit of <paramref name="integer"/>
    /// is set — for an integer held as <c>n + 1.5·2²³</c>, where n is odd.
    /// </summary>
    static abstract TVector NegateWhereOdd(TVector value, TVector integer);
}
