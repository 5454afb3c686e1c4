using System.Globalization;
using System.Numerics;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

public sealed class ObjReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReadsVerticesAndTrianglesIgnoringEverythingElse()
    {
        string path = _temp.Write("tri.obj", """
            # a comment
            mtllib tri.mtl
            o thing
            g group
            s 1
            v 0 0 0
            v 1.5 -2 3e-1 1.0
            v -4 5.25 6 0.1 0.2 0.3
            vn 0 0 1
            vt 0.5 0.5
            vp 0.1
            usemtl red
            f 1 2 3 # trailing comment
            l 1 2
            p 3
            """);

        InputGeometry g = ObjReader.Read(path);

        Assert.Equal(path, g.SourcePath);
        Assert.Equal([new Vector3(0, 0, 0), new Vector3(1.5f, -2, 0.3f), new Vector3(-4, 5.25f, 6)], g.Positions);
        Assert.Equal([0, 1, 2], g.Triangles);
        Assert.Null(g.Normals);
        Assert.True(g.IsMesh);
    }

    [Theory]
    [InlineData("f 1 2 3")]
    [InlineData("f 1/1 2/2 3/3")]
    [InlineData("f 1//1 2//1 3//1")]
    [InlineData("f 1/1/1 2/2/1 3/3/1")]
    [InlineData("f -3/1/1 -2//1 -1")]
    public void ReadsEveryCornerForm(string face)
    {
        string path = _temp.Write("corners.obj", $"v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nvn 0 0 1\n{face}\n");

        Assert.Equal([0, 1, 2], ObjReader.Read(path).Triangles);
    }

    [Fact]
    public void SplitsAQuadIntoTwoTrianglesAndAPentagonIntoAFan()
    {
        string path = _temp.Write("poly.obj", """
            v 0 0 0
            v 1 0 0
            v 1 1 0
            v 0 1 0
            v -1 0.5 0
            f 1 2 3 4
            f 1 2 3 4 5
            """);

        InputGeometry g = ObjReader.Read(path);

        Assert.Equal(5, g.TriangleCount);
        Assert.Equal([0, 1, 2, 0, 2, 3, /* fan */ 0, 1, 2, 0, 2, 3, 0, 3, 4], g.Triangles);
    }

    [Fact]
    public void ResolvesNegativeIndicesAgainstTheVerticesSoFar()
    {
        string path = _temp.Write("relative.obj", """
            v 0 0 0
            v 1 0 0
            v 0 1 0
            f -3 -2 -1
            v 0 0 1
            f -4 -1 -2
            """);

        Assert.Equal([0, 1, 2, 0, 3, 2], ObjReader.Read(path).Triangles);
    }

    [Fact]
    public void AcceptsFacesThatReferToLaterVertices()
    {
        string path = _temp.Write("forward.obj", "f 1 2 3\nv 0 0 0\nv 1 0 0\nv 0 1 0\n");

        Assert.Equal([0, 1, 2], ObjReader.Read(path).Triangles);
    }

    [Fact]
    public void VerticesWithoutFacesAreAPointCloud()
    {
        string path = _temp.Write("points.obj", "v 1 2 3\nv 4 5 6\nl 1 2\np 1\n");

        InputGeometry g = ObjReader.Read(path);

        Assert.False(g.IsMesh);
        Assert.Empty(g.Triangles);
        Assert.Equal([new Vector3(1, 2, 3), new Vector3(4, 5, 6)], g.Positions);
    }

    [Fact]
    public void HandlesCrLfLoneCrMissingFinalNewlineBomAndContinuations()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "v 0 0 0\r\nv 1 0 0\rv 0 1 \\\n 0\r\nv 0 0 1\nf 1 2 \\\r\n3 4"u8];
        string path = _temp.Write("endings.obj", bytes);

        InputGeometry g = ObjReader.Read(path);

        Assert.Equal([new Vector3(0, 0, 0), new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)], g.Positions);
        Assert.Equal([0, 1, 2, 0, 2, 3], g.Triangles);
    }

    [Fact]
    public void ParsesWithTheInvariantCultureWhateverTheCurrentOneIs()
    {
        string path = _temp.Write("culture.obj", "v 1.5 -2.25 1e3\n");
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(new Vector3(1.5f, -2.25f, 1000f), ObjReader.Read(path).Positions[0]);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void ReadsUtf16Text()
    {
        // assimp's test model: a unit box as UTF-16 big-endian OBJ with a byte order mark.
        InputGeometry g = GeometryReader.Read(RepoFiles.TestData("box_UTF16BE.obj"));

        Assert.Equal(8, g.VertexCount);
        Assert.Equal(12, g.TriangleCount);
        Assert.Equal(new Vector3(-0.5f), g.Bounds.Min);
        Assert.Equal(new Vector3(0.5f), g.Bounds.Max);
    }

    [Fact]
    public void ReadsFromAStream()
    {
        using var stream = new MemoryStream("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n"u8.ToArray());

        InputGeometry g = ObjReader.Read(stream, "in-memory.obj");

        Assert.Equal("in-memory.obj", g.SourcePath);
        Assert.Equal(1, g.TriangleCount);
    }

    [Fact]
    public void FaceIndexOutOfRangeNamesTheLineTheIndexAndTheVertexCount()
    {
        string path = _temp.Write("range.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 2 3\n# gap\nf 1 5 3\n");

        GeometryAssert.Fails(path, "line 7", "face refers to vertex 5, but the file has 4 vertices");
    }

    [Fact]
    public void RelativeIndexReachingBeforeTheFirstVertexFails()
    {
        string path = _temp.Write("relative.obj", "v 0 0 0\nv 1 0 0\nf -1 -2 -3\nv 0 1 0\n");

        GeometryAssert.Fails(path, "line 3", "vertex -3 (relative)", "only 2 vertices come before it");
    }

    [Fact]
    public void IndexZeroFails()
    {
        string path = _temp.Write("zero.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n");

        GeometryAssert.Fails(path, "line 4", "vertex 0", "start at 1");
    }

    [Fact]
    public void BadNumberNamesTheLineAndTheToken()
    {
        string path = _temp.Write("bad.obj", "v 0 0 0\nv 1 0 0\nv 0 1.2.3 0\n");

        GeometryAssert.Fails(path, "line 3", "'1.2.3' is not a number", "vertex 3", "y coordinate");
    }

    [Fact]
    public void BadFaceCornerFails()
    {
        string path = _temp.Write("corner.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 two 3\n");

        GeometryAssert.Fails(path, "line 4", "'two' is not a face corner");
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("inf")]
    [InlineData("1e39")]
    public void NonFiniteCoordinateFails(string value)
    {
        string path = _temp.Write("nan.obj", $"v 0 0 0\nv 1 {value} 0\n");

        GeometryAssert.Fails(path, "line 2", "vertex 2 has a non-finite coordinate (y = ", "must be finite");
    }

    [Fact]
    public void VertexWithTwoCoordinatesFails()
    {
        string path = _temp.Write("short.obj", "v 0 0\n");

        GeometryAssert.Fails(path, "line 1", "vertex 1 has 2 coordinate(s)");
    }

    [Fact]
    public void FaceWithTwoCornersFails()
    {
        string path = _temp.Write("edge.obj", "v 0 0 0\nv 1 0 0\nf 1 2\n");

        GeometryAssert.Fails(path, "line 3", "face has 2 corner(s); a face needs at least 3");
    }

    [Fact]
    public void EmptyFileFails()
    {
        string path = _temp.Write("empty.obj", "");

        GeometryAssert.Fails(path, null, "the file is empty");
    }

    [Fact]
    public void FileWithoutVerticesFails()
    {
        string path = _temp.Write("novertices.obj", "# just a comment\n\nvn 0 0 1\n");

        GeometryAssert.Fails(path, null, "no vertices");
    }
}
