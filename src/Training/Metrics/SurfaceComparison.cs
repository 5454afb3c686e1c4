using System.Numerics;

namespace NeuralSdf.Training.Metrics;

/// <summary>Distances between two sampled surfaces, as fractions of a reference length (usually the reference's bounding-box diagonal).</summary>
/// <param name="ChamferL1">Mean of the two directions' mean nearest-neighbour distances.</param>
/// <param name="Hausdorff">Largest nearest-neighbour distance in either direction.</param>
/// <param name="FScore">Harmonic mean of precision and recall at <paramref name="FScoreThreshold"/>.</param>
/// <param name="FScoreThreshold">The distance under which a point counts as matched.</param>
/// <param name="SampleCount">Points drawn on each surface.</param>
public sealed record SurfaceComparison(double ChamferL1, double Hausdorff, double FScore, double FScoreThreshold, int SampleCount)
{
    /// <summary>Compares <paramref name="candidate"/> samples with <paramref name="reference"/> samples; distances are divided by <paramref name="unit"/>.</summary>
    public static SurfaceComparison Compare(Vector3[] candidate, Vector3[] reference, double unit, double fScoreThreshold)
    {
        double[] toReference = NearestDistances(candidate, new KdTree(reference));
        double[] toCandidate = NearestDistances(reference, new KdTree(candidate));
        double precision = toReference.Count(d => d < fScoreThreshold * unit) / (double)toReference.Length;
        double recall = toCandidate.Count(d => d < fScoreThreshold * unit) / (double)toCandidate.Length;
        double fScore = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new SurfaceComparison(
            (toReference.Average() + toCandidate.Average()) / 2 / unit,
            Math.Max(toReference.Max(), toCandidate.Max()) / unit,
            fScore, fScoreThreshold, Math.Min(candidate.Length, reference.Length));
    }

    private static double[] NearestDistances(Vector3[] points, KdTree tree)
    {
        double[] distances = new double[points.Length];
        Parallel.For(0, points.Length, i => distances[i] = Math.Sqrt(tree.Nearest(points[i]).DistanceSquared));
        return distances;
    }
}
