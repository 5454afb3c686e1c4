using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;

namespace NeuralSdf.Training.Tests.Supervision;

public class SurfaceClosureTests
{
    /// <summary>A unit cube's six faces as twelve outward triangles, each with its own three corners (as an STL has them), less <paramref name="missingFaces"/>.</summary>
    private static InputGeometry Cube(int missingFaces = 0)
    {
        Vector3[] corner = [new(0, 0, 0), new(1, 0, 0), new(1, 1, 0), new(0, 1, 0), new(0, 0, 1), new(1, 0, 1), new(1, 1, 1), new(0, 1, 1)];
        int[][] faces = [[0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [2, 3, 7, 6], [1, 2, 6, 5], [0, 4, 7, 3]];
        var positions = new List<Vector3>();
        foreach (int[] f in faces.Skip(missingFaces))
        {
            foreach (int k in new[] { f[0], f[1], f[2], f[0], f[2], f[3] }) positions.Add(corner[k]);
        }
        return new InputGeometry("cube.stl", positions.ToArray(), Enumerable.Range(0, positions.Count).ToArray(), null);
    }

    private static InputGeometry Quad() =>
        new("quad.obj", [new(-1, 0, -1), new(1, 0, -1), new(1, 0, 1), new(-1, 0, 1)], [0, 1, 2, 0, 2, 3], null);

    private static SurfaceClosure Measure(InputGeometry mesh)
    {
        var field = new MeshSignedDistance(mesh.Positions, mesh.Triangles);
        // The domain a fit sees: [−1, 1]³ in normalized units, the mesh's longest side spanning 90 % of it.
        SdfNormalization normalization = SdfNormalization.Fit(mesh.Bounds, 0.9f);
        return SurfaceClosure.Measure(mesh, field, new BoundingBox(normalization.ToWorld(-Vector3.One), normalization.ToWorld(Vector3.One)));
    }

    [Fact]
    public void AClosedCubeWithSplitCornersIsClosedAndFitsTheSolid()
    {
        SurfaceClosure closure = Measure(Cube());
        Assert.Equal((0, 0, 0), (closure.BoundaryEdges, closure.NonManifoldEdges, closure.Holes));
        Assert.False(closure.IsOpen);
        Assert.True(closure.AmbiguousSpace < 0.005, $"undecided share {closure.AmbiguousSpace:P1} around a closed cube");
        Assert.Null(closure.ShellHalfThickness(ShellMode.Auto, null));
        Assert.Contains("closed mesh", closure.Describe("cube.stl", null));
    }

    [Fact]
    public void AnOpenBoxHasOneHoleOfFourEdgesAndGetsAShell()
    {
        SurfaceClosure closure = Measure(Cube(missingFaces: 1));
        Assert.Equal((4, 0, 1), (closure.BoundaryEdges, closure.NonManifoldEdges, closure.Holes));
        // The hole is the missing face: its diagonal √2 over the cube's √3.
        Assert.Equal(Math.Sqrt(2.0 / 3.0), closure.LargestHole, 4);
        Assert.True(closure.NeedsShell, $"undecided share {closure.AmbiguousSpace:P3} around an open box");
        Assert.Equal((float)(SurfaceClosure.DefaultThicknessShare * Math.Sqrt(3) / 2), closure.ShellHalfThickness(ShellMode.Auto, null)!.Value, 5);
        Assert.Equal(0.05f, closure.ShellHalfThickness(ShellMode.Auto, 0.1)!.Value, 6);
        Assert.Null(closure.ShellHalfThickness(ShellMode.Off, null));
        Assert.Contains("open mesh: 4 boundary edges in 1 hole", closure.Describe("box.obj", 0.01f));
        Assert.Contains("fitting a shell 0.02 thick", closure.Describe("box.obj", 0.01f));
    }

    [Theory]
    [InlineData(0.045, 0.65, true)]  // a bunny cut in half: decided almost everywhere, but its solid would cap a wide cut
    [InlineData(0.20, 0.10, true)]   // a leaf with a small notch: undecided around it
    [InlineData(0.01, 0.10, false)]  // a scan with small holes: the solid it encloses
    public void AShellIsForUndecidedSpaceOrAWideHole(double undecided, double largestHole, bool shell)
    {
        var closure = new SurfaceClosure(BoundaryEdges: 87, NonManifoldEdges: 0, Holes: 2, LargestHole: largestHole, AmbiguousSpace: undecided, Diagonal: 10);
        Assert.Equal(shell, closure.NeedsShell);
        Assert.Equal(shell, closure.ShellHalfThickness(ShellMode.Auto, null) is not null);
    }

    [Fact]
    public void ASingleQuadIsOpenAndUndecidedAroundIt()
    {
        SurfaceClosure closure = Measure(Quad());
        Assert.Equal((4, 1), (closure.BoundaryEdges, closure.Holes));
        Assert.True(closure.NeedsShell, $"undecided share {closure.AmbiguousSpace:P1} around a quad");
    }

    [Fact]
    public void AnEdgeOfThreeTrianglesIsNonManifold()
    {
        // Three fins on the edge from (0, 0, 0) to (0, 0, 1).
        var mesh = new InputGeometry("fins.obj", [new(0, 0, 0), new(0, 0, 1), new(1, 0, 0), new(0, 1, 0), new(-1, -1, 0)], [0, 1, 2, 0, 1, 3, 0, 1, 4], null);
        SurfaceClosure closure = Measure(mesh);
        Assert.Equal(1, closure.NonManifoldEdges);
        Assert.Equal(6, closure.BoundaryEdges);
        Assert.True(closure.IsOpen);
    }

    [Fact]
    public void ShellDistanceIsTheUnsignedDistanceLessHalfTheThickness()
    {
        InputGeometry quad = Quad();
        var shell = new ShellSignedDistance(new MeshSignedDistance(quad.Positions, quad.Triangles), 0.05f);
        Assert.Equal(0.25f - 0.05f, shell.Distance(new Vector3(0.2f, 0.25f, 0.3f), out Vector3 above), 5);
        Assert.True(Vector3.Distance(Vector3.UnitY, above) < 1e-5f, $"gradient above: {above}");
        Assert.Equal(0.25f - 0.05f, shell.Distance(new Vector3(0.2f, -0.25f, 0.3f), out Vector3 below), 5);
        Assert.True(Vector3.Distance(-Vector3.UnitY, below) < 1e-5f, $"gradient below: {below}");
        Assert.Equal(-0.05f, shell.Distance(new Vector3(0.5f, 0, 0.5f), out Vector3 middle), 6);
        Assert.Equal(Vector3.Zero, middle);
        // Past the rim the distance is to the edge.
        Assert.Equal(MathF.Sqrt(0.5f * 0.5f + 0.5f * 0.5f) - 0.05f, shell.Distance(new Vector3(1.5f, 0.5f, 0), out _), 5);
    }

    [Fact]
    public void ShellSamplesLieOnItsSidesAndRimWithNormalsAwayFromTheSurface()
    {
        InputGeometry quad = Quad();
        var field = new MeshSignedDistance(quad.Positions, quad.Triangles);
        var sampler = new SurfacePointSampler(quad, p => p, shellHalfThickness: 0.1f);
        var points = new Vector3[4000];
        var normals = new Vector3[4000];
        sampler.Sample(new Random(3), points, normals);
        int above = 0, rim = 0;
        for (int i = 0; i < points.Length; i++)
        {
            (float distance, Vector3 closest) = field.Closest(points[i]);
            Assert.True(Math.Abs(distance - 0.1f) < 1e-4f, $"sample {i} at {points[i]} is {distance} from the quad");
            Vector3 away = Vector3.Normalize(points[i] - closest);
            Assert.True(Vector3.Dot(away, normals[i]) > 0.999f, $"sample {i}: normal {normals[i]} against {away}");
            if (normals[i].Y > 0.999f) above++;
            if (MathF.Abs(normals[i].Y) < 0.999f) rim++;
        }
        Assert.InRange(above, 1500, 2100); // both sides, about half each of the 90 % not on the rim
        Assert.InRange(rim, 250, 550);
    }
}
