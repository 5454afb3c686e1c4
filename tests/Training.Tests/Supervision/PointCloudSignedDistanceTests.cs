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
    public void MismatchedNormalsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new PointCloudSignedDistance([Vector3.Zero, Vector3.One], [Vector3.UnitX]));
        Assert.Contains("1 normals for 2 points", error.Message);
        Assert.Throws<ArgumentException>(() => new PointCloudSignedDistance([Vector3.Zero], [Vector3.Zero]));
    }
}
