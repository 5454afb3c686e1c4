using System.Numerics;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

public sealed class InputGeometryTests
{
    private static readonly Vector3[] s_triangle = [Vector3.Zero, Vector3.UnitX, Vector3.UnitY];

    [Fact]
    public void MeshConvertsToTriangleMesh()
    {
        var g = new InputGeometry("t.obj", s_triangle, [0, 1, 2], null);

        Assert.True(g.IsMesh);
        Assert.Equal(1, g.TriangleCount);
        Assert.Equal([0, 1, 2], g.ToTriangleMesh().Indices);
        Assert.Equal(Vector3.Zero, g.Bounds.Min);
        Assert.Equal(new Vector3(1, 1, 0), g.Bounds.Max);
    }

    [Fact]
    public void PointCloudHasNoTriangleMesh()
    {
        var g = new InputGeometry("p.xyz", s_triangle, [], [Vector3.UnitZ, Vector3.UnitZ, Vector3.UnitZ]);

        Assert.False(g.IsMesh);
        var e = Assert.Throws<InvalidOperationException>(() => g.ToTriangleMesh());
        Assert.Contains("p.xyz", e.Message);
    }

    [Fact]
    public void IndexOutOfRangeIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new InputGeometry("t.obj", s_triangle, [0, 1, 3], null));
        Assert.Contains("Triangle index 3 at 2 is outside the 3 positions", e.Message);
    }

    [Fact]
    public void IndexCountNotAMultipleOfThreeIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new InputGeometry("t.obj", s_triangle, [0, 1], null));
    }

    [Fact]
    public void NormalCountMustMatchPositionCount()
    {
        var e = Assert.Throws<ArgumentException>(() => new InputGeometry("t.obj", s_triangle, [], [Vector3.UnitZ]));
        Assert.Contains("1 normals for 3 positions", e.Message);
    }

    [Fact]
    public void NormalsMustBeUnitVectors()
    {
        Assert.Throws<ArgumentException>(() => new InputGeometry("t.obj", s_triangle, [], [Vector3.UnitZ, Vector3.UnitZ, new Vector3(0, 0, 2)]));
    }

    [Fact]
    public void PositionsMustBeFiniteAndPresent()
    {
        Assert.Throws<ArgumentException>(() => new InputGeometry("t.obj", [new Vector3(float.NaN, 0, 0)], [], null));
        Assert.Throws<ArgumentException>(() => new InputGeometry("t.obj", [], [], null));
    }
}
