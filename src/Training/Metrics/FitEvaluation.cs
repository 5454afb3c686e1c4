using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Metrics;

/// <summary>Measures a fitted model against its input: the raw extracted zero set (no clean-up) compared with the input surface.</summary>
public static class FitEvaluation
{
    /// <summary>
    /// Extracts the model's zero set at <paramref name="resolution"/> without clean-up, draws <paramref name="samples"/>
    /// area-uniform points on it and on the reference, and compares them (see <see cref="SurfaceComparison"/>).
    /// </summary>
    public static SurfaceComparison Evaluate(SdfModel model, InputGeometry reference, int resolution = 128, int samples = 100_000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reference);
        TriangleMesh mesh = MeshExtractor.Extract(model, resolution, cleanUp: false);
        double diagonal = BoundingBox.Of(reference.Positions).Diagonal;
        var random = new Random(seed);
        (Vector3[] referencePoints, Vector3[]? referenceNormals) = Sample(reference, samples, random);
        if (mesh.TriangleCount == 0)
            return new SurfaceComparison(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, 0, 0, 0, 1, 0);
        (Vector3[] candidatePoints, Vector3[]? candidateNormals) = Sample(new InputGeometry("extracted", mesh.Positions, mesh.Indices, null), samples, random);
        return SurfaceComparison.Compare(candidatePoints, candidateNormals, referencePoints, referenceNormals, diagonal);
    }

    private static (Vector3[] Points, Vector3[]? Normals) Sample(InputGeometry geometry, int count, Random random)
    {
        var sampler = new SurfacePointSampler(geometry, p => p);
        var points = new Vector3[count];
        var normals = new Vector3[count];
        sampler.Sample(random, points, normals);
        return (points, sampler.HasNormals ? normals : null);
    }
}
