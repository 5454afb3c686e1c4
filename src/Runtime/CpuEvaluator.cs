using System.Numerics;
using NeuralSdf.Runtime.Cpu;

namespace NeuralSdf.Runtime;

/// <summary>
/// Evaluates a <see cref="SirenNetwork"/> on the CPU in world units, with the widest vector instructions the
/// machine accelerates (see <see cref="SimdPaths"/>): distance by a forward pass, gradient by one reverse pass
/// through the cosines kept from it. Batches of two small blocks or more (64 points with AVX-512) are shared
/// between the calling thread and one thread-pool thread. Calls allocate nothing once warm.
/// </summary>
internal sealed unsafe class CpuEvaluator
{
    private const int BlocksPerChunk = 4;

    private readonly ISirenKernel _kernel;
    private readonly int _parallelThreshold;

    public CpuEvaluator(SirenNetwork network, SdfNormalization normalization)
        : this(network, normalization, SimdPaths.Best)
    {
    }

    /// <summary>
    /// An evaluator on a chosen path, for tests and benchmarks (any path runs on any CPU; one the CPU lacks runs
    /// in software, slowly); <paramref name="singleThreaded"/> keeps large batches on the calling thread;
    /// <paramref name="wideBlocks"/> forces four-vector (true) or two-vector (false) blocks.
    /// </summary>
    public CpuEvaluator(SirenNetwork network, SdfNormalization normalization, SimdPath path, bool singleThreaded = false, bool? wideBlocks = null)
    {
        Path = path;
        _kernel = SimdPaths.CreateKernel(path, network, normalization, wideBlocks);
        _parallelThreshold = singleThreaded ? int.MaxValue : 2 * _kernel.SmallestBlockSize;
    }

    public SimdPath Path { get; }

    public float Distance(Vector3 point)
    {
        float distance;
        _kernel.Distance(&point, &distance, 1);
        return distance;
    }

    public float DistanceAndGradient(Vector3 point, out Vector3 gradient)
    {
        float distance;
        Vector3 g;
        _kernel.DistanceAndGradient(&point, &distance, &g, 1);
        gradient = g;
        return distance;
    }

    public void Distance(ReadOnlySpan<Vector3> points, Span<float> distances)
    {
        fixed (Vector3* p = points)
        fixed (float* d = distances)
        {
            if (points.Length >= _parallelThreshold) BatchSplit.Run(_kernel, p, d, null, points.Length, ChunkSize(points.Length));
            else _kernel.Distance(p, d, points.Length);
        }
    }

    public void DistanceAndGradient(ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients)
    {
        fixed (Vector3* p = points)
        fixed (float* d = distances)
        fixed (Vector3* g = gradients)
        {
            if (points.Length >= _parallelThreshold) BatchSplit.Run(_kernel, p, d, g, points.Length, ChunkSize(points.Length));
            else _kernel.DistanceAndGradient(p, d, g, points.Length);
        }
    }

    /// <summary>A few blocks per chunk; a batch smaller than two chunks is halved (in whole small blocks) so both threads work.</summary>
    private int ChunkSize(int count)
    {
        int half = (count + 1) / 2, granule = _kernel.SmallestBlockSize;
        return Math.Min(BlocksPerChunk * _kernel.BlockSize, (half + granule - 1) / granule * granule);
    }
}
