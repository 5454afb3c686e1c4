using System.Numerics;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

/// <summary>Estimated normals against the exact outward normals of the closed-form shapes the clouds sample.</summary>
public sealed class PointCloudNormalsTests
{
    private const float GoodAngle = 10, MeanAngle = 3;
    private const double GoodFraction = 0.99;

    [Fact]
    public void SphereNormalsAreAccurateAndOutward()
    {
        InputGeometry truth = TestShapes.SpherePoints(new Vector3(0.3f, -1.2f, 2f), 1.5f, 10_000, 21);
        AssertAccurate("sphere", truth.Positions, truth.Normals!);
    }

    [Fact]
    public void TorusNormalsAreAccurateAndOutwardIncludingTheHole()
    {
        (Vector3[] points, Vector3[] normals) = TorusPoints(new Vector3(-0.5f, 0.2f, 0.1f), 1f, 0.35f, 20_000, 22);
        AssertAccurate("torus", points, normals);
    }

    [Fact]
    public void EllipsoidNormalsAreAccurateAndOutward()
    {
        (Vector3[] points, Vector3[] normals) = EllipsoidPoints(new Vector3(0.1f, 0.2f, -0.3f), new Vector3(1.2f, 1f, 0.7f), 15_000, 23);
        AssertAccurate("ellipsoid", points, normals);
    }

    [Fact]
    public void TwoDisconnectedSpheresAreEachOrientedOutward()
    {
        InputGeometry big = TestShapes.SpherePoints(new Vector3(-2, 0, 0), 1f, 6000, 24);
        InputGeometry small = TestShapes.SpherePoints(new Vector3(1.5f, 0.5f, 0), 0.5f, 3000, 25);
        Vector3[] points = [.. small.Positions, .. big.Positions];
        Vector3[] normals = [.. small.Normals!, .. big.Normals!];

        NormalEstimationReport report = AssertAccurate("two spheres", points, normals);

        Assert.True(report.Components == 2, $"expected two components, got {report}");
    }

    [Fact]
    public void ThinPlateIsOrientedOutwardExceptWhereEdgesBlend()
    {
        // A 2 × 2 × 0.12 box: the big faces are 0.12 apart, about four point spacings and twice the radius of a
        // 16-neighbourhood, so neighbourhoods stay on one face; near the edges PCA blends the faces' normals, so only
        // the side of each normal is checked.
        (Vector3[] points, Vector3[] normals) = BoxPoints(new Vector3(1, 1, 0.06f), 12_000, 26);

        foreach (bool reversed in new[] { false, true })
        {
            Vector3[] ordered = reversed ? points.Reverse().ToArray() : points;
            Vector3[] expected = reversed ? normals.Reverse().ToArray() : normals;
            NormalEstimationReport report = Estimate(ordered, out Vector3[] estimated);

            int wrongSide = 0;
            for (int i = 0; i < ordered.Length; i++) wrongSide += Vector3.Dot(estimated[i], expected[i]) <= 0 ? 1 : 0;
            Console.WriteLine($"plate{(reversed ? " reversed" : "")}: {wrongSide} of {ordered.Length} inward; {report}");
            Assert.True(wrongSide <= ordered.Length / 200, $"{wrongSide} of {ordered.Length} normals point inward (reversed order: {reversed}); {report}");
        }
    }

    [Fact]
    public void DuplicatePointsAreCountedAsDegenerateAndStillGetUnitNormals()
    {
        InputGeometry sphere = TestShapes.SpherePoints(Vector3.Zero, 1f, 4000, 27);
        // Every point twice, and one point forty times: its forty copies see only themselves.
        Vector3[] points = [.. sphere.Positions, .. sphere.Positions, .. Enumerable.Repeat(sphere.Positions[0], 40)];
        Vector3[] normals = [.. sphere.Normals!, .. sphere.Normals!, .. Enumerable.Repeat(sphere.Normals![0], 40)];

        NormalEstimationReport report = AssertAccurate("doubled sphere with a pile", points, normals);

        Assert.True(report.Degenerate >= 40, $"the pile of 41 copies should be degenerate: {report}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void TinyCloudsGetUnitNormals(int count)
    {
        Vector3[] points = [new(0, 0, 0), new(1, 0, 0), new(0, 1, 0), new(0.2f, 0.3f, 1)];
        var cloud = new InputGeometry("tiny (test)", points[..count], [], normals: null);

        InputGeometry result = PointCloudNormals.Estimate(cloud, out NormalEstimationReport report);

        Assert.Equal(count, result.Normals!.Length);
        Assert.True(count >= 3 || report.Degenerate == count, $"{count} points cannot make a plane: {report}");
        Assert.Equal(Math.Max(count - 1, 0), report.Neighbours);
        if (count == 3)
        {
            // Three points make one plane, z = 0, so all three normals are ±z, and they agree.
            foreach (Vector3 n in result.Normals) Assert.True(MathF.Abs(n.Z) > 0.9999f, $"{n} is not ±z");
            Assert.True(result.Normals.All(n => n.Z == result.Normals[0].Z), $"signs disagree: {string.Join(", ", result.Normals)}");
        }
    }

    [Fact]
    public void CollinearPointsAreDegenerateAndGetUnitNormals()
    {
        Vector3[] points = Enumerable.Range(0, 50).Select(i => new Vector3(i, 2 * i, -i) * 0.1f).ToArray();
        var cloud = new InputGeometry("line (test)", points, [], normals: null);

        InputGeometry result = PointCloudNormals.Estimate(cloud, out NormalEstimationReport report);

        Assert.Equal(50, report.Degenerate);
        Assert.Equal(0, report.Components);
        foreach (Vector3 n in result.Normals!) Assert.True(MathF.Abs(n.Length() - 1) < 1e-5f, $"normal {n} is not unit");
    }

    [Fact]
    public void NeighbourCountOutsideTheRangeIsRejected()
    {
        InputGeometry sphere = TestShapes.SpherePoints(Vector3.Zero, 1f, 100, 28);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PointCloudNormals.Estimate(sphere, 2));
        Assert.Contains("3..128", error.Message);
    }

    [Fact]
    public void EstimationIsRepeatable()
    {
        (Vector3[] points, _) = TorusPoints(Vector3.Zero, 1f, 0.3f, 8000, 29);
        var cloud = new InputGeometry("torus (test)", points, [], normals: null);
        Vector3[] first = PointCloudNormals.Estimate(cloud).Normals!;
        Vector3[] second = PointCloudNormals.Estimate(cloud).Normals!;
        Assert.Equal(first, second);
    }

    /// <summary>
    /// Estimates normals for <paramref name="points"/> and checks them against <paramref name="truth"/>; then the same
    /// for the points in reverse order, since the traversal starts at the first point and its unoriented normal
    /// points either way: the outward vote has to fix the sign from either start.
    /// </summary>
    private static NormalEstimationReport AssertAccurate(string shape, Vector3[] points, Vector3[] truth)
    {
        NormalEstimationReport report = AssertAccurateInOrder(shape, points, truth);
        AssertAccurateInOrder(shape + " reversed", points.Reverse().ToArray(), truth.Reverse().ToArray());
        return report;
    }

    private static NormalEstimationReport AssertAccurateInOrder(string shape, Vector3[] points, Vector3[] truth)
    {
        NormalEstimationReport report = Estimate(points, out Vector3[] estimated);
        var angles = new double[points.Length];
        int inward = 0;
        for (int i = 0; i < points.Length; i++)
        {
            double cosine = Math.Clamp(Vector3.Dot(estimated[i], truth[i]), -1, 1);
            angles[i] = Math.Acos(cosine) * 180 / Math.PI;
            if (cosine < 0) inward++;
        }
        double good = angles.Count(a => a <= GoodAngle) / (double)points.Length, mean = angles.Average();
        string summary = $"{shape}: {good:P2} within {GoodAngle}°, mean {mean:0.00}°, max {angles.Max():0.0}°, {inward} inward; {report}";
        Console.WriteLine(summary);
        Assert.True(good >= GoodFraction && mean <= MeanAngle, summary);
        return report;
    }

    private static NormalEstimationReport Estimate(Vector3[] points, out Vector3[] normals)
    {
        var cloud = new InputGeometry("cloud (test)", points, [], normals: null);
        InputGeometry result = PointCloudNormals.Estimate(cloud, out NormalEstimationReport report);
        Assert.Same(points, result.Positions);
        normals = result.Normals!;
        foreach (Vector3 n in normals) Assert.True(MathF.Abs(n.Length() - 1) < 1e-5f, $"normal {n} is not unit");
        return report;
    }

    /// <summary>Points uniform by area on a torus about the y axis, with exact outward normals.</summary>
    private static (Vector3[] Points, Vector3[] Normals) TorusPoints(Vector3 center, float major, float minor, int count, int seed)
    {
        var random = new Random(seed);
        var points = new Vector3[count];
        var normals = new Vector3[count];
        for (int i = 0; i < count;)
        {
            float phi = 2 * MathF.PI * random.NextSingle(), theta = 2 * MathF.PI * random.NextSingle();
            // The area element is proportional to major + minor·cos θ: keep θ with that probability.
            if (random.NextSingle() * (major + minor) > major + minor * MathF.Cos(theta)) continue;
            var ring = new Vector3(MathF.Cos(phi), 0, MathF.Sin(phi));
            normals[i] = MathF.Cos(theta) * ring + new Vector3(0, MathF.Sin(theta), 0);
            points[i] = center + major * ring + minor * normals[i];
            i++;
        }
        return (points, normals);
    }

    /// <summary>Points on an ellipsoid (random directions stretched by the semi-axes, so denser at the flat
    /// poles), with exact outward normals.</summary>
    private static (Vector3[] Points, Vector3[] Normals) EllipsoidPoints(Vector3 center, Vector3 semiAxes, int count, int seed)
    {
        InputGeometry unit = TestShapes.SpherePoints(Vector3.Zero, 1f, count, seed);
        Vector3[] points = unit.Normals!.Select(u => center + semiAxes * u).ToArray();
        Vector3[] normals = unit.Normals!.Select(u => Vector3.Normalize(u / semiAxes)).ToArray();
        return (points, normals);
    }

    /// <summary>Points uniform by area on the surface of a box with the given half-extents centred at the origin,
    /// with their face's outward normal.</summary>
    private static (Vector3[] Points, Vector3[] Normals) BoxPoints(Vector3 half, int count, int seed)
    {
        var random = new Random(seed);
        float[] areas = [half.Y * half.Z, half.X * half.Z, half.X * half.Y];
        float total = areas.Sum();
        var points = new Vector3[count];
        var normals = new Vector3[count];
        for (int i = 0; i < count; i++)
        {
            float pick = random.NextSingle() * total;
            int axis = pick < areas[0] ? 0 : pick < areas[0] + areas[1] ? 1 : 2;
            var p = new Vector3(random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1) * half;
            float side = random.Next(2) == 0 ? -1 : 1;
            p[axis] = side * half[axis];
            var n = Vector3.Zero;
            n[axis] = side;
            points[i] = p;
            normals[i] = n;
        }
        return (points, normals);
    }
}
