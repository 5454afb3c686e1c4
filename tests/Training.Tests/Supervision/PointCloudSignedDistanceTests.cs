using System.Numerics;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;
using static NeuralSdf.Training.Tests.Supervision.SupervisionShapes;

namespace NeuralSdf.Training.Tests.Supervision;

/// <summary>Point-cloud signed distances against the sphere the cloud samples.</summary>
public sealed class PointCloudSignedDistanceTests
{
    private static readonly Vector3 Center = new(-0.4f, 0.1f, 0.25f);

    [Fact]
    public void SphereCloudHasRightSignsAwayFromTheSurfaceAndCloseMagnitudesNearIt()
    {
        // 20,000 random points on the unit sphere: mean spacing about 0.025 r, with random gaps.
        InputGeometry cloud = TestShapes.SpherePoints(Center, 1f, 20_000, 81);
        var sdf = new PointCloudSignedDistance(cloud.Positions, cloud.Normals!);
        Vector3[] points = [.. UniformPoints(Center, 2f, 2000, 82), .. ShellPoints(Center, 1f, 0.05f, 2000, 83)];
        var distances = new float[points.Length];

        sdf.Evaluate(points, distances);

        int wrongSigns = 0, nearCount = 0;
        float worstNear = 0;
        string worstNearText = "", firstWrong = "";
        for (int i = 0; i < points.Length; i++)
        {
            float exact = Sphere(points[i], Center, 1f);
            if (MathF.Abs(exact) > 0.05f && MathF.Sign(distances[i]) != MathF.Sign(exact))
            {
                if (wrongSigns++ == 0) firstWrong = $"{points[i]}: {distances[i]} vs {exact}";
            }
            if (MathF.Abs(exact) <= 0.05f)
            {
                nearCount++;
                float error = MathF.Abs(MathF.Abs(distances[i]) - MathF.Abs(exact));
                if (error > worstNear) (worstNear, worstNearText) = (error, $"{points[i]}: {distances[i]} vs {exact}");
            }
        }
        Assert.True(wrongSigns == 0, $"{wrongSigns} points farther than 0.05 r from the surface have the wrong sign; first {firstWrong}");
        Assert.True(nearCount > 1500, $"only {nearCount} points within 0.05 r of the surface");
        Assert.True(worstNear <= 0.02f, $"worst magnitude error within 0.05 r of the surface is {worstNear} (tolerance 0.02 r), at {worstNearText}");
    }

    [Fact]
    public void TangentPlaneRemovesTheSamplingBiasRightAtTheSurface()
    {
        InputGeometry cloud = TestShapes.SpherePoints(Center, 1f, 20_000, 84);
        var sdf = new PointCloudSignedDistance(cloud.Positions, cloud.Normals!);
        Vector3[] onSurface = ShellPoints(Center, 1f, 0f, 2000, 85);
        var distances = new float[onSurface.Length];
        var tree = new NeuralSdf.Training.Metrics.KdTree(cloud.Positions);

        sdf.Evaluate(onSurface, distances);

        // The nearest sample alone is on average about half a spacing away; the estimate must do much better.
        double meanEstimate = distances.Average(d => MathF.Abs(d));
        double meanNearest = onSurface.Average(p => MathF.Sqrt(tree.Nearest(p).DistanceSquared));
        Assert.True(meanEstimate < 0.25 * meanNearest, $"mean |estimate| on the surface is {meanEstimate}; nearest-sample distance averages {meanNearest}");
    }

    [Fact]
    public void GradientsFollowTheSphereNormalNearAndFarFromTheCloud()
    {
        InputGeometry cloud = TestShapes.SpherePoints(Center, 1f, 20_000, 86);
        var sdf = new PointCloudSignedDistance(cloud.Positions, cloud.Normals!);
        Vector3[] points = [.. ShellPoints(Center, 1f, 0.05f, 2000, 87), .. ShellPoints(Center, 1.5f, 0.4f, 1000, 88)];
        var distances = new float[points.Length];
        var gradients = new Vector3[points.Length];

        sdf.Evaluate(points, distances, gradients);

        double worstDegrees = 0, sumDegrees = 0, nearDegrees = 0;
        for (int i = 0; i < points.Length; i++)
        {
            Assert.True(distances[i] == sdf.Distance(points[i]), $"point {i}: {distances[i]} with gradients, {sdf.Distance(points[i])} without");
            Assert.True(MathF.Abs(gradients[i].Length() - 1) < 1e-4f, $"point {i} {points[i]}: |gradient| = {gradients[i].Length()}");
            double degrees = Math.Acos(Math.Clamp(Vector3.Dot(gradients[i], Vector3.Normalize(points[i] - Center)), -1, 1)) * 180 / Math.PI;
            worstDegrees = Math.Max(worstDegrees, degrees);
            sumDegrees += degrees;
            if (i < 2000) nearDegrees += degrees;
        }
        // Near the cloud the nearest sample's normal is off the query's radial by about a spacing (0.025 r ≈ 1.4°).
        Assert.True(sumDegrees / points.Length < 2, $"mean angle to the radial direction {sumDegrees / points.Length:F2}° (near {nearDegrees / 2000:F2}°, far {(sumDegrees - nearDegrees) / 1000:F2}°)");
        Assert.True(worstDegrees < 10, $"worst angle to the radial direction {worstDegrees:F2}°");
    }

    [Fact]
    public void GradientsPointAwayFromACornerBeyondIt()
    {
        // The six faces of the cube [−1, 1]³ on a 41×41 grid each (spacing 0.05), with face normals.
        var positions = new List<Vector3>();
        var normals = new List<Vector3>();
        foreach (Vector3 axis in new[] { Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ })
            foreach (float side in new[] { -1f, 1f })
                for (int u = 0; u <= 40; u++)
                    for (int v = 0; v <= 40; v++)
                    {
                        float a = -1 + u * 0.05f, b = -1 + v * 0.05f;
                        positions.Add(axis == Vector3.UnitX ? new Vector3(side, a, b) : axis == Vector3.UnitY ? new Vector3(a, side, b) : new Vector3(a, b, side));
                        normals.Add(side * axis);
                    }
        var sdf = new PointCloudSignedDistance(positions.ToArray(), normals.ToArray());
        Vector3 diagonal = Vector3.Normalize(new Vector3(1, 1, 1));
        Vector3[] beyondCorner = [.. new[] { 0.2f, 0.5f, 1f }.Select(d => Vector3.One + d * diagonal)];
        Vector3[] overAFace = [new(0.31f, 0.42f, 1.3f), new(-0.53f, 1.2f, 0.17f), new(0.2f, 0.1f, 0.9f)];
        Vector3[] expected = [diagonal, diagonal, diagonal, Vector3.UnitZ, Vector3.UnitY, Vector3.UnitZ];
        Vector3[] points = [.. beyondCorner, .. overAFace];
        var distances = new float[points.Length];
        var gradients = new Vector3[points.Length];

        sdf.Evaluate(points, distances, gradients);

        for (int i = 0; i < points.Length; i++)
            Assert.True(Vector3.Dot(gradients[i], expected[i]) > 0.99f, $"{points[i]} (distance {distances[i]}): gradient {gradients[i]}, expected {expected[i]}");
    }

    [Fact]
    public void MismatchedNormalsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new PointCloudSignedDistance([Vector3.Zero, Vector3.One], [Vector3.UnitX]));
        Assert.Contains("1 normals for 2 points", error.Message);
        Assert.Throws<ArgumentException>(() => new PointCloudSignedDistance([Vector3.Zero], [Vector3.Zero]));
    }
}
