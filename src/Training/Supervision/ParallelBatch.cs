using System.Numerics;

namespace NeuralSdf.Training.Supervision;

/// <summary>The signed distance at one point and its gradient.</summary>
internal delegate float PointEvaluator(Vector3 query, out Vector3 gradient);

/// <summary>Splits a batch of query points into fixed-size chunks and evaluates them point by point on the thread pool.</summary>
internal static class ParallelBatch
{
    /// <summary>Points per chunk: large enough that scheduling costs nothing, small enough to balance two cores.</summary>
    public const int ChunkSize = 2048;

    /// <summary>Checks the spans' lengths (the public door) and runs <paramref name="evaluator"/> on every point, over
    /// chunks in parallel when there is more than one chunk. Each point's value does not depend on the chunking.
    /// <paramref name="gradients"/> is either empty (distances only) or one per point.</summary>
    public static unsafe void Run(ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients, PointEvaluator evaluator)
    {
        if (distances.Length != points.Length)
            throw new ArgumentException(
                $"The distances span holds {distances.Length} values for {points.Length} points; expected one per point.",
                nameof(distances));
        if (!gradients.IsEmpty && gradients.Length != points.Length)
            throw new ArgumentException(
                $"The gradients span holds {gradients.Length} vectors for {points.Length} points; expected one per point.",
                nameof(gradients));
        if (points.Length <= ChunkSize)
        {
            EvaluateChunk(points, distances, gradients, evaluator);
            return;
        }
        int count = points.Length;
        int chunks = (count + ChunkSize - 1) / ChunkSize;
        bool withGradients = !gradients.IsEmpty;
        fixed (Vector3* pointsPointer = points)
        fixed (float* distancesPointer = distances)
        fixed (Vector3* gradientsPointer = gradients)
        {
            nint pointsAddress = (nint)pointsPointer, distancesAddress = (nint)distancesPointer, gradientsAddress = (nint)gradientsPointer;
            Parallel.For(0, chunks, chunk =>
            {
                int start = chunk * ChunkSize;
                int length = Math.Min(ChunkSize, count - start);
                EvaluateChunk(
                    new ReadOnlySpan<Vector3>((Vector3*)pointsAddress + start, length),
                    new Span<float>((float*)distancesAddress + start, length),
                    withGradients ? new Span<Vector3>((Vector3*)gradientsAddress + start, length) : [],
                    evaluator);
            });
        }
    }

    private static void EvaluateChunk(ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients, PointEvaluator evaluator)
    {
        for (int i = 0; i < points.Length; i++)
        {
            distances[i] = evaluator(points[i], out Vector3 gradient);
            if (!gradients.IsEmpty) gradients[i] = gradient;
        }
    }
}
