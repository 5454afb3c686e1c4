using System.Numerics;
using Xunit.Abstractions;

namespace NeuralSdf.Runtime.Tests.Meshing;

public class MeshExtractorTests(ITestOutputHelper output)
{
    private static readonly BoundingBox UnitBox = new(new Vector3(-1), new Vector3(1));
    private static readonly MeshExtractionOptions NarrowRaw = new() { CleanUp = false };
    private static readonly MeshExtractionOptions DenseRaw = new() { CleanUp = false, Dense = true };

    public static TheoryData<string, int> ShapesAndResolutions => new()
    {
        { "sphere", 37 }, { "sphere", 64 }, { "sphere", 100 },
        { "torus", 37 }, { "torus", 64 }, { "torus", 100 },
        { "two spheres", 64 }, { "two spheres", 100 },
    };

    /// <summary>Off-centre shapes, so no symmetry of the grid hides a mistake; all exact signed distances.</summary>
    private static (SampleBatch Sdf, int Euler) Shape(string name) => name switch
    {
        "sphere" => (AnalyticSdfs.Sphere(new Vector3(0.13f, -0.07f, 0.05f), 0.7f), 2),
        "torus" => (AnalyticSdfs.Torus(new Vector3(0.02f, 0.11f, -0.06f), 0.6f, 0.25f), 0),
        "two spheres" => (AnalyticSdfs.Union(
            AnalyticSdfs.Sphere(new Vector3(-0.45f, -0.31f, 0.12f), 0.4f),
            AnalyticSdfs.Sphere(new Vector3(0.52f, 0.37f, -0.2f), 0.3f)), 4),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(ShapesAndResolutions))]
    public void NarrowBandGivesTheDenseTrianglesAsAClosedManifold(string shape, int resolution)
    {
        var (sdf, euler) = Shape(shape);
        TriangleMesh dense = MeshExtractor.Extract(sdf, UnitBox, resolution, DenseRaw, out var denseStats);
        TriangleMesh narrow = MeshExtractor.Extract(sdf, UnitBox, resolution, NarrowRaw, out var narrowStats);
        output.WriteLine($"{shape} at {resolution}: {narrow.TriangleCount:N0} triangles; evaluated {narrowStats.EvaluatedPoints:N0} of {denseStats.GridSamples:N0} ({narrowStats.EvaluatedFraction:P1})");

        Assert.True(dense.TriangleCount > 100, $"the dense mesh has only {dense.TriangleCount} triangles");
        AssertSameTriangles(dense, narrow);
        Assert.Equal(dense.Positions.Length, narrow.Positions.Length);
        Assert.Equal("", MeshMeasures.OpenOrNonManifoldEdges(narrow));
        Assert.Equal(0, MeshMeasures.RepeatedDirectedEdges(narrow));
        Assert.Equal(euler, MeshMeasures.EulerCharacteristic(narrow));
        Assert.Equal(MeshMeasures.EulerCharacteristic(dense), MeshMeasures.EulerCharacteristic(narrow));
        Assert.Equal(denseStats.GridSamples, narrowStats.GridSamples);
    }

    [Theory]
    [InlineData("sphere")]
    [InlineData("torus")]
    [InlineData("two spheres")]
    public void NarrowBandEvaluatesUnderAQuarterOfTheGridAtResolution128(string shape)
    {
        MeshExtractor.Extract(Shape(shape).Sdf, UnitBox, 128, NarrowRaw, out var stats);
        Assert.Equal(129L * 129 * 129, stats.GridSamples);
        Assert.True(stats.EvaluatedFraction < 0.25,
            $"{shape}: evaluated {stats.EvaluatedPoints:N0} of {stats.GridSamples:N0} samples ({stats.EvaluatedFraction:P1}); allowed under 25 %");
        output.WriteLine($"{shape}: {stats.EvaluatedPoints:N0} of {stats.GridSamples:N0} ({stats.EvaluatedFraction:P1}), {stats.MarchedCells:N0} cells marched");
    }

    [Fact]
    public void EveryPointIsAGridSampleEvaluatedOnceInBoundedBatches()
    {
        var box = new BoundingBox(new Vector3(-1, -0.6f, -0.8f), new Vector3(1.2f, 0.7f, 0.9f));
        SampleBatch sphere = AnalyticSdfs.Sphere(new Vector3(0.1f, 0.05f, 0.02f), 0.55f);
        var seen = new HashSet<Vector3>();
        var batchSizes = new List<int>();
        int repeats = 0;
        SampleBatch counting = (points, distances) =>
        {
            batchSizes.Add(points.Length);
            foreach (Vector3 p in points) if (!seen.Add(p)) repeats++;
            sphere(points, distances);
        };

        MeshExtractor.Extract(counting, box, 150, NarrowRaw, out var stats);

        Assert.Equal(0, repeats);
        Assert.Equal(stats.EvaluatedPoints, seen.Count);
        Assert.All(batchSizes, size => Assert.InRange(size, 1, SdfGrid.MaxBatchSize));
        var grid = new SdfGrid(box, stats.SamplesX, stats.SamplesY, stats.SamplesZ);
        var xs = Enumerable.Range(0, grid.CountX).Select(i => grid.PointAt(i, 0, 0).X).ToHashSet();
        var ys = Enumerable.Range(0, grid.CountY).Select(j => grid.PointAt(0, j, 0).Y).ToHashSet();
        var zs = Enumerable.Range(0, grid.CountZ).Select(k => grid.PointAt(0, 0, k).Z).ToHashSet();
        Assert.All(seen, p => Assert.True(xs.Contains(p.X) && ys.Contains(p.Y) && zs.Contains(p.Z), $"{p} is not a grid sample"));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(100)]
    public void SurfaceCutByTheBoxComesOutOpenAtTheBorderLikeTheDenseOne(int resolution)
    {
        // 2 × 1 × 0.5; the sphere (radius 0.4) pokes out through the z faces at ±0.25.
        var box = new BoundingBox(new Vector3(-1, -0.5f, -0.25f), new Vector3(1, 0.5f, 0.25f));
        SampleBatch sphere = AnalyticSdfs.Sphere(new Vector3(0.03f, -0.02f, 0.01f), 0.4f);
        TriangleMesh dense = MeshExtractor.Extract(sphere, box, resolution, DenseRaw, out _);
        TriangleMesh narrow = MeshExtractor.Extract(sphere, box, resolution, NarrowRaw, out _);

        AssertSameTriangles(dense, narrow);
        int borderEdges = 0;
        foreach (var (edge, use) in MeshMeasures.EdgeUse(narrow))
        {
            Assert.True(use is 1 or 2, $"edge {edge} is used by {use} triangles");
            if (use != 1) continue;
            borderEdges++;
            Vector3 a = narrow.Positions[edge.Item1], b = narrow.Positions[edge.Item2];
            bool onZFace = (a.Z == box.Min.Z && b.Z == box.Min.Z) || (a.Z == box.Max.Z && b.Z == box.Max.Z);
            Assert.True(onZFace, $"open edge {a}–{b} is not on a z face of the box");
        }
        Assert.True(borderEdges > 0, "the surface cut by the box should be open at the z faces");
        Assert.Equal(0, MeshMeasures.RepeatedDirectedEdges(narrow));
    }

    [Fact]
    public void LongBoxUsesTheLargestBlocksAcrossManySlabs()
    {
        // 512 cells along z (64-cell top blocks, so eight slabs with boundaries every 0.5 from z = −2), 32 along
        // x and y (every block clipped). Three spheres along z: one inside a slab, one across the boundary at
        // z = 0.5, and one across z = 1.5 that also pokes out through the x and y faces.
        var box = new BoundingBox(new Vector3(-0.125f, -0.125f, -2f), new Vector3(0.125f, 0.125f, 2f));
        SampleBatch spheres = AnalyticSdfs.Union(
            AnalyticSdfs.Union(
                AnalyticSdfs.Sphere(new Vector3(0.01f, -0.02f, -1.2f), 0.09f),
                AnalyticSdfs.Sphere(new Vector3(-0.015f, 0.01f, 0.503f), 0.1f)),
            AnalyticSdfs.Sphere(new Vector3(0.004f, 0.003f, 1.41f), 0.14f));
        TriangleMesh dense = MeshExtractor.Extract(spheres, box, 512, DenseRaw, out var denseStats);
        TriangleMesh narrow = MeshExtractor.Extract(spheres, box, 512, NarrowRaw, out var stats);

        Assert.Equal((33, 33, 513), (stats.SamplesX, stats.SamplesY, stats.SamplesZ));
        Assert.True(dense.TriangleCount > 1000, $"the dense mesh has only {dense.TriangleCount} triangles");
        AssertSameTriangles(dense, narrow);
        output.WriteLine($"{narrow.TriangleCount:N0} triangles; evaluated {stats.EvaluatedPoints:N0} of {denseStats.GridSamples:N0} ({stats.EvaluatedFraction:P1})");
    }

    [Fact]
    public void ThinFeatureWithASteepDistanceSurvivesThanksToTheSafetyFactor()
    {
        // A sphere of radius 1.5 fine cells, 2.5 cells from a corner shared by eight 16-cell top-level blocks, and
        // a distance 1.9 times too steep (|∇f| = 1.9). Every block around it sees |f(centre)| ≈ 16 cells against a
        // reach of 13.9 cells: an exact-SDF bound (1) drops it, the default factor (2) keeps it.
        const int resolution = 128;
        float h = 2f / resolution;
        var center = new Vector3(0.25f - 2.3f * h, -0.5f + 2.7f * h, 0.25f - 2.1f * h);
        SampleBatch steep = AnalyticSdfs.Steeper(AnalyticSdfs.Sphere(center, 1.5f * h), 1.9f);

        TriangleMesh dense = MeshExtractor.Extract(steep, UnitBox, resolution, DenseRaw, out _);
        TriangleMesh narrow = MeshExtractor.Extract(steep, UnitBox, resolution, NarrowRaw, out var stats);
        TriangleMesh exactBound = MeshExtractor.Extract(steep, UnitBox, resolution, NarrowRaw with { LipschitzBound = 1f }, out _);

        Assert.True(dense.TriangleCount >= 8, $"the dense grid should see the small sphere; it gave {dense.TriangleCount} triangles");
        AssertSameTriangles(dense, narrow);
        Assert.Equal("", MeshMeasures.OpenOrNonManifoldEdges(narrow));
        Assert.True(exactBound.TriangleCount < dense.TriangleCount,
            $"with Lipschitz bound 1 the steep sphere should be (at least partly) lost, which is what the safety factor is for; it gave {exactBound.TriangleCount} of {dense.TriangleCount} triangles");
        output.WriteLine($"{dense.TriangleCount} triangles; bound 1 kept {exactBound.TriangleCount}; evaluated {stats.EvaluatedPoints:N0}");
    }

    [Fact]
    public void RandomSirenModelGivesTheDenseTriangles()
    {
        // A random SIREN is no signed distance: its values are small next to the cells and its zero set is wavy
        // and everywhere, so the narrow band prunes almost nothing. It still exercises the real evaluator and a
        // surface crossing every slab boundary many times.
        SdfModel model = TestModels.RandomSiren(3, 64, 64, 64);
        TriangleMesh dense = MeshExtractor.Extract(model, 48, DenseRaw, out var denseStats);
        TriangleMesh narrow = MeshExtractor.Extract(model, 48, NarrowRaw, out var narrowStats);

        Assert.True(dense.TriangleCount > 100, $"the random SIREN has only {dense.TriangleCount} triangles in its bounds");
        AssertSameTriangles(dense, narrow);
        output.WriteLine($"{narrow.TriangleCount:N0} triangles; evaluated {narrowStats.EvaluatedPoints:N0} of {denseStats.GridSamples:N0} ({narrowStats.EvaluatedFraction:P1})");
    }

    [Fact]
    public void ExtractWithCleanUpMatchesTheDensePathWithCleanUp()
    {
        SampleBatch sdf = Shape("two spheres").Sdf;
        TriangleMesh dense = MeshExtractor.Extract(sdf, UnitBox, 64, DenseRaw with { CleanUp = true }, out _);
        TriangleMesh narrow = MeshExtractor.Extract(sdf, UnitBox, 64, new MeshExtractionOptions(), out _);
        AssertSameTriangles(dense, narrow);
    }

    [Fact]
    public void ModelOverloadSamplesTheInflatedBoundsAndMatchesTheDensePath()
    {
        SdfModel model = TestModels.RandomSiren(5, 16, 16);
        TriangleMesh plain = MeshExtractor.Extract(model, 24, cleanUp: false);
        TriangleMesh dense = MeshExtractor.Extract(model, 24, DenseRaw, out var stats);
        BoundingBox box = model.Bounds.Inflate(MeshExtractor.BoundsMargin * model.Bounds.Diagonal);

        Assert.Equal(SdfGrid.SampleCounts(box, 24), (stats.SamplesX, stats.SamplesY, stats.SamplesZ));
        AssertSameTriangles(dense, plain);
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheValue()
    {
        SampleBatch sphere = AnalyticSdfs.Sphere(Vector3.Zero, 0.5f);
        var tooLow = Assert.Throws<ArgumentOutOfRangeException>(() => MeshExtractor.Extract(sphere, UnitBox, 1, NarrowRaw, out _));
        Assert.Contains("got 1", tooLow.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => MeshExtractor.Extract(sphere, UnitBox, MeshExtractor.MaxResolution + 1, NarrowRaw, out _));
        var bound = Assert.Throws<ArgumentOutOfRangeException>(() => MeshExtractor.Extract(sphere, UnitBox, 16, NarrowRaw with { LipschitzBound = 0.5f }, out _));
        Assert.Contains("0.5", bound.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => MeshExtractor.Extract(sphere, UnitBox, 16, NarrowRaw with { LipschitzBound = float.NaN }, out _));
        Assert.Throws<ArgumentException>(() => MeshExtractor.Extract(sphere, new BoundingBox(Vector3.Zero, new Vector3(1, 0, 1)), 16, NarrowRaw, out _));
    }

    [Fact]
    public void NonFiniteDistanceNamesThePoint()
    {
        SampleBatch broken = (points, distances) =>
        {
            for (int n = 0; n < points.Length; n++) distances[n] = points[n].X > 0.5f ? float.NaN : points[n].Length() - 0.5f;
        };
        var error = Assert.Throws<ArgumentException>(() => MeshExtractor.Extract(broken, UnitBox, 16, NarrowRaw, out _));
        Assert.Contains("NaN", error.Message);
    }

    /// <summary>Same triangles at the same positions (to 1e-6), whatever the vertex numbering and triangle order.</summary>
    private static void AssertSameTriangles(TriangleMesh expected, TriangleMesh actual)
    {
        Assert.True(expected.TriangleCount == actual.TriangleCount,
            $"the narrow band gave {actual.TriangleCount:N0} triangles, the dense grid {expected.TriangleCount:N0}");
        var a = MeshMeasures.CanonicalTriangles(expected);
        var b = MeshMeasures.CanonicalTriangles(actual);
        for (int t = 0; t < a.Count; t++)
        {
            float error = MathF.Max(Vector3.Distance(a[t].A, b[t].A), MathF.Max(Vector3.Distance(a[t].B, b[t].B), Vector3.Distance(a[t].C, b[t].C)));
            Assert.True(error <= 1e-6f, $"sorted triangle {t} differs by {error:G3}: dense {a[t]}, narrow band {b[t]}");
        }
    }
}
