using System.Globalization;
using System.Numerics;
using System.Text;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

/// <summary>The sample inputs in <c>meshes/</c> load, with counts checked against independent sources.</summary>
public sealed class SampleMeshTests
{
    [Fact]
    public void BunnyLoadsWithTheNpmPackagesCountsAndOutwardWinding()
    {
        string path = RepoFiles.Get("meshes", "bunny.ply");

        InputGeometry g = GeometryReader.Read(path);

        // npm package "bunny" 1.0.1: positions.length = 1839, cells.length = 3674 (all triangles).
        Assert.Equal(1839, g.VertexCount);
        Assert.Equal(3674, g.TriangleCount);
        // The header says the same, read here without the reader.
        Assert.Equal(g.VertexCount, HeaderCount(path, "vertex"));
        Assert.Equal(g.TriangleCount, HeaderCount(path, "face"));
        Assert.Null(g.Normals);
        AssertClosedAndConsistentlyWound(g);
        Assert.True(SignedVolume(g) > 0, $"bunny's signed volume is {SignedVolume(g)}; triangles should be counter-clockwise seen from outside");
        Assert.InRange(g.Bounds.Size.Y, 9f, 10f);
    }

    [Fact]
    public void TorusMatchesItsGeneratingParameters()
    {
        InputGeometry g = GeometryReader.Read(RepoFiles.Get("meshes", "torus.obj"));

        const float major = 1f, minor = 0.35f;
        Assert.Equal(48 * 24, g.VertexCount);
        Assert.Equal(48 * 24 * 2, g.TriangleCount);
        AssertClosedAndConsistentlyWound(g);
        foreach (Vector3 p in g.Positions)
        {
            float ring = new Vector2(p.X, p.Y).Length() - major;
            float distance = MathF.Abs(new Vector2(ring, p.Z).Length() - minor);
            Assert.True(distance < 1e-5f, $"vertex {p} is {distance} off the torus surface");
        }
        // An inscribed polyhedron has slightly less volume than the torus 2π²Rr² (here about 1.4 % less).
        double exact = 2 * Math.PI * Math.PI * major * minor * minor;
        double volume = SignedVolume(g);
        Assert.True(volume > 0.97 * exact && volume < exact, $"torus volume {volume}, exact {exact}");
    }

    [Fact]
    public void CapsulePointsLieOnTheCapsuleWithExactOutwardNormals()
    {
        string path = RepoFiles.Get("meshes", "capsule.xyz");

        InputGeometry g = GeometryReader.Read(path);

        int dataLines = File.ReadLines(path).Count(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'));
        Assert.Equal(5000, dataLines);
        Assert.Equal(dataLines, g.VertexCount);
        Assert.False(g.IsMesh);
        Assert.NotNull(g.Normals);
        const float halfLength = 0.5f, radius = 0.5f;
        for (int i = 0; i < g.VertexCount; i++)
        {
            Vector3 p = g.Positions[i];
            var axisPoint = new Vector3(0, Math.Clamp(p.Y, -halfLength, halfLength), 0);
            Vector3 offset = p - axisPoint;
            float distance = MathF.Abs(offset.Length() - radius);
            Assert.True(distance < 1e-5f, $"point {i} {p} is {distance} off the capsule");
            float alignment = Vector3.Dot(Vector3.Normalize(offset), g.Normals[i]);
            Assert.True(alignment > 0.9999f, $"normal {i} {g.Normals[i]} is not the outward normal at {p} (cos {alignment})");
        }
    }

    private static int HeaderCount(string plyPath, string element)
    {
        using var stream = File.OpenRead(plyPath);
        var header = new StringBuilder();
        while (!header.ToString().EndsWith("end_header\n", StringComparison.Ordinal)) header.Append((char)stream.ReadByte());
        string line = header.ToString().Split('\n').Single(l => l.StartsWith($"element {element} ", StringComparison.Ordinal));
        return int.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture);
    }

    private static double SignedVolume(InputGeometry g)
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
    private static void AssertClosedAndConsistentlyWound(InputGeometry g)
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
