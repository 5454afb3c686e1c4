using System.Numerics;

namespace NeuralSdf.Runtime.Tests.Meshing;

public class MeshComponentsTests
{
    // Two spheres: radius 0.5 at the origin and radius 0.06 at (0.8, 0, 0); the small one has ~1.4 % of the area.
    private static TriangleMesh TwoSpheres()
    {
        static float Distance(Vector3 p) =>
            MathF.Min(p.Length() - 0.5f, (p - new Vector3(0.8f, 0, 0)).Length() - 0.06f);
        var box = new BoundingBox(new Vector3(-1), new Vector3(1));
        SdfGrid grid = SdfGrid.Sample(box, 64, (points, distances) =>
        {
            for (int i = 0; i < points.Length; i++) distances[i] = Distance(points[i]);
        });
        return MarchingCubes.Extract(grid);
    }

    [Fact]
    public void LabelFindsTheTwoSpheres()
    {
        (int[] component, int count) = MeshComponents.Label(TwoSpheres());
        Assert.Equal(2, count);
        Assert.Equal(2, component.Distinct().Count());
    }

    [Fact]
    public void RemoveSmallDropsTheSmallSphereOnlyAndKeepsTheMeshClosed()
    {
        TriangleMesh mesh = TwoSpheres();
        TriangleMesh cleaned = MeshComponents.RemoveSmall(mesh, 0.05f);
        Assert.Equal(1, MeshComponents.Label(cleaned).Count);
        Assert.All(cleaned.Positions, p => Assert.InRange(p.Length(), 0.48f, 0.52f));
        Assert.Equal("", MeshMeasures.OpenOrNonManifoldEdges(cleaned));
        Assert.True(cleaned.Positions.Length < mesh.Positions.Length, "unused vertices must be dropped");

        TriangleMesh kept = MeshComponents.RemoveSmall(mesh, 0.001f);
        Assert.Equal(mesh.TriangleCount, kept.TriangleCount);
    }
}
