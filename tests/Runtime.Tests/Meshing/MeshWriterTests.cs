using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace NeuralSdf.Runtime.Tests.Meshing;

public sealed class MeshWriterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nsdf-meshwriter-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A small mesh whose coordinates need all nine digits, include a negative zero and tiny and huge values.</summary>
    private static TriangleMesh SampleMesh()
    {
        var random = new Random(7);
        var positions = new Vector3[300];
        for (int n = 0; n < positions.Length; n++)
            positions[n] = new Vector3((float)random.NextDouble() * 2 - 1, (float)(random.NextDouble() * 1e-7), (float)(random.NextDouble() * 3e6));
        positions[0] = new Vector3(-0f, float.Epsilon, 1f / 3f);
        var indices = new int[3 * 500];
        for (int n = 0; n < indices.Length; n++) indices[n] = random.Next(positions.Length);
        indices[0] = positions.Length - 1; // the highest index must survive the 1-based shift
        return new TriangleMesh(positions, indices);
    }

    private static TriangleMesh ReadObj(string path)
    {
        var positions = new List<Vector3>();
        var indices = new List<int>();
        foreach (string line in File.ReadLines(path))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts[0] == "#") continue;
            if (parts[0] == "v")
            {
                Assert.Equal(4, parts.Length);
                positions.Add(new Vector3(
                    float.Parse(parts[1], CultureInfo.InvariantCulture),
                    float.Parse(parts[2], CultureInfo.InvariantCulture),
                    float.Parse(parts[3], CultureInfo.InvariantCulture)));
            }
            else if (parts[0] == "f")
            {
                Assert.Equal(4, parts.Length);
                for (int c = 1; c < 4; c++) indices.Add(int.Parse(parts[c], CultureInfo.InvariantCulture) - 1);
            }
            else Assert.Fail($"unexpected OBJ line: {line}");
        }
        return new TriangleMesh(positions.ToArray(), indices.ToArray());
    }

    private static TriangleMesh ReadPly(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        const string end = "end_header\n";
        int headerLength = Encoding.ASCII.GetString(bytes).IndexOf(end, StringComparison.Ordinal) + end.Length;
        string[] header = Encoding.ASCII.GetString(bytes, 0, headerLength).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ply", header[0]);
        Assert.Equal("format binary_little_endian 1.0", header[1]);
        int vertexCount = 0, faceCount = 0;
        var properties = new List<string>();
        foreach (string line in header)
        {
            if (line.StartsWith("element vertex ", StringComparison.Ordinal)) vertexCount = int.Parse(line[15..], CultureInfo.InvariantCulture);
            if (line.StartsWith("element face ", StringComparison.Ordinal)) faceCount = int.Parse(line[13..], CultureInfo.InvariantCulture);
            if (line.StartsWith("property ", StringComparison.Ordinal)) properties.Add(line);
        }
        Assert.Equal(["property float x", "property float y", "property float z", "property list uchar int vertex_indices"], properties);
        Assert.Equal(headerLength + 12 * vertexCount + 13 * faceCount, bytes.Length);

        ReadOnlySpan<byte> body = bytes.AsSpan(headerLength);
        var positions = new Vector3[vertexCount];
        for (int n = 0; n < vertexCount; n++, body = body[12..])
            positions[n] = new Vector3(BinaryPrimitives.ReadSingleLittleEndian(body), BinaryPrimitives.ReadSingleLittleEndian(body[4..]), BinaryPrimitives.ReadSingleLittleEndian(body[8..]));
        var indices = new int[3 * faceCount];
        for (int f = 0; f < faceCount; f++, body = body[13..])
        {
            Assert.Equal(3, body[0]);
            for (int c = 0; c < 3; c++) indices[3 * f + c] = BinaryPrimitives.ReadInt32LittleEndian(body[(1 + 4 * c)..]);
        }
        return new TriangleMesh(positions, indices);
    }

    private static void AssertSameMesh(TriangleMesh expected, TriangleMesh actual)
    {
        Assert.Equal(expected.Indices, actual.Indices);
        Assert.Equal(expected.Positions.Length, actual.Positions.Length);
        for (int n = 0; n < expected.Positions.Length; n++)
        {
            // Bit for bit, so that −0 and subnormals count too.
            Vector3 e = expected.Positions[n], a = actual.Positions[n];
            Assert.True(
                BitConverter.SingleToInt32Bits(e.X) == BitConverter.SingleToInt32Bits(a.X)
                && BitConverter.SingleToInt32Bits(e.Y) == BitConverter.SingleToInt32Bits(a.Y)
                && BitConverter.SingleToInt32Bits(e.Z) == BitConverter.SingleToInt32Bits(a.Z),
                $"vertex {n}: wrote {e:G9}, read back {a:G9}");
        }
    }

    [Fact]
    public void ObjReadsBackExactlyWhateverTheCurrentCulture()
    {
        TriangleMesh mesh = SampleMesh();
        string path = Path.Combine(_folder, "mesh.obj");
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // decimal comma
            MeshWriter.WriteObj(mesh, path);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        AssertSameMesh(mesh, ReadObj(path));
    }

    [Fact]
    public void PlyReadsBackExactly()
    {
        TriangleMesh mesh = SampleMesh();
        string path = Path.Combine(_folder, "mesh.ply");
        MeshWriter.WritePly(mesh, path);
        AssertSameMesh(mesh, ReadPly(path));
    }

    [Fact]
    public void ExtractedMeshSurvivesBothFormats()
    {
        SdfGrid grid = SdfGrid.Sample(new BoundingBox(new Vector3(-1), new Vector3(1)), 24, (points, distances) =>
        {
            for (int n = 0; n < points.Length; n++) distances[n] = points[n].Length() - 0.6f;
        });
        TriangleMesh mesh = MarchingCubes.Extract(grid);
        MeshWriter.WriteObj(mesh, Path.Combine(_folder, "sphere.obj"));
        MeshWriter.WritePly(mesh, Path.Combine(_folder, "sphere.ply"));
        AssertSameMesh(mesh, ReadObj(Path.Combine(_folder, "sphere.obj")));
        AssertSameMesh(mesh, ReadPly(Path.Combine(_folder, "sphere.ply")));
    }

    [Theory]
    [InlineData("obj")]
    [InlineData("ply")]
    public void WriterCreatesMissingFoldersReplacesTheTargetAndLeavesNoTemporaryFile(string format)
    {
        string path = Path.Combine(_folder, "does", "not", "exist", "mesh." + format);
        Action<TriangleMesh> write = format == "obj" ? m => MeshWriter.WriteObj(m, path) : m => MeshWriter.WritePly(m, path);
        Func<TriangleMesh> read = format == "obj" ? () => ReadObj(path) : () => ReadPly(path);

        write(SampleMesh());
        var small = new TriangleMesh([Vector3.Zero, Vector3.UnitX, Vector3.UnitY], [0, 1, 2]);
        write(small);

        AssertSameMesh(small, read());
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void EmptyMeshWritesValidFiles()
    {
        var empty = new TriangleMesh([], []);
        MeshWriter.WriteObj(empty, Path.Combine(_folder, "empty.obj"));
        MeshWriter.WritePly(empty, Path.Combine(_folder, "empty.ply"));
        Assert.Equal(0, ReadObj(Path.Combine(_folder, "empty.obj")).TriangleCount);
        Assert.Equal(0, ReadPly(Path.Combine(_folder, "empty.ply")).TriangleCount);
    }
}
