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

    /// <summary>The kernel for <paramref name="path"/>; blocks four vectors wide where the CPU has the registers for them, unless <paramref name="wideBlocks"/> says otherwise.</summary>
    public static ISirenKernel CreateKernel(SimdPath path, FoldedNetwork network, bool? wideBlocks = null) => path switch
    {
        SimdPath.Vector512 => new SirenKernel<Vector512Lanes, Vector512<float>>(network, wideBlocks ?? DenseKernel<Vector512Lanes, Vector512<float>>.WideBlocks),
        SimdPath.Vector256 => new SirenKernel<Vector256Lanes, Vector256<float>>(network, wideBlocks ?? DenseKernel<Vector256Lanes, Vector256<float>>.WideBlocks),
        SimdPath.Vector128 => new SirenKernel<Vector128Lanes, Vector128<float>>(network, wideBlocks ?? DenseKernel<Vector128Lanes, Vector128<float>>.WideBlocks),
        _ => new SirenKernel<ScalarLanes, float>(network, wideBlocks ?? DenseKernel<ScalarLanes, float>.WideBlocks),
    };
}
