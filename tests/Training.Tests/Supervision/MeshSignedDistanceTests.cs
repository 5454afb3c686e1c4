using System.Numerics;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;
using static NeuralSdf.Training.Tests.Supervision.SupervisionShapes;

namespace NeuralSdf.Training.Tests.Supervision;

/// <summary>Mesh signed distances against closed forms, brute force and the exact winding number.</summary>
public sealed class MeshSignedDistanceTests
{
    private static readonly Vector3 Center = new(0.3f, -0.2f, 0.5f);

    /// <summary>The 48×24 UV sphere's vertices lie on the sphere and its flat triangles dip inside it by at
    /// most r(1 − cos α), α the angular circumradius of the largest triangle (about 5.3° here): 0.0043 r.
    /// So its distances differ from the sphere's by at most that; 0.005 r is the tolerance.</summary>
    private const float FacetingTolerance = 0.005f;

    [Fact]
    public void SphereMeshMatchesTheSphereSdfToItsFaceting()
    {
        InputGeometry mesh = TestShapes.Sphere(Center, 1f, 48, 24);
        var sdf = new MeshSignedDistance(mesh.Positions, mesh.Triangles);
        Vector3[] points = [.. UniformPoints(Center, 2f, 2000, 11), .. ShellPoints(Center, 1f, 0.05f, 1000, 12)];
        var distances = new float[points.Length];

        sdf.Evaluate(points, distances);

        Assert.False(sdf.WasInverted, $"the test sphere is counter-clockwise; signed volume {sdf.SignedVolume}");
        float worst = 0;
        int worstIndex = 0, wrongSigns = 0, inside = 0;
        for (int i = 0; i < points.Length; i++)
        {
            float exact = Sphere(points[i], Center, 1f);
            float error = MathF.Abs(distances[i] - exact);
            if (error > worst) (worst, worstIndex) = (error, i);
            if (MathF.Abs(exact) > FacetingTolerance && MathF.Sign(distances[i]) != MathF.Sign(exact)) wrongSigns++;
            if (exact < -FacetingTolerance) inside++;
        }
        Assert.True(worst <= FacetingTolerance,
            $"worst |distance − (|p − c| − r)| = {worst} at {points[worstIndex]} (got {distances[worstIndex]}, exact {Sphere(points[worstIndex], Center, 1f)}); tolerance {FacetingTolerance}");
        Assert.True(wrongSigns == 0, $"{wrongSigns} of {points.Length} points outside the faceting band have the wrong sign");
        Assert.True(inside > 500, $"only {inside} points were inside; the sign check needs both sides");
    }

    [Fact]
    public void BvhClosestDistanceEqualsBruteForceOnANonConvexMesh()
    {
        InputGeometry mesh = TorusAndSphere();
        var sdf = new MeshSignedDistance(mesh.Positions, mesh.Triangles);
        Vector3[] points = [.. UniformPoints(Vector3.Zero, 2.5f, 1500, 21), .. ShellPoints(new Vector3(0, 0, 2f), 0.4f, 0.05f, 500, 22)];

        for (int i = 0; i < points.Length; i++)
        {
            (float distance, Vector3 closest) = sdf.Closest(points[i]);
            float brute = BruteForceDistance(mesh, points[i]);
            Assert.True(MathF.Abs(distance - brute) <= 1e-5f, $"point {i} {points[i]}: BVH {distance}, brute force {brute}");
            Assert.True(MathF.Abs(Vector3.Distance(points[i], closest) - distance) <= 1e-5f, $"point {i}: the closest point {closest} is not at the reported distance {distance}");
        }
    }

    /// <summary>The brief asks for 0.05; the second-order far field at β = 2 stays near 0.005 here, so 0.01 is
    /// the tolerance (a pure dipole at β = 2 is off by about 0.06 and fails).</summary>
    private const float WindingTolerance = 0.01f;

    [Fact]
    public void FastWindingNumberIsWithin001OfTheExactSumAndClassifiesInsideAndOutside()
    {
        InputGeometry mesh = TorusAndSphere();
        var sdf = new MeshSignedDistance(mesh.Positions, mesh.Triangles);
        Vector3[] points = [.. UniformPoints(Vector3.Zero, 2.5f, 2000, 31), .. ShellPoints(new Vector3(0, 0, 2f), 0.4f, 0.1f, 500, 32)];

        float worst = 0;
        int worstIndex = 0, insideCount = 0;
        for (int i = 0; i < points.Length; i++)
        {
            float fast = sdf.WindingNumber(points[i]), exact = sdf.ExactWindingNumber(points[i]);
            if (MathF.Abs(fast - exact) > worst) (worst, worstIndex) = (MathF.Abs(fast - exact), i);
            float truth = SceneSdf(points[i]);
            if (MathF.Abs(truth) < 0.02f) continue; // faceting band of the torus (its 24 sides dip 0.003 inside)
            float expected = truth < 0 ? 1 : 0;
            if (truth < 0) insideCount++;
            Assert.True(MathF.Abs(exact - expected) < 1e-3f, $"point {i} {points[i]}: exact winding number {exact}, expected {expected}");
            Assert.True(MathF.Abs(fast - expected) < WindingTolerance, $"point {i} {points[i]}: fast winding number {fast}, expected {expected}");
        }
        Assert.True(worst < WindingTolerance, $"worst |fast − exact| = {worst} at {points[worstIndex]}; tolerance {WindingTolerance}");
        Assert.True(insideCount > 100, $"only {insideCount} points were inside");
    }

    [Fact]
    public void SphereWithAHoleKeepsItsSignsAwayFromTheHole()
    {
        Vector3 hole = Center + new Vector3(1, 0, 0);
        (InputGeometry mesh, int removed) = Punch(TestShapes.Sphere(Center, 1f, 48, 24), hole, 0.15f);
        var sdf = new MeshSignedDistance(mesh.Positions, mesh.Triangles);
        Vector3[] points = [.. UniformPoints(Center, 2f, 2000, 41), .. ShellPoints(Center, 1f, 0.05f, 1000, 42)];
        var distances = new float[points.Length];

        sdf.Evaluate(points, distances);

        Assert.InRange(removed, 4, 20);
        int wrong = 0, checkedCount = 0;
        string firstWrong = "";
        for (int i = 0; i < points.Length; i++)
        {
            float exact = Sphere(points[i], Center, 1f);
            if (MathF.Abs(exact) <= FacetingTolerance || Vector3.Distance(points[i], hole) < 0.4f) continue;
            checkedCount++;
            if (MathF.Sign(distances[i]) != MathF.Sign(exact))
            {
                if (wrong++ == 0) firstWrong = $"{points[i]}: {distances[i]} vs {exact}, winding {sdf.WindingNumber(points[i])}";
            }
        }
        Assert.True(wrong == 0, $"{wrong} of {checkedCount} points away from the {removed}-triangle hole have the wrong sign; first {firstWrong}");
        float exactCentre = sdf.ExactWindingNumber(Center);
        Assert.True(exactCentre is > 0.98f and < 0.999f, $"exact winding number at the centre is {exactCentre}; the hole should cost only its small solid angle");
        Assert.True(MathF.Abs(sdf.WindingNumber(Center) - exactCentre) < WindingTolerance, $"fast winding number at the centre {sdf.WindingNumber(Center)}, exact {exactCentre}");
    }

    [Fact]
    public void FlippedSphereIsDetectedAndStillNegativeInside()
    {
        InputGeometry mesh = Flip(TestShapes.Sphere(Center, 1f, 48, 24));
        var sdf = new MeshSignedDistance(mesh.Positions, mesh.Triangles);
        Vector3[] points = UniformPoints(Center, 2f, 2000, 51);
        var distances = new float[points.Length];

        sdf.Evaluate(points, distances);

        Assert.True(sdf.WasInverted, $"signed volume {sdf.SignedVolume} should be negative for a clockwise sphere");
        Assert.True(sdf.Distance(Center) < -0.99f, $"centre distance {sdf.Distance(Center)}; expected about −1");
        for (int i = 0; i < points.Length; i++)
        {
            float exact = Sphere(points[i], Center, 1f);
            if (MathF.Abs(exact) <= FacetingTolerance) continue;
            Assert.True(MathF.Sign(distances[i]) == MathF.Sign(exact), $"point {i} {points[i]}: {distances[i]}, exact {exact}");
        }
    }

    [Fact]
    public void GradientsAreUnitAndMatchFiniteDifferencesOfTheDistance()
    {
        InputGeometry mesh = TorusAndSphere();
        var sdf = new MeshSignedDistance(mesh.Positions, mesh.Triangles);
        Vector3[] points = [.. UniformPoints(Vector3.Zero, 2.5f, 1500, 61), .. ShellPoints(new Vector3(0, 0, 2f), 0.4f, 0.05f, 500, 62)];
        var distances = new float[points.Length];
        var gradients = new Vector3[points.Length];

        sdf.Evaluate(points, distances, gradients);

        const float h = 1e-3f;
        int compared = 0;
        for (int i = 0; i < points.Length; i++)
        {
            Assert.True(distances[i] == sdf.Distance(points[i]), $"point {i}: {distances[i]} with gradients, {sdf.Distance(points[i])} without");
            Assert.True(MathF.Abs(gradients[i].Length() - 1) < 1e-4f, $"point {i} {points[i]}: |gradient| = {gradients[i].Length()}");
            float centre = sdf.Distance(points[i]);
            var forward = new Vector3(
                sdf.Distance(points[i] + h * Vector3.UnitX) - centre,
                sdf.Distance(points[i] + h * Vector3.UnitY) - centre,
                sdf.Distance(points[i] + h * Vector3.UnitZ) - centre) / h;
            var backward = new Vector3(
                centre - sdf.Distance(points[i] - h * Vector3.UnitX),
                centre - sdf.Distance(points[i] - h * Vector3.UnitY),
                centre - sdf.Distance(points[i] - h * Vector3.UnitZ)) / h;
            // Where the stencil straddles a kink (the medial axis, where the closest feature changes) the one-sided differences disagree.
            if (Vector3.Distance(forward, backward) > 0.01f) continue;
            Vector3 difference = (forward + backward) / 2;
            compared++;
            Assert.True(Vector3.Distance(gradients[i], difference) < 0.02f, $"point {i} {points[i]}: gradient {gradients[i]}, finite difference {difference}");
        }
        Assert.True(compared > 1800, $"only {compared} of {points.Length} points could be compared");
    }

    [Fact]
    public void GradientsPointOutwardOnAFlippedSphereAndVanishOnTheSurface()
    {
        InputGeometry mesh = Flip(TestShapes.Sphere(Center, 1f, 48, 24));
        var sdf = new MeshSignedDistance(mesh.Positions, mesh.Triangles);
        Vector3[] points = [.. UniformPoints(Center, 2f, 1000, 63), mesh.Positions[7]];
        var distances = new float[points.Length];
        var gradients = new Vector3[points.Length];

        sdf.Evaluate(points, distances, gradients);

        for (int i = 0; i < points.Length - 1; i++)
        {
            if (Vector3.Distance(points[i], Center) < 0.1f) continue; // the faceted sphere's centre region has no single direction
            Vector3 radial = Vector3.Normalize(points[i] - Center);
            Assert.True(Vector3.Dot(gradients[i], radial) > 0.99f, $"point {i} {points[i]} (distance {distances[i]}): gradient {gradients[i]}, radial {radial}");
        }
        Assert.Equal(0f, distances[^1]);
        Assert.Equal(Vector3.Zero, gradients[^1]);
        Assert.Throws<ArgumentException>(() => sdf.Evaluate(points, distances, new Vector3[points.Length - 1]));
    }

    [Fact]
    public void ZeroAreaTrianglesChangeNeitherDistancesNorSigns()
    {
        InputGeometry sphere = TestShapes.Sphere(Center, 1f, 24, 12);
        // Inside the sphere: a collinear sliver, a repeated-corner triangle (a segment) and a point triangle.
        Vector3[] extra = [Center + new Vector3(-0.5f, 0, 0), Center + new Vector3(0.5f, 0, 0), Center, Center + new Vector3(0, 0.3f, 0)];
        int n = sphere.VertexCount;
        var withSlivers = new InputGeometry("slivers (test)", [.. sphere.Positions, .. extra],
            [.. sphere.Triangles, n, n + 1, n + 2, n + 3, n + 3, n, n + 2, n + 2, n + 2], normals: null);
        var plain = new MeshSignedDistance(sphere.Positions, sphere.Triangles);
        var sdf = new MeshSignedDistance(withSlivers.Positions, withSlivers.Triangles);

        Assert.Equal(3, sdf.DegenerateTriangleCount);
        foreach (Vector3 p in UniformPoints(Center, 2f, 1000, 61))
        {
            float expectedMagnitude = MathF.Min(MathF.Abs(plain.Distance(p)), MathF.Min(
                Vector3.Distance(p, TriangleQueries.ClosestPointOnSegment(p, extra[0], extra[1])),
                Vector3.Distance(p, TriangleQueries.ClosestPointOnSegment(p, extra[3], extra[0]))));
            float actual = sdf.Distance(p);
            Assert.False(float.IsNaN(actual), $"NaN at {p}");
            Assert.True(MathF.Abs(MathF.Abs(actual) - expectedMagnitude) < 1e-5f, $"at {p}: |{actual}| vs {expectedMagnitude}");
            Assert.True(MathF.Sign(actual) == MathF.Sign(plain.Distance(p)) || expectedMagnitude < 1e-4f, $"at {p}: sign of {actual} differs from {plain.Distance(p)}");
        }
    }

    [Fact]
    public void BatchEvaluationInParallelEqualsOnePointAtATimeBitForBit()
    {
        InputGeometry mesh = TorusAndSphere();
        var sdf = new MeshSignedDistance(mesh.Positions, mesh.Triangles);
        Vector3[] points = UniformPoints(Vector3.Zero, 2.5f, 3 * ParallelBatch.ChunkSize + 17, 71);
        var distances = new float[points.Length];

        sdf.Evaluate(points, distances);

        for (int i = 0; i < points.Length; i++) Assert.Equal(sdf.Distance(points[i]), distances[i]);
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheCounts()
    {
        Vector3[] positions = [Vector3.Zero, Vector3.UnitX, Vector3.UnitY];
        var sdf = new MeshSignedDistance(positions, [0, 1, 2]);

        var lengths = Assert.Throws<ArgumentException>(() => sdf.Evaluate(positions, new float[2]));
        Assert.Contains("2 values for 3 points", lengths.Message);
        Assert.Throws<ArgumentException>(() => new MeshSignedDistance(positions, [0, 1, 3]));
        Assert.Throws<ArgumentException>(() => new MeshSignedDistance(positions, []));
        Assert.True(float.IsNaN(sdf.Distance(new Vector3(float.NaN, 0, 0))));
    }

    private static InputGeometry TorusAndSphere() =>
        Merge(TestShapes.Torus(Vector3.Zero, 1f, 0.35f, 48, 24), TestShapes.Sphere(new Vector3(0, 0, 2f), 0.4f, 24, 12));

    /// <summary>Exact SDF of the torus-and-sphere scene; the sphere sits beside the torus (z from 1.6 to 2.4,
    /// the torus reaches z = 1.35), touching nothing.</summary>
    private static float SceneSdf(Vector3 p) =>
        MathF.Min(Torus(p, Vector3.Zero, 1f, 0.35f), Sphere(p, new Vector3(0, 0, 2f), 0.4f));

    private static float BruteForceDistance(InputGeometry mesh, Vector3 p)
    {
        float best = float.PositiveInfinity;
        for (int t = 0; t < mesh.Triangles.Length; t += 3)
        {
            Vector3 a = mesh.Positions[mesh.Triangles[t]], b = mesh.Positions[mesh.Triangles[t + 1]], c = mesh.Positions[mesh.Triangles[t + 2]];
            best = MathF.Min(best, Vector3.Distance(p, TriangleQueries.ClosestPoint(p, a, b, c)));
        }
        return best;
    }
}
