using System.Numerics;
using System.Runtime.InteropServices;
using NeuralSdf.Runtime.Cpu;

namespace NeuralSdf.Runtime;

/// <summary>
/// Evaluates a <see cref="FoldedNetwork"/> on the CPU in world units, with the widest vector instructions the
/// machine accelerates (see <see cref="SimdPaths"/>): values by a forward pass, the Jacobian by one reverse pass
/// per output through the cosines kept from it. Batches of two small blocks or more (64 points with AVX-512) are
/// shared between the calling thread and one thread-pool thread. Calls allocate nothing once warm.
/// </summary>
internal sealed unsafe class CpuEvaluator
{
    private const int BlocksPerChunk = 4;

    private readonly ISirenKernel _kernel;
    private readonly int _parallelThreshold;

    public CpuEvaluator(FoldedNetwork network)
        : this(network, SimdPaths.Best)
    {
    }

    /// <summary>
    /// An evaluator on a chosen path, for tests and benchmarks (any path runs on any CPU; one the CPU lacks runs
    /// in software, slowly); <paramref name="singleThreaded"/> keeps large batches on the calling thread;
    /// <paramref name="wideBlocks"/> forces four-vector (true) or two-vector (false) blocks.
    /// </summary>
    public CpuEvaluator(FoldedNetwork network, SimdPath path, bool singleThreaded = false, bool? wideBlocks = null)
    {
        Path = path;
        _kernel = SimdPaths.CreateKernel(path, network, wideBlocks);
        _parallelThreshold = singleThreaded ? int.MaxValue : 2 * _kernel.SmallestBlockSize;
    }

    public SimdPath Path { get; }

    public int InputCount => _kernel.InputCount;

    public int OutputCount => _kernel.OutputCount;

    /// <summary>Values (and Jacobians, unless the span is empty) of <c>inputs.Length / InputCount</c> points; lengths are the caller's to check.</summary>
    public void Evaluate(ReadOnlySpan<float> inputs, Span<float> values, Span<float> jacobians)
    {
        int count = inputs.Length / InputCount;
        fixed (float* x = inputs)
        fixed (float* v = values)
        fixed (float* j = jacobians)
        {
            float* jacobian = jacobians.IsEmpty ? null : j;
            if (count >= _parallelThreshold) BatchSplit.Run(_kernel, x, v, jacobian, count, ChunkSize(count));
            else _kernel.Evaluate(x, v, jacobian, count);
        }
    }

    public float Distance(Vector3 point)
    {
        float distance;
        _kernel.Evaluate((float*)&point, &distance, null, 1);
        return distance;
    }

    public float DistanceAndGradient(Vector3 point, out Vector3 gradient)
    {
        float distance;
        Vector3 g;
        _kernel.Evaluate((float*)&point, &distance, (float*)&g, 1);
        gradient = g;
        return distance;
    }

    public void Distance(ReadOnlySpan<Vector3> points, Span<float> distances) =>
        Evaluate(MemoryMarshal.Cast<Vector3, float>(points), distances, []);

    public void DistanceAndGradient(ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients) =>
        Evaluate(MemoryMarshal.Cast<Vector3, float>(points), distances, MemoryMarshal.Cast<Vector3, float>(gradients));

    /// <summary>A few blocks per chunk; a batch smaller than two chunks is halved (in whole small blocks) so both threads work.</summary>
    private int ChunkSize(int count)
    {
        int half = (count + 1) / 2, granule = _kernel.SmallestBlockSize;
        return Math.Min(BlocksPerChunk * _kernel.BlockSize, (half + granule - 1) / granule * granule);
    }
}
