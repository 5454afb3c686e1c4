using System.Numerics;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;

namespace NeuralSdf.Training.Tests.Supervision;

// Mixed orientation in equal parts (say every other triangle) cancels the winding number itself and is not
// repaired; consistent inversion (clockwise exports) and scattered flipped triangles are.
public class TriangleOrientationTests
{
    private static readonly Vector3 Center = new(1f, 2f, -0.5f);

    private static InputGeometry Reorder(InputGeometry mesh, Func<int, bool> flip)
    {
        int[] triangles = (int[])mesh.Triangles.Clone();
        for (int t = 0; t < triangles.Length / 3; t++)
            if (flip(t)) (triangles[3 * t + 1], triangles[3 * t + 2]) = (triangles[3 * t + 2], triangles[3 * t + 1]);
        return new InputGeometry(mesh.SourcePath, mesh.Positions, triangles, null);
    }

    private static int OutwardCount(InputGeometry mesh) =>
        Enumerable.Range(0, mesh.Triangles.Length / 3).Count(t =>
        {
            Vector3 a = mesh.Positions[mesh.Triangles[3 * t]], b = mesh.Positions[mesh.Triangles[3 * t + 1]], c = mesh.Positions[mesh.Triangles[3 * t + 2]];
            return Vector3.Dot(Vector3.Cross(b - a, c - a), (a + b + c) / 3 - Center) > 0;
        });

    [Theory]
    [InlineData("all")]
    [InlineData("sparse")]
    [InlineData("none")]
    public void EveryTriangleEndsUpFacingOutward(string pattern)
    {
        InputGeometry sphere = TestShapes.Sphere(Center, 1f, 32, 16);
        int total = sphere.Triangles.Length / 3;
        Assert.Equal(total, OutwardCount(sphere));
        InputGeometry damaged = Reorder(sphere, t => pattern == "all" || (pattern == "sparse" && t % 10 == 0));
        int inward = total - OutwardCount(damaged);

        (InputGeometry repaired, int flipped) = TriangleOrientation.Outward(damaged, new MeshSignedDistance(damaged.Positions, damaged.Triangles));
        Assert.Equal(inward, flipped);
        Assert.Equal(total, OutwardCount(repaired));
    }
}
