using System.Numerics;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

public sealed class XyzReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReadsPointsWithCommentsAndBlankLines()
    {
        string path = _temp.Write("points.xyz", "# scan\n\n1 2 3\n  -4.5\t5e-1 6  \n# end\n7 8 9 # inline\n");

        InputGeometry g = XyzReader.Read(path);

        Assert.False(g.IsMesh);
        Assert.Null(g.Normals);
        Assert.Equal([new Vector3(1, 2, 3), new Vector3(-4.5f, 0.5f, 6), new Vector3(7, 8, 9)], g.Positions);
    }

    [Fact]
    public void ReadsPointsWithNormalsAndNormalizesThem()
    {
        string path = _temp.Write("points.pwn", "0 0 1 0 0 2\n1 0 0 3 0 4\n0 1 0 0 -1 0\n");

        InputGeometry g = GeometryReader.Read(path);

        Assert.Equal([Vector3.UnitZ, Vector3.UnitX, Vector3.UnitY], g.Positions);
        GeometryAssert.Near([Vector3.UnitZ, new Vector3(0.6f, 0, 0.8f), -Vector3.UnitY], g.Normals, 1e-6f);
    }

    [Fact]
    public void AcceptsALeadingPointCount()
    {
        string path = _temp.Write("counted.xyz", "2\n1 2 3\n4 5 6\n");

        Assert.Equal(2, XyzReader.Read(path).VertexCount);
    }

    [Fact]
    public void WrongLeadingPointCountFails()
    {
        string path = _temp.Write("counted.xyz", "# header\n3\n1 2 3\n4 5 6\n");

        GeometryAssert.Fails(path, "line 2", "the file declares 3 points but holds 2");
    }

    [Fact]
    public void InconsistentColumnCountNamesTheLine()
    {
        string path = _temp.Write("mixed.xyz", "1 2 3 0 0 1\n4 5 6 0 1 0\n\n7 8 9\n");

        GeometryAssert.Fails(path, "line 4", "point 2 has 3 values, but earlier points (from line 1) have 6");
    }

    [Fact]
    public void UnexpectedColumnCountFails()
    {
        string path = _temp.Write("four.xyz", "1 2 3 4\n");

        GeometryAssert.Fails(path, "line 1", "the first point has 4 values; expected 3 (x y z) or 6 (x y z nx ny nz)");
    }

    [Fact]
    public void BadNumberNamesTheLineAndTheToken()
    {
        string path = _temp.Write("bad.xyz", "1 2 3\n4 5 6e\n");

        GeometryAssert.Fails(path, "line 2", "'6e' is not a number (point 1, value 3 of 3)");
    }

    [Fact]
    public void NanCoordinateFails()
    {
        string path = _temp.Write("nan.xyz", "1 2 3\nnan 5 6\n");

        GeometryAssert.Fails(path, "line 2", "point 1 has a non-finite coordinate (x = NaN)");
    }

    [Fact]
    public void NanNormalDropsTheNormals()
    {
        string path = _temp.Write("nan-normal.pwn", "1 2 3 0 0 1\n4 5 6 nan 0 1\n");

        Assert.Null(GeometryReader.Read(path).Normals);
    }

    [Fact]
    public void OnlyCommentsFails()
    {
        string path = _temp.Write("comments.xyz", "# nothing\n\n");

        GeometryAssert.Fails(path, null, "no points");
    }

    [Fact]
    public void EmptyFileFails()
    {
        string path = _temp.Write("empty.xyz", "");

        GeometryAssert.Fails(path, null, "the file is empty");
    }
}
