using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

/// <summary>A temporary folder for test files, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => FullPath = Directory.CreateTempSubdirectory("neuralsdf-geometry-").FullName;

    public string FullPath { get; }

    /// <summary>Writes <paramref name="text"/> (ASCII, '\n' line ends unless the text has others) and returns the path.</summary>
    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(FullPath, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(FullPath, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}

/// <summary>Files that ship in the repository (found by walking up to the solution file).</summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuralSdf.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No NeuralSdf.sln above {AppContext.BaseDirectory}.");
    });

    public static string Get(params string[] parts) => Path.Combine([s_root.Value, .. parts]);

    public static string TestData(string name) => Get("tests", "Training.Tests", "Geometry", "Data", name);
}

/// <summary>Builds binary PLY bodies in either byte order.</summary>
internal sealed class PlyBytes(bool bigEndian)
{
    private readonly MemoryStream _body = new();

    public PlyBytes U8(byte v) { _body.WriteByte(v); return this; }
    public PlyBytes I8(sbyte v) { _body.WriteByte((byte)v); return this; }
    public PlyBytes I16(short v) => Put(2, s => { if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(s, v); else BinaryPrimitives.WriteInt16LittleEndian(s, v); });
    public PlyBytes U16(ushort v) => Put(2, s => { if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(s, v); else BinaryPrimitives.WriteUInt16LittleEndian(s, v); });
    public PlyBytes I32(int v) => Put(4, s => { if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(s, v); else BinaryPrimitives.WriteInt32LittleEndian(s, v); });
    public PlyBytes U32(uint v) => Put(4, s => { if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(s, v); else BinaryPrimitives.WriteUInt32LittleEndian(s, v); });
    public PlyBytes F32(float v) => Put(4, s => { if (bigEndian) BinaryPrimitives.WriteSingleBigEndian(s, v); else BinaryPrimitives.WriteSingleLittleEndian(s, v); });
    public PlyBytes F64(double v) => Put(8, s => { if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(s, v); else BinaryPrimitives.WriteDoubleLittleEndian(s, v); });

    /// <summary>The header (which must end with "end_header\n") followed by the body.</summary>
    public byte[] After(string header) => [.. Encoding.ASCII.GetBytes(header), .. _body.ToArray()];

    private PlyBytes Put(int size, SpanAction write)
    {
        Span<byte> bytes = stackalloc byte[size];
        write(bytes);
        _body.Write(bytes);
        return this;
    }

    private delegate void SpanAction(Span<byte> bytes);
}

/// <summary>The unit cube [0, 1]³: bits 0, 1, 2 of a corner's index are its x, y, z; triangles counter-clockwise seen from outside.</summary>
internal static class UnitCube
{
    public static readonly Vector3[] Corners =
        [.. Enumerable.Range(0, 8).Select(i => new Vector3(i & 1, (i >> 1) & 1, (i >> 2) & 1))];

    public static readonly int[] Triangles =
    [
        0, 2, 3, 0, 3, 1,   // z = 0
        4, 5, 7, 4, 7, 6,   // z = 1
        0, 1, 5, 0, 5, 4,   // y = 0
        2, 6, 7, 2, 7, 3,   // y = 1
        0, 4, 6, 0, 6, 2,   // x = 0
        1, 3, 7, 1, 7, 5,   // x = 1
    ];

    /// <summary>The corners of every triangle in order, three per triangle: what a triangle soup of the cube holds.</summary>
    public static Vector3[] Soup() => [.. Triangles.Select(i => Corners[i])];
}

internal static class GeometryAssert
{
    /// <summary>Asserts two vector lists match component-wise within <paramref name="tolerance"/>.</summary>
    public static void Near(IReadOnlyList<Vector3> expected, IReadOnlyList<Vector3>? actual, float tolerance)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            float error = Vector3.Abs(expected[i] - actual[i]) is var d ? MathF.Max(d.X, MathF.Max(d.Y, d.Z)) : 0;
            Assert.True(error <= tolerance, $"vector {i}: expected {expected[i]}, got {actual[i]} (error {error}, tolerance {tolerance})");
        }
    }

    /// <summary>
    /// Asserts that reading throws a <see cref="GeometryFormatException"/> whose one-line message names the
    /// file, the location (null: none) and every fragment of the problem.
    /// </summary>
    public static GeometryFormatException Fails(string path, string? location, params string[] problemFragments) =>
        Fails(() => GeometryReader.Read(path), path, location, problemFragments);

    public static GeometryFormatException Fails(Func<InputGeometry> read, string path, string? location, params string[] problemFragments)
    {
        var e = Assert.Throws<GeometryFormatException>(() => read());
        Assert.Equal(path, e.FilePath);
        Assert.True(e.Message.StartsWith(path + ": ", StringComparison.Ordinal), $"message should start with the file name: {e.Message}");
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(location, e.Location);
        if (location is not null) Assert.Contains($": {location}: ", e.Message);
        foreach (string fragment in problemFragments)
            Assert.True(e.Message.Contains(fragment, StringComparison.Ordinal), $"expected '{fragment}' in: {e.Message}");
        return e;
    }

    /// <summary>The volume enclosed by the triangles; positive when they are counter-clockwise seen from outside.</summary>
    public static double SignedVolume(InputGeometry g)
    {
        double volume = 0;
        for (int t = 0; t < g.Triangles.Length; t += 3)
        {
            Vector3 a = g.Positions[g.Triangles[t]], b = g.Positions[g.Triangles[t + 1]], c = g.Positions[g.Triangles[t + 2]];
            volume += Vector3.Dot(a, Vector3.Cross(b, c)) / 6.0;
        }
        return volume;
    }

    /// <summary>Every directed edge appears once and its reverse once: closed, and every face wound the same way.</summary>
    public static void ClosedAndConsistentlyWound(InputGeometry g)
    {
        var edges = new HashSet<(int, int)>();
        for (int t = 0; t < g.Triangles.Length; t += 3)
        {
            for (int k = 0; k < 3; k++)
            {
                var edge = (g.Triangles[t + k], g.Triangles[t + (k + 1) % 3]);
                Assert.True(edges.Add(edge), $"directed edge {edge} appears twice: faces are wound inconsistently");
            }
        }
        foreach ((int a, int b) in edges)
            Assert.True(edges.Contains((b, a)), $"edge ({a}, {b}) has no opposite: the surface is open");
    }
}
