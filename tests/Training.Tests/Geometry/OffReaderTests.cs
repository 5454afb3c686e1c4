using System.Numerics;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

public sealed class OffReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string Tetrahedron = """
        OFF
        # a tetrahedron, outward counter-clockwise
        4 4 6

        0 0 0
        1 0 0
        0 1 0
        0 0 1.5   # comment after data
        3 0 2 1
        3 0 1 3
        3 0 3 2
        3 1 2 3
        """;

    [Fact]
    public void ReadsATetrahedron()
    {
        string path = _temp.Write("tet.off", Tetrahedron);

        InputGeometry g = OffReader.Read(path);

        Assert.Equal([Vector3.Zero, Vector3.UnitX, Vector3.UnitY, new Vector3(0, 0, 1.5f)], g.Positions);
        Assert.Equal([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3], g.Triangles);
        Assert.Null(g.Normals);
    }

    [Fact]
    public void SplitsQuadsAndIgnoresColours()
    {
        string path = _temp.Write("quad.off", """
            COFF
            4 1 0
            0 0 0 255 0 0 255
            1 0 0 0 255 0 255
            1 1 0 0 0 255 255
            0 1 0 1 1 1 1
            4 0 1 2 3 0.5 0.5 0.5 1
            """);

        InputGeometry g = OffReader.Read(path);

        Assert.Equal(4, g.VertexCount);
        Assert.Equal([0, 1, 2, 0, 2, 3], g.Triangles);
    }

    [Fact]
    public void NoffGivesNormalizedNormals()
    {
        string path = _temp.Write("normals.off", """
            NOFF
            3 1 0
            0 0 0 0 0 2
            1 0 0 0 3 4
            0 1 0 -1 0 0
            3 0 1 2
            """);

        InputGeometry g = OffReader.Read(path);

        GeometryAssert.Near([Vector3.UnitZ, new Vector3(0, 0.6f, 0.8f), -Vector3.UnitX], g.Normals, 1e-6f);
    }

    [Fact]
    public void AcceptsCountsOnTheHeaderLineOrNoHeaderAtAll()
    {
        string sameLine = _temp.Write("sameline.off", "OFF 3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n");
        string noHeader = _temp.Write("noheader.off", "3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n");

        Assert.Equal([0, 1, 2], OffReader.Read(sameLine).Triangles);
        Assert.Equal([0, 1, 2], OffReader.Read(noHeader).Triangles);
    }

    [Fact]
    public void NoFacesIsAPointCloud()
    {
        string path = _temp.Write("points.off", "OFF\n2 0 0\n1 2 3\n4 5 6\n");

        InputGeometry g = OffReader.Read(path);

        Assert.False(g.IsMesh);
        Assert.Equal(2, g.VertexCount);
    }

    [Fact]
    public void FaceIndexOutOfRangeNamesTheLineTheIndexAndTheVertexCount()
    {
        string path = _temp.Write("range.off", Tetrahedron.Replace("3 1 2 3", "3 1 2 4"));

        GeometryAssert.Fails(path, "line 12", "face 3 refers to vertex 4, but the file has 4 vertices (allowed 0 to 3)");
    }

    [Fact]
    public void TruncatedVertexListFails()
    {
        string path = _temp.Write("short.off", "OFF\n4 1 0\n0 0 0\n1 0 0\n");

        GeometryAssert.Fails(path, "line 4", "the file ends after 2 of the 4 vertices");
    }

    [Fact]
    public void TruncatedFaceListFails()
    {
        string path = _temp.Write("short.off", "OFF\n3 2 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n");

        GeometryAssert.Fails(path, "line 6", "the file ends after 1 of the 2 faces");
    }

    [Fact]
    public void BadNumberNamesTheLineAndTheToken()
    {
        string path = _temp.Write("bad.off", "OFF\n3 1 0\n0 0 0\n1 0 x\n0 1 0\n3 0 1 2\n");

        GeometryAssert.Fails(path, "line 4", "'x' is not a number (vertex 1, value 3 of 3)");
    }

    [Fact]
    public void NanCoordinateFails()
    {
        string path = _temp.Write("nan.off", "OFF\n3 1 0\n0 0 0\nNaN 0 0\n0 1 0\n3 0 1 2\n");

        GeometryAssert.Fails(path, "line 4", "vertex 1 has a non-finite coordinate (x = NaN)");
    }

    [Fact]
    public void FaceWithTwoCornersFails()
    {
        string path = _temp.Write("edge.off", "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n2 0 1\n");

        GeometryAssert.Fails(path, "line 6", "face 0 has 2 corner(s); a face needs at least 3");
    }

    [Fact]
    public void FaceWithFewerIndicesThanItsCountFails()
    {
        string path = _temp.Write("few.off", "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n4 0 1 2\n");

        GeometryAssert.Fails(path, "line 6", "face 0 declares 4 corners but the line has only 3 more value(s)");
    }

    [Fact]
    public void ImpossibleVertexCountFailsWithoutAllocating()
    {
        // assimp's regression file: the header claims 353,535,235,358 vertices.
        string path = RepoFiles.TestData("OutOfMemory.off");

        GeometryAssert.Fails(path, "line 2", "353,535,235,358 vertices", "at most");
    }

    [Theory]
    [InlineData("4OFF")]
    [InlineData("nOFF")]
    [InlineData("PLY")]
    public void UnsupportedHeaderFails(string header)
    {
        string path = _temp.Write("header.off", $"{header}\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n");

        GeometryAssert.Fails(path, "line 1", $"'{header}'");
    }

    [Fact]
    public void BinaryOffFails()
    {
        string path = _temp.Write("binary.off", "OFF BINARY\n");

        GeometryAssert.Fails(path, "line 1", "binary OFF is not supported");
    }

    [Fact]
    public void ZeroVerticesFails()
    {
        string path = _temp.Write("zero.off", "OFF\n0 0 0\n");

        GeometryAssert.Fails(path, "line 2", "0 vertices");
    }

    [Fact]
    public void EmptyFileFails()
    {
        string path = _temp.Write("empty.off", "");

        GeometryAssert.Fails(path, null, "the file is empty");
    }
}
