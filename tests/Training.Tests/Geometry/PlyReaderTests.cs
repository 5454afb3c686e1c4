using System.Globalization;
using System.Numerics;
using System.Text;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

public sealed class PlyReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // A square pyramid with normals, extra vertex properties (a colour and a list), an extra element with a
    // list before the faces, a face list with texture coordinates after the indices, and a trailing element.
    private static readonly Vector3[] s_positions =
        [new(0, 0, 0), new(1, 0, 0), new(1, 1, 0), new(0, 1, 0), new(0.5f, 0.5f, 1.25f)];
    private static readonly Vector3[] s_normals =
        [new(-1, -1, -1), new(1, -1, -1), new(1, 1, -1), new(-1, 1, -1), new(0, 0, 2)];
    private static readonly int[][] s_faces = [[0, 3, 2, 1], [0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4]];

    private static string PyramidHeader(string format) => $"""
        ply
        format {format} 1.0
        comment made by a test
        obj_info nothing
        element vertex 5
        property double x
        property float y
        property float z
        property uchar red
        property list uchar short weights
        property float nx
        property float ny
        property float nz
        element edge 1
        property list int int ends
        property uchar flags
        element face 5
        property list uchar int vertex_indices
        property list uint8 float texcoord
        element material 1
        property float shininess
        end_header

        """.Replace("\r\n", "\n");

    private static string PyramidAscii()
    {
        var text = new StringBuilder(PyramidHeader("ascii"));
        for (int i = 0; i < s_positions.Length; i++)
        {
            Vector3 p = s_positions[i], n = s_normals[i];
            text.Append(CultureInfo.InvariantCulture, $"{p.X} {p.Y} {p.Z} 200 2 7 -8 {n.X} {n.Y} {n.Z}\n");
        }
        text.Append("2 0 4 1\n");
        foreach (int[] face in s_faces)
            text.Append(CultureInfo.InvariantCulture, $"{face.Length} {string.Join(" ", face)} 2 0.5 0.25\n");
        text.Append("0.75\n");
        return text.ToString();
    }

    private static byte[] PyramidBinary(bool bigEndian)
    {
        var body = new PlyBytes(bigEndian);
        for (int i = 0; i < s_positions.Length; i++)
        {
            Vector3 p = s_positions[i], n = s_normals[i];
            body.F64(p.X).F32(p.Y).F32(p.Z).U8(200).U8(2).I16(7).I16(-8).F32(n.X).F32(n.Y).F32(n.Z);
        }
        body.I32(2).I32(0).I32(4).U8(1);
        foreach (int[] face in s_faces)
        {
            body.U8((byte)face.Length);
            foreach (int index in face) body.I32(index);
            body.U8(2).F32(0.5f).F32(0.25f);
        }
        body.F32(0.75f);
        return body.After(PyramidHeader(bigEndian ? "binary_big_endian" : "binary_little_endian"));
    }

    private static readonly int[] s_triangles = [0, 3, 2, 0, 2, 1, 0, 1, 4, 1, 2, 4, 2, 3, 4, 3, 0, 4];

    [Fact]
    public void ReadsAsciiWithNormalsAndSkipsEverythingElse()
    {
        string path = _temp.Write("pyramid.ply", PyramidAscii());

        InputGeometry g = PlyReader.Read(path);

        Assert.Equal(s_positions, g.Positions);
        Assert.Equal(s_triangles, g.Triangles);
        GeometryAssert.Near(s_normals.Select(Vector3.Normalize).ToArray(), g.Normals, 1e-6f);
    }

    [Fact]
    public void BinaryLittleEndianBigEndianAndAsciiGiveTheSameGeometry()
    {
        InputGeometry ascii = PlyReader.Read(_temp.Write("ascii.ply", PyramidAscii()));
        InputGeometry little = PlyReader.Read(_temp.Write("little.ply", PyramidBinary(bigEndian: false)));
        InputGeometry big = PlyReader.Read(_temp.Write("big.ply", PyramidBinary(bigEndian: true)));

        foreach (InputGeometry binary in new[] { little, big })
        {
            Assert.Equal(ascii.Positions, binary.Positions);
            Assert.Equal(ascii.Triangles, binary.Triangles);
            Assert.Equal(ascii.Normals, binary.Normals);
        }
        Assert.Equal(s_triangles, little.Triangles);
    }

    [Theory]
    [InlineData("char")]
    [InlineData("uchar")]
    [InlineData("short")]
    [InlineData("ushort")]
    [InlineData("int")]
    [InlineData("uint")]
    [InlineData("float")]
    [InlineData("double")]
    [InlineData("int8")]
    [InlineData("uint8")]
    [InlineData("int16")]
    [InlineData("uint16")]
    [InlineData("int32")]
    [InlineData("uint32")]
    [InlineData("float32")]
    [InlineData("float64")]
    public void ReadsCoordinatesOfEveryScalarType(string type)
    {
        var body = new PlyBytes(bigEndian: false);
        foreach (int value in new[] { 7, 100, 3 })
        {
            _ = type switch
            {
                "char" or "int8" => body.I8((sbyte)value),
                "uchar" or "uint8" => body.U8((byte)value),
                "short" or "int16" => body.I16((short)value),
                "ushort" or "uint16" => body.U16((ushort)value),
                "int" or "int32" => body.I32(value),
                "uint" or "uint32" => body.U32((uint)value),
                "float" or "float32" => body.F32(value),
                _ => body.F64(value),
            };
        }
        string header = $"ply\nformat binary_little_endian 1.0\nelement vertex 1\nproperty {type} x\nproperty {type} y\nproperty {type} z\nend_header\n";

        InputGeometry g = PlyReader.Read(_temp.Write("types.ply", body.After(header)));

        Assert.Equal([new Vector3(7, 100, 3)], g.Positions);
    }

    [Theory]
    [InlineData("uchar", "uint", "vertex_indices")]
    [InlineData("uint8", "int32", "vertex_index")]
    [InlineData("int", "ushort", "vertex_indices")]
    public void ReadsFaceListsOfVariousTypes(string countType, string indexType, string name)
    {
        string ascii = $"""
            ply
            format ascii 1.0
            element vertex 4
            property float x
            property float y
            property float z
            element face 1
            property list {countType} {indexType} {name}
            end_header
            0 0 0
            1 0 0
            1 1 0
            0 1 0
            4 0 1 2 3
            """;

        InputGeometry g = PlyReader.Read(_temp.Write("lists.ply", ascii));

        Assert.Equal([0, 1, 2, 0, 2, 3], g.Triangles);
    }

    [Fact]
    public void VertexOnlyFileIsAPointCloudWithNormals()
    {
        string path = _temp.Write("points.ply", """
            ply
            format ascii 1.0
            element vertex 2
            property float x
            property float y
            property float z
            property float nx
            property float ny
            property float nz
            end_header
            1 2 3 0 0 -5
            4 5 6 3 4 0
            """);

        InputGeometry g = PlyReader.Read(path);

        Assert.False(g.IsMesh);
        Assert.Equal([new Vector3(1, 2, 3), new Vector3(4, 5, 6)], g.Positions);
        GeometryAssert.Near([-Vector3.UnitZ, new Vector3(0.6f, 0.8f, 0)], g.Normals, 1e-6f);
    }

    [Fact]
    public void ZeroNormalsMeanNoNormals()
    {
        string path = _temp.Write("zero-normal.ply",
            "ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\n" +
            "property float nx\nproperty float ny\nproperty float nz\nend_header\n1 2 3 0 0 1\n4 5 6 0 0 0\n");

        Assert.Null(PlyReader.Read(path).Normals);
    }

    [Fact]
    public void FaceElementBeforeVertexElementWorks()
    {
        string path = _temp.Write("order.ply",
            "ply\nformat ascii 1.0\nelement face 1\nproperty list uchar int vertex_indices\n" +
            "element vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n3 2 1 0\n0 0 0\n1 0 0\n0 1 0\n");

        InputGeometry g = PlyReader.Read(path);

        Assert.Equal([2, 1, 0], g.Triangles);
        Assert.Equal(3, g.VertexCount);
    }

    private const string TriangleHeader =
        "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n" +
        "element face 1\nproperty list uchar int vertex_indices\nend_header\n";

    private static byte[] Triangle(int lastIndex = 2, float y = 0f) =>
        new PlyBytes(bigEndian: false)
            .F32(0).F32(0).F32(0)
            .F32(1).F32(y).F32(0)
            .F32(0).F32(1).F32(0)
            .U8(3).I32(0).I32(1).I32(lastIndex)
            .After(TriangleHeader);

    [Fact]
    public void BinaryAfterAHeaderWithCrLfLineEndsWorks()
    {
        byte[] body = Triangle()[TriangleHeader.Length..];
        string path = _temp.Write("crlf.ply", [.. Encoding.ASCII.GetBytes(TriangleHeader.Replace("\n", "\r\n")), .. body]);

        InputGeometry g = PlyReader.Read(path);

        Assert.Equal([Vector3.Zero, Vector3.UnitX, Vector3.UnitY], g.Positions);
        Assert.Equal([0, 1, 2], g.Triangles);
    }

    [Fact]
    public void TruncatedBinaryFaceNamesTheByteOffset()
    {
        byte[] whole = Triangle();
        string path = _temp.Write("cut.ply", whole[..^2]);
        // The third corner index starts after the header, 3 vertices of 12 bytes, the count byte and two indices.
        long offset = TriangleHeader.Length + 36 + 1 + 8;

        GeometryAssert.Fails(path, $"byte {offset.ToString("N0", CultureInfo.InvariantCulture)}",
            "the file ends inside face 0 of 1 (property 'vertex_indices')", "truncated");
    }

    [Fact]
    public void TruncatedBinaryVertexNamesTheByteOffset()
    {
        string path = _temp.Write("cut.ply", Triangle()[..(TriangleHeader.Length + 30)]);
        long offset = TriangleHeader.Length + 24 + 4;

        GeometryAssert.Fails(path, $"byte {offset.ToString("N0", CultureInfo.InvariantCulture)}", "the file ends inside vertex 2 of 3 (property 'y')");
    }

    [Fact]
    public void BinaryFaceIndexOutOfRangeNamesTheFaceOffset()
    {
        string path = _temp.Write("range.ply", Triangle(lastIndex: 3));

        GeometryAssert.Fails(path, $"byte {TriangleHeader.Length + 36}",
            "face 0 refers to vertex 3, but the file has 3 vertices (allowed 0 to 2)");
    }

    [Fact]
    public void BinaryNanCoordinateNamesTheVertexOffset()
    {
        string path = _temp.Write("nan.ply", Triangle(y: float.NaN));

        GeometryAssert.Fails(path, $"byte {TriangleHeader.Length + 12}", "vertex 1 has a non-finite coordinate (y = NaN)");
    }

    [Fact]
    public void AsciiBadNumberNamesTheLine()
    {
        string path = _temp.Write("bad.ply", PyramidAscii().Replace("0.5 0.5 1.25", "0.5 0,5 1.25"));

        GeometryAssert.Fails(path, "line 27", "'0,5' is not a number (vertex 4, property 'y')");
    }

    [Fact]
    public void AsciiFaceIndexOutOfRangeNamesTheLine()
    {
        string path = _temp.Write("range.ply", PyramidAscii().Replace("3 3 0 4 2", "3 3 0 9 2"));

        GeometryAssert.Fails(path, "line 33", "face 4 refers to vertex 9, but the file has 5 vertices (allowed 0 to 4)");
    }

    [Fact]
    public void AsciiLineWithMissingValuesFails()
    {
        string path = _temp.Write("short.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2\n");

        GeometryAssert.Fails(path, "line 8", "vertex 0 ends before property 'z'");
    }

    [Fact]
    public void AsciiLineWithExtraValuesFails()
    {
        string path = _temp.Write("long.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3 4\n");

        GeometryAssert.Fails(path, "line 8", "vertex 0 has more values than the header declares (3 properties: x y z)");
    }

    [Fact]
    public void AsciiFileEndingEarlyFails()
    {
        string path = _temp.Write("early.ply", "ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n");

        GeometryAssert.Fails(path, "line 8", "the file ends after 1 of the 2 'vertex' entries");
    }

    [Theory]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\n", "line 4", "no 'end_header' line")]
    [InlineData("ply\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n", "line 6", "no 'format' line")]
    [InlineData("PLY\n", "line 1", "expected the first line 'ply', found 'PLY'")]
    [InlineData("ply\nformat binary_middle_endian 1.0\n", "line 2", "format 'binary_middle_endian' is unknown")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty quad z\nend_header\n", "line 6", "'quad' is not a PLY type")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n", "line 3", "element 'vertex' has no property 'z'")]
    [InlineData("ply\nformat ascii 1.0\nelement point 1\nproperty float x\nend_header\n", "line 5", "no 'vertex' element")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int corners\nend_header\n", "line 7", "no list property 'vertex_indices'")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex -1\n", "line 3", "'-1' is not a valid element count")]
    public void BadHeaderFails(string header, string location, string problem)
    {
        string path = _temp.Write("header.ply", header);

        GeometryAssert.Fails(path, location, problem);
    }

    [Fact]
    public void EmptyFileFails()
    {
        string path = _temp.Write("empty.ply", "");

        GeometryAssert.Fails(path, null, "the file is empty");
    }
}
