using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

public sealed class StlReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The cube as ASCII STL; the facet normals are deliberately wrong, to show they are ignored.</summary>
    private static string CubeAscii(string solidName = "cube")
    {
        var text = new StringBuilder($"solid {solidName}\n");
        Vector3[] soup = UnitCube.Soup();
        for (int t = 0; t < soup.Length; t += 3)
        {
            text.Append("  facet normal 0 0 0\n    outer loop\n");
            for (int k = 0; k < 3; k++)
                text.Append(CultureInfo.InvariantCulture, $"      vertex {soup[t + k].X} {soup[t + k].Y} {soup[t + k].Z}\n");
            text.Append("    endloop\n  endfacet\n");
        }
        return text.Append($"endsolid {solidName}\n").ToString();
    }

    /// <summary>The cube as binary STL with the given header text (padded with spaces to 80 bytes).</summary>
    private static byte[] CubeBinary(string header = "binary cube")
    {
        Vector3[] soup = UnitCube.Soup();
        int count = soup.Length / 3;
        var bytes = new byte[84 + 50 * count];
        Encoding.ASCII.GetBytes(header.PadRight(80)).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(80), (uint)count);
        for (int t = 0; t < count; t++)
        {
            Span<byte> record = bytes.AsSpan(84 + 50 * t, 50);
            BinaryPrimitives.WriteSingleLittleEndian(record, 7f);   // a wrong normal: ignored
            for (int k = 0; k < 3; k++)
            {
                Vector3 p = soup[3 * t + k];
                BinaryPrimitives.WriteSingleLittleEndian(record[(12 + 12 * k)..], p.X);
                BinaryPrimitives.WriteSingleLittleEndian(record[(16 + 12 * k)..], p.Y);
                BinaryPrimitives.WriteSingleLittleEndian(record[(20 + 12 * k)..], p.Z);
            }
            BinaryPrimitives.WriteUInt16LittleEndian(record[48..], 0x7C1F);   // a colour attribute: ignored
        }
        return bytes;
    }

    /// <summary>The mesh is the cube, welded (8 vertices), with the file's winding.</summary>
    private static void AssertIsTheWeldedCube(InputGeometry g)
    {
        Assert.Equal(8, g.VertexCount);
        Assert.Equal(12, g.TriangleCount);
        Assert.Equal(UnitCube.Corners.OrderBy(p => (p.X, p.Y, p.Z)), g.Positions.OrderBy(p => (p.X, p.Y, p.Z)));
        Assert.Equal(UnitCube.Soup(), g.Triangles.Select(i => g.Positions[i]));
        GeometryAssert.ClosedAndConsistentlyWound(g);
        Assert.Equal(1.0, GeometryAssert.SignedVolume(g), 1e-12);
        Assert.Null(g.Normals);
    }

    [Fact]
    public void AsciiAndBinaryCubesGiveTheSameIndexedMesh()
    {
        InputGeometry ascii = StlReader.Read(_temp.Write("ascii.stl", CubeAscii()));
        InputGeometry binary = StlReader.Read(_temp.Write("binary.stl", CubeBinary()));

        AssertIsTheWeldedCube(ascii);
        AssertIsTheWeldedCube(binary);
        Assert.Equal(ascii.Positions, binary.Positions);
        Assert.Equal(ascii.Triangles, binary.Triangles);
    }

    [Fact]
    public void BinaryFileWhoseHeaderStartsWithSolidIsReadAsBinary()
    {
        string path = _temp.Write("solid-header.stl", CubeBinary("solid cube exported by a CAD program"));

        AssertIsTheWeldedCube(StlReader.Read(path));
    }

    [Fact]
    public void BinaryFileStartingWithSolidIsRecognizedEvenWithTrailingBytes()
    {
        // The size check fails here; the zero bytes in the triangle count still give it away as binary.
        string path = _temp.Write("solid-trailing.stl", [.. CubeBinary("solid padded"), 0, 0, 0, 0, 0, 0]);

        AssertIsTheWeldedCube(StlReader.Read(path));
    }

    [Fact]
    public void AsciiToleratesUpperCaseBlankLinesCrLfBomAndSeveralSolids()
    {
        string oneCube = CubeAscii("part");
        string text = "\uFEFF" + oneCube.Replace("facet normal", "FACET NORMAL").Replace("\n", "\r\n\r\n") + "solid empty\nendsolid\n";
        string path = _temp.Write("variants.stl", text);

        AssertIsTheWeldedCube(StlReader.Read(path));
    }

    [Fact]
    public void ReadsFromANonSeekableStream()
    {
        using var ascii = new ForwardOnlyStream(Encoding.ASCII.GetBytes(CubeAscii()));
        using var binary = new ForwardOnlyStream(CubeBinary("solid but binary"));

        AssertIsTheWeldedCube(StlReader.Read(ascii, "ascii-stream.stl"));
        AssertIsTheWeldedCube(StlReader.Read(binary, "binary-stream.stl"));
    }

    [Fact]
    public void WeldsExactlyEqualPositionsOnly()
    {
        string path = _temp.Write("near.stl", """
            solid near
            facet normal 0 0 1
              outer loop
                vertex 0 0 0
                vertex 1 0 0
                vertex 0 1 0
              endloop
            endfacet
            facet normal 0 0 1
              outer loop
                vertex 1.0000001 0 0
                vertex 1 1 0
                vertex -0 1 0
              endloop
            endfacet
            endsolid near
            """);

        InputGeometry g = StlReader.Read(path);

        // 1.0000001 is another float than 1; -0 is the same position as 0.
        Assert.Equal(5, g.VertexCount);
        Assert.Equal([0, 1, 2, 3, 4, 2], g.Triangles);
    }

    [Fact]
    public void TruncatedBinaryNamesTheByteOffsetAndTheSizes()
    {
        byte[] cube = CubeBinary();
        string path = _temp.Write("truncated.stl", cube[..^20]);

        // Triangle 12 starts at 84 + 50 × 11 = 634.
        GeometryAssert.Fails(path, "byte 634", "ends inside triangle 12 of the 12", "84 + 50 × 12 = 684 bytes, the file has 664");
    }

    [Fact]
    public void TruncatedBinaryHeaderFails()
    {
        string path = _temp.Write("short.stl", new byte[40]);

        GeometryAssert.Fails(path, "byte 40", "ends inside the 84-byte binary STL header");
    }

    [Fact]
    public void BinaryWithZeroTrianglesFails()
    {
        string path = _temp.Write("zero.stl", new byte[84]);

        GeometryAssert.Fails(path, "byte 80", "declares 0 triangles");
    }

    [Fact]
    public void NonFiniteBinaryCoordinateNamesTheByte()
    {
        byte[] cube = CubeBinary();
        // Triangle 2 starts at byte 134, its corner 3 at 134 + 12 + 24 = 170, and that corner's y 4 bytes later.
        BinaryPrimitives.WriteSingleLittleEndian(cube.AsSpan(170 + 4), float.NaN);
        string path = _temp.Write("nan.stl", cube);

        GeometryAssert.Fails(path, "byte 170", "triangle 2, corner 3 has a non-finite coordinate (y = NaN)");
    }

    [Theory]
    [InlineData(7, "      vertex 0 zero 0", "'zero' is not a number (facet 1, y coordinate)")]
    [InlineData(7, "      vertex 0 0", "vertex has 2 coordinate(s)")]
    [InlineData(7, "      vertex 0 0 0 1", "vertex has 4 coordinates")]
    [InlineData(7, "      vertex 0 0 inf", "a vertex of facet 1 has a non-finite coordinate (z =")]
    [InlineData(4, "    outer lop", "expected 'outer loop', found 'outer lop'")]
    [InlineData(8, "    endlop", "expected 'vertex x y z' or 'endloop', found 'endlop'")]
    [InlineData(3, "  face normal 0 0 1", "expected 'facet normal' or 'endsolid', found 'face normal 0 0 1'")]
    [InlineData(9, "  endloop", "expected 'endfacet', found 'endloop'")]
    public void MalformedAsciiNamesTheLine(int lineNumber, string replacement, string problem)
    {
        // With the blank line 2 inserted below, the lines are: 1 solid, 3 facet, 4 outer loop, 5-7 vertex,
        // 8 endloop, 9 endfacet, 10 the next facet, …
        List<string> lines = [.. CubeAscii().Split('\n')];
        lines.Insert(1, "");
        lines[lineNumber - 1] = replacement;
        string path = _temp.Write("malformed.stl", string.Join("\n", lines));

        GeometryAssert.Fails(path, $"line {lineNumber}", problem);
    }

    [Fact]
    public void LoopWithTwoVerticesFails()
    {
        string path = _temp.Write("two.stl", "solid s\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nendloop\nendfacet\nendsolid s\n");

        GeometryAssert.Fails(path, "line 6", "facet 1 has 2 vertex line(s); a facet needs 3");
    }

    [Fact]
    public void AsciiEndingInsideAFacetNamesWhereTheFacetStarts()
    {
        string text = CubeAscii();
        int secondEndloop = text.IndexOf("endloop", text.IndexOf("endloop", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        string path = _temp.Write("cut.stl", text[..secondEndloop]);

        // Facet 2 runs from line 9 (facet normal) to 15 (endfacet); the cut leaves its line 14 holding only spaces.
        GeometryAssert.Fails(path, "line 14", "ends inside facet 2, which starts on line 9", "truncated");
    }

    [Fact]
    public void AsciiWithoutEndsolidFails()
    {
        string text = CubeAscii();
        string path = _temp.Write("noend.stl", text[..text.IndexOf("endsolid", StringComparison.Ordinal)]);

        GeometryAssert.Fails(path, "line 85", "ends before 'endsolid'");
    }

    [Fact]
    public void AsciiWithoutFacetsFails()
    {
        string path = _temp.Write("nofacets.stl", "solid nothing\nendsolid nothing\n");

        GeometryAssert.Fails(path, null, "the file has no facets");
    }

    [Fact]
    public void EmptyFileFails()
    {
        GeometryAssert.Fails(_temp.Write("empty.stl", ""), null, "the file is empty");
    }

    /// <summary>A stream that can only be read forward, as from a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}
