using System.Numerics;
using NeuralSdf.Training.Supervision;

namespace NeuralSdf.Training.Tests.Supervision;

/// <summary>Closest point on a triangle and solid angle, against dense sampling and closed forms.</summary>
public sealed class TriangleQueriesTests
{
    [Fact]
    public void ClosestPointIsOnTheTriangleAndNoFartherThanAnyOfADenseSampleOfIt()
    {
        var random = new Random(3);
        const int grid = 160; // samples per edge; the sample nearest any point of the triangle is within edge/grid
        for (int trial = 0; trial < 200; trial++)
        {
            Vector3 a = RandomVector(random), b = RandomVector(random), c = RandomVector(random);
            if (TriangleQueries.IsDegenerate(a, b, c)) continue;
            Vector3 p = 2 * RandomVector(random);

            Vector3 closest = TriangleQueries.ClosestPoint(p, a, b, c);
            float distance = Vector3.Distance(p, closest);

            float sampled = float.PositiveInfinity;
            for (int i = 0; i <= grid; i++)
            {
                for (int j = 0; i + j <= grid; j++)
                {
                    Vector3 s = a + (b - a) * (i / (float)grid) + (c - a) * (j / (float)grid);
                    sampled = MathF.Min(sampled, Vector3.Distance(p, s));
                }
            }
            float longest = MathF.Max(Vector3.Distance(a, b), MathF.Max(Vector3.Distance(b, c), Vector3.Distance(c, a)));
            Assert.True(distance <= sampled + 1e-5f,
                $"trial {trial}: Ericson distance {distance} exceeds the sampled minimum {sampled} (p {p}, triangle {a} {b} {c})");
            Assert.True(distance >= sampled - longest / grid,
                $"trial {trial}: Ericson distance {distance} is below the sampled minimum {sampled} by more than the grid step {longest / grid}");
            Assert.True(DistanceToPlaneAndInside(closest, a, b, c), $"trial {trial}: closest point {closest} is not on the triangle");
        }
    }

    [Fact]
    public void DegenerateTrianglesAreTheirEdgesAndNeverNaN()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 100; trial++)
        {
            Vector3 a = RandomVector(random), b = RandomVector(random);
            Vector3 p = 2 * RandomVector(random);
            // Collinear (c between a and b), a repeated corner, and a point triangle.
            (Vector3, Vector3, Vector3)[] triangles = [(a, b, Vector3.Lerp(a, b, 0.3f)), (a, a, b), (a, a, a)];
            foreach ((Vector3 x, Vector3 y, Vector3 z) in triangles)
            {
                Assert.True(TriangleQueries.IsDegenerate(x, y, z), $"{x} {y} {z} should count as degenerate");
                Vector3 closest = TriangleQueries.ClosestPointOnEdges(p, x, y, z);
                Vector3 expected = TriangleQueries.ClosestPointOnSegment(p, x == y && y == z ? x : a, x == y && y == z ? x : b);
                Assert.True(Vector3.Distance(closest, expected) < 1e-5f, $"trial {trial}: closest {closest}, expected {expected} on segment {a}–{b}");
                Assert.False(float.IsNaN(TriangleQueries.ClosestPoint(p, x, y, z).X), $"trial {trial}: Ericson's path gave NaN for {x} {y} {z}");
            }
        }
    }

    [Fact]
    public void SolidAngleOfAnOctantFaceSeenFromTheCornerIsAnEighthOfTheSphereAndSignedByTheWinding()
    {
        Vector3 x = Vector3.UnitX, y = Vector3.UnitY, z = Vector3.UnitZ;
        // (y − x) × (z − x) points along +(1,1,1), away from the origin: the origin sees the back, positive.
        Assert.Equal(4 * MathF.PI / 8, TriangleQueries.SolidAngle(Vector3.Zero, x, y, z), 5);
        Assert.Equal(-4 * MathF.PI / 8, TriangleQueries.SolidAngle(Vector3.Zero, x, z, y), 5);
        // A far query sees about area·cosine/distance²: the dipole term the hierarchy uses.
        Vector3 far = new(-30, -40, -50);
        Vector3 areaNormal = 0.5f * Vector3.Cross(y - x, z - x);
        Vector3 centroid = (x + y + z) / 3;
        float dipole = Vector3.Dot(centroid - far, areaNormal) / MathF.Pow(Vector3.Distance(centroid, far), 3);
        Assert.Equal(dipole, TriangleQueries.SolidAngle(far, x, y, z), 1e-6f);
    }

    private static Vector3 RandomVector(Random random) =>
        new(random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1);

    private static bool DistanceToPlaneAndInside(Vector3 p, Vector3 a, Vector3 b, Vector3 c)
    {
        Vector3 n = Vector3.Normalize(Vector3.Cross(b - a, c - a));
        if (MathF.Abs(Vector3.Dot(p - a, n)) > 1e-5f) return false;
        // Barycentric coordinates must all be ≥ 0 (with rounding slack).
        float area = Vector3.Dot(Vector3.Cross(b - a, c - a), n);
        float u = Vector3.Dot(Vector3.Cross(c - b, p - b), n) / area;
        float v = Vector3.Dot(Vector3.Cross(a - c, p - c), n) / area;
        float w = 1 - u - v;
        return u >= -1e-4f && v >= -1e-4f && w >= -1e-4f;
    }
}
