using System.Runtime.Intrinsics;

namespace NeuralSdf.Runtime.Cpu;

/// <summary>The vector width the CPU evaluator computes with.</summary>
internal enum SimdPath
{
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

/// <summary>Chooses a <see cref="SimdPath"/> and builds the kernel for it.</summary>
internal static class SimdPaths
{
    /// <summary>The widest path this CPU accelerates (Vector512 on AVX-512, Vector256 on AVX2, Vector128 on SSE/NEON).</summary>
    public static SimdPath Best =>
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512 :
        Vector256.IsHardwareAccelerated ? SimdPath.Vector256 :
        Vector128.IsHardwareAccelerated ? SimdPath.Vector128 :
        SimdPath.Scalar;

    public static ISirenKernel CreateKernel(SimdPath path, SirenNetwork network, SdfNormalization normalization) => path switch
    {
        SimdPath.Vector512 => new SirenKernel<Vector512Lanes, Vector512<float>>(network, normalization),
        SimdPath.Vector256 => new SirenKernel<Vector256Lanes, Vector256<float>>(network, normalization),
        SimdPath.Vector128 => new SirenKernel<Vector128Lanes, Vector128<float>>(network, normalization),
        _ => new SirenKernel<ScalarLanes, float>(network, normalization),
    };
}
