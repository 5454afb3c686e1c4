using System.Numerics;

namespace NeuralSdf.Runtime.Tests.Meshing;

public class MarchingCubesTests
{
    private static readonly BoundingBox UnitBox = new(new Vector3(-1), new Vector3(1));

    private static SampleBatch Sphere(Vector3 center, float radius) => (points, distances) =>
    {
        for (int n = 0; n < points.Length; n++) distances[n] = Vector3.Distance(points[n], center) - radius;
    };

    private static SampleBatch Torus(float major, float minor) => (points, distances) =>
    {
        for (int n = 0; n < points.Length; n++)
        {
            Vector3 p = points[n];
            float ring = MathF.Sqrt(p.X * p.X + p.Z * p.Z) - major;
            distances[n] = MathF.Sqrt(ring * ring + p.Y * p.Y) - minor;
        }
    };

    [Theory]
    [InlineData(40, 0f, 0f, 0f)]
    [InlineData(40, 0.13f, -0.07f, 0.05f)]
    [InlineData(17, 0.13f, -0.07f, 0.05f)]
    public void SphereIsAClosedOutwardSphere(int resolution, float cx, float cy, float cz)
    {
        const float radius = 0.7f;
        var center = new Vector3(cx, cy, cz);
        TriangleMesh mesh = MarchingCubes.Extract(SdfGrid.Sample(UnitBox, resolution, Sphere(center, radius)));

        Assert.True(mesh.TriangleCount > 100, $"only {mesh.TriangleCount} triangles");
        Assert.Equal("", MeshMeasures.OpenOrNonManifoldEdges(mesh));
        Assert.Equal(0, MeshMeasures.RepeatedDirectedEdges(mesh));
        Assert.Equal(2, MeshMeasures.EulerCharacteristic(mesh));

        // Linear interpolation of |p − c| − r along an edge of length h misplaces the crossing by O(h²/r); allow
        // h²/(2r): 0.0018 (0.26 % of r) at h = 0.05, 0.0099 (1.4 %) at h = 0.118. Measured worst: 0.0004 and
        // 0.0024. Placing vertices at edge midpoints instead would be off by up to h/2 and fail.
        float h = 2f / resolution;
        float tolerance = h * h / (2 * radius);
        float worst = mesh.Positions.Max(p => MathF.Abs(Vector3.Distance(p, center) - radius));
        Assert.True(worst <= tolerance, $"a vertex is {worst:G4} from the sphere; allowed {tolerance:G4}");

        double exact = 4.0 / 3.0 * Math.PI * radius * radius * radius;
        double volume = MeshMeasures.SignedVolume(mesh);
        Assert.True(volume > 0, $"signed volume {volume:G6} is not positive: triangles face inward");
        Assert.True(Math.Abs(volume - exact) <= 0.02 * exact, $"volume {volume:G6}, exact {exact:G6}, off by {(volume - exact) / exact:P2}; allowed 2 %");

        // Every triangle of any size faces away from the centre.
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            Vector3 normal = MeshMeasures.TriangleNormal(mesh, t);
            if (normal.Length() < 1e-9f) continue;
            Vector3 toTriangle = mesh.Positions[mesh.Indices[3 * t]] - center;
            Assert.True(Vector3.Dot(normal, toTriangle) > 0, $"triangle {t} faces inward: normal {normal}, position {toTriangle}");
        }
    }

    [Fact]
    public void TorusIsClosedWithEulerCharacteristicZero()
    {
        const float major = 0.6f, minor = 0.25f;
        TriangleMesh mesh = MarchingCubes.Extract(SdfGrid.Sample(UnitBox, 40, Torus(major, minor)));

        Assert.Equal("", MeshMeasures.OpenOrNonManifoldEdges(mesh));
        Assert.Equal(0, MeshMeasures.RepeatedDirectedEdges(mesh));
        Assert.Equal(0, MeshMeasures.EulerCharacteristic(mesh));
        double exact = 2 * Math.PI * Math.PI * major * minor * minor;
        double volume = MeshMeasures.SignedVolume(mesh);
        Assert.True(Math.Abs(volume - exact) <= 0.03 * exact, $"volume {volume:G6}, exact {exact:G6}, off by {(volume - exact) / exact:P2}; allowed 3 %");
    }

    [Fact]
    public void NonCubicBoxGetsProportionalCountsAndASurfaceOpenOnlyAtItsBorder()
    {
        // 2 × 1 × 0.5; the sphere (radius 0.4) pokes out through the z faces at ±0.25, so the mesh is open there.
        var box = new BoundingBox(new Vector3(-1, -0.5f, -0.25f), new Vector3(1, 0.5f, 0.25f));
        const float radius = 0.4f;
        SdfGrid grid = SdfGrid.Sample(box, 40, Sphere(Vector3.Zero, radius));
        Assert.Equal((41, 21, 11), (grid.CountX, grid.CountY, grid.CountZ));

        TriangleMesh mesh = MarchingCubes.Extract(grid);
        Assert.True(mesh.TriangleCount > 100, $"only {mesh.TriangleCount} triangles");
        float slack = 1e-6f;
        foreach (Vector3 p in mesh.Positions)
        {
            Assert.True(p.X >= box.Min.X - slack && p.Y >= box.Min.Y - slack && p.Z >= box.Min.Z - slack
                && p.X <= box.Max.X + slack && p.Y <= box.Max.Y + slack && p.Z <= box.Max.Z + slack,
                $"vertex {p} is outside the box {box}");
            // Spacing is 0.05 on every axis; h²/(2r) as in the sphere test.
            Assert.True(MathF.Abs(p.Length() - radius) <= 0.05f * 0.05f / (2 * radius), $"vertex {p} is {p.Length() - radius:G4} from the sphere");
        }

        int borderEdges = 0;
        foreach (var (edge, use) in MeshMeasures.EdgeUse(mesh))
        {
            Assert.True(use is 1 or 2, $"edge {edge} is used by {use} triangles");
            if (use == 1)
            {
                borderEdges++;
                Vector3 a = mesh.Positions[edge.Item1], b = mesh.Positions[edge.Item2];
                bool onZFace = (a.Z == box.Min.Z && b.Z == box.Min.Z) || (a.Z == box.Max.Z && b.Z == box.Max.Z);
                Assert.True(onZFace, $"open edge {a}–{b} is not on a z face of the box");
            }
        }
        Assert.True(borderEdges > 0, "the surface cut by the box should be open at the z faces");
        Assert.Equal(0, MeshMeasures.RepeatedDirectedEdges(mesh));
    }

    [Fact]
    public void PlaneThroughSampleLayerIsOneFlatUpwardLayer()
    {
        // Values are exact small integers, so the middle layer of samples is exactly 0 (outside, as 0 is not below 0).
        var grid = new SdfGrid(UnitBox, 9, 9, 9);
        for (int k = 0; k < 9; k++)
            for (int j = 0; j < 9; j++)
                for (int i = 0; i < 9; i++)
                    grid[i, j, k] = k - 4;

        TriangleMesh mesh = MarchingCubes.Extract(grid);

        Assert.Equal(2 * 8 * 8, mesh.TriangleCount);
        Assert.All(mesh.Positions, p => Assert.Equal(0f, p.Z));
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            Vector3 normal = MeshMeasures.TriangleNormal(mesh, t);
            Assert.True(normal.Z > 0 && normal.X == 0 && normal.Y == 0, $"triangle {t} has normal {normal}, expected +z");
        }
    }

    [Fact]
    public void DiagonalPlaneWithZerosAtSamplesGivesFiniteUpwardTriangles()
    {
        // f = i + j + k − 12 in sample units: zero exactly at many samples, so many crossings land on a sample
        // and several vertices coincide. Zero-area triangles are allowed; NaN and wrong-facing ones are not.
        var box = new BoundingBox(Vector3.Zero, new Vector3(8));
        var grid = new SdfGrid(box, 9, 9, 9);
        for (int k = 0; k < 9; k++)
            for (int j = 0; j < 9; j++)
                for (int i = 0; i < 9; i++)
                    grid[i, j, k] = i + j + k - 12;

        TriangleMesh mesh = MarchingCubes.Extract(grid);

        Assert.True(mesh.TriangleCount > 0);
        Assert.Equal(0, MeshMeasures.RepeatedDirectedEdges(mesh));
        foreach (Vector3 p in mesh.Positions)
        {
            Assert.True(float.IsFinite(p.X) && float.IsFinite(p.Y) && float.IsFinite(p.Z), $"vertex {p} is not finite");
            Assert.True(MathF.Abs(p.X + p.Y + p.Z - 12) <= 1e-4f, $"vertex {p} is off the plane x + y + z = 12");
        }
        var up = Vector3.Normalize(Vector3.One);
        int flat = 0;
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            Vector3 normal = MeshMeasures.TriangleNormal(mesh, t);
            if (normal.Length() < 1e-6f) { flat++; continue; }
            Assert.True(Vector3.Dot(Vector3.Normalize(normal), up) > 0.999f, $"triangle {t} has normal {normal}");
        }
        Assert.True(flat < mesh.TriangleCount, "every triangle is degenerate");
    }

    [Fact]
    public void IsoLevelSelectsAnOffsetSurface()
    {
        const float radius = 0.5f, iso = 0.2f;
        TriangleMesh mesh = MarchingCubes.Extract(SdfGrid.Sample(UnitBox, 40, Sphere(Vector3.Zero, radius)), iso);
        float worst = mesh.Positions.Max(p => MathF.Abs(p.Length() - (radius + iso)));
        Assert.True(worst <= 0.01f * (radius + iso), $"a vertex is {worst:G4} from the offset sphere of radius {radius + iso}");
        Assert.True(MeshMeasures.SignedVolume(mesh) > 0);
    }

    /// <summary>
    /// Every one of the 256 cell cases, alone in the middle of a 3×3×3-cell grid whose border is outside: the
    /// result must be closed, consistently oriented and enclose a positive volume. This checks the case tables
    /// exhaustively, ambiguous faces included.
    /// </summary>
    [Fact]
    public void EveryCellCaseAloneGivesAClosedOutwardSurface()
    {
        var failures = new List<string>();
        for (int caseIndex = 1; caseIndex < 256; caseIndex++)
        {
            var grid = new SdfGrid(UnitBox, 4, 4, 4);
            Array.Fill(grid.Values, 1f);
            for (int corner = 0; corner < 8; corner++)
            {
                if ((caseIndex >> corner & 1) != 0)
                    grid[1 + (corner & 1), 1 + (corner >> 1 & 1), 1 + (corner >> 2 & 1)] = -1f;
            }
            TriangleMesh mesh = MarchingCubes.Extract(grid);
            string open = MeshMeasures.OpenOrNonManifoldEdges(mesh);
            int repeated = MeshMeasures.RepeatedDirectedEdges(mesh);
            double volume = MeshMeasures.SignedVolume(mesh);
            if (open != "" || repeated != 0 || !(volume > 0))
                failures.Add($"case {caseIndex}: {open} repeated directed edges {repeated}, volume {volume:G4}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomFieldInsideAnOutsideBorderGivesAClosedOrientedSurface(int seed)
    {
        // Noise at every sample makes ambiguous faces and cells common; neighbouring cells must still agree.
        var random = new Random(seed);
        var grid = new SdfGrid(UnitBox, 14, 13, 12);
        for (int k = 0; k < grid.CountZ; k++)
            for (int j = 0; j < grid.CountY; j++)
                for (int i = 0; i < grid.CountX; i++)
                {
                    bool border = i == 0 || j == 0 || k == 0 || i == grid.CountX - 1 || j == grid.CountY - 1 || k == grid.CountZ - 1;
                    grid[i, j, k] = border ? 1f : (float)(random.NextDouble() * 2 - 1);
                }

        TriangleMesh mesh = MarchingCubes.Extract(grid);

        Assert.True(mesh.TriangleCount > 1000, $"only {mesh.TriangleCount} triangles");
        Assert.Equal("", MeshMeasures.OpenOrNonManifoldEdges(mesh));
        Assert.Equal(0, MeshMeasures.RepeatedDirectedEdges(mesh));
        Assert.Equal(0, MeshMeasures.EulerCharacteristic(mesh) % 2);
        Assert.True(MeshMeasures.SignedVolume(mesh) > 0);
    }

    [Fact]
    public void GridWithoutACrossingGivesAnEmptyMesh()
    {
        var grid = new SdfGrid(UnitBox, 5, 5, 5);
        Array.Fill(grid.Values, 0.5f);
        Assert.Equal(0, MarchingCubes.Extract(grid).TriangleCount);
        Array.Fill(grid.Values, -0.5f);
        Assert.Equal(0, MarchingCubes.Extract(grid).TriangleCount);
    }

    [Fact]
    public void NonFiniteSampleIsRefusedWithItsPosition()
    {
        var grid = new SdfGrid(UnitBox, 5, 5, 5);
        grid[1, 2, 3] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => MarchingCubes.Extract(grid));
        Assert.Contains("(1, 2, 3)", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => MarchingCubes.Extract(new SdfGrid(UnitBox, 2, 2, 2), float.NaN));
    }
}
