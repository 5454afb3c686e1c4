using System.Numerics;

namespace NeuralSdf.Training.Metrics;

/// <summary>
/// How closely a candidate surface matches a reference, both given as point samples (with normals where known).
/// Every distance is a fraction of the reference's bounding-box diagonal.
/// </summary>
/// <param name="ChamferL1">Mean of the two directions' mean nearest-neighbour distances.</param>
/// <param name="ChamferL2">Mean of the two directions' mean squared nearest-neighbour distances (in diagonal² units).</param>
/// <param name="Hausdorff">Largest nearest-neighbour distance in either direction.</param>
/// <param name="NormalConsistency">Mean |cos| between each sample's normal and its nearest neighbour's, both directions (NaN without normals).</param>
/// <param name="FScoreHalfPercent">F-score at 0.5 % of the diagonal.</param>
/// <param name="FScoreOnePercent">F-score at 1 % of the diagonal.</param>
/// <param name="GhostArea">Share of the candidate's samples (so of its area, for area-uniform samples) farther than 1 % of the diagonal from the reference.</param>
/// <param name="SampleCount">Samples drawn on each surface.</param>
public sealed record SurfaceComparison(double ChamferL1, double ChamferL2, double Hausdorff, double NormalConsistency,
    double FScoreHalfPercent, double FScoreOnePercent, double GhostArea, int SampleCount)
{
    /// <summary>Compares candidate samples with reference samples; <paramref name="diagonal"/> is the unit of every distance.</summary>
    public static SurfaceComparison Compare(Vector3[] candidate, Vector3[]? candidateNormals, Vector3[] reference, Vector3[]? referenceNormals, double diagonal)
    {
        (double[] toReference, int[] nearestReference) = Nearest(candidate, new KdTree(reference));
        (double[] toCandidate, int[] nearestCandidate) = Nearest(reference, new KdTree(candidate));
        for (int i = 0; i < toReference.Length; i++) toReference[i] /= diagonal;
        for (int i = 0; i < toCandidate.Length; i++) toCandidate[i] /= diagonal;

        double normalConsistency = double.NaN;
        if (candidateNormals is not null && referenceNormals is not null)
        {
            double forward = Enumerable.Range(0, candidate.Length).Average(i => Math.Abs(Vector3.Dot(candidateNormals[i], referenceNormals[nearestReference[i]])));
            double backward = Enumerable.Range(0, reference.Length).Average(i => Math.Abs(Vector3.Dot(referenceNormals[i], candidateNormals[nearestCandidate[i]])));
            normalConsistency = (forward + backward) / 2;
        }
        return new SurfaceComparison(
            (toReference.Average() + toCandidate.Average()) / 2,
            (toReference.Average(d => d * d) + toCandidate.Average(d => d * d)) / 2,
            Math.Max(toReference.Max(), toCandidate.Max()),
            normalConsistency,
            FScore(toReference, toCandidate, 0.005),
            FScore(toReference, toCandidate, 0.01),
            toReference.Count(d => d > 0.01) / (double)toReference.Length,
            Math.Min(candidate.Length, reference.Length));
    }

    private static double FScore(double[] toReference, double[] toCandidate, double threshold)
    {
        double precision = toReference.Count(d => d < threshold) / (double)toReference.Length;
        double recall = toCandidate.Count(d => d < threshold) / (double)toCandidate.Length;
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    }

    private static (double[] Distances, int[] Indices) Nearest(Vector3[] points, KdTree tree)
    {
        double[] distances = new double[points.Length];
        int[] indices = new int[points.Length];
        Parallel.For(0, points.Length, i =>
        {
            (int index, float squared) = tree.Nearest(points[i]);
            distances[i] = Math.Sqrt(squared);
            indices[i] = index;
        });
        return (distances, indices);
    }
}
