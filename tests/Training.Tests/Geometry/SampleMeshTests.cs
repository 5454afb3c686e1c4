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
        GeometryAssert.ClosedAndConsistentlyWound(g);
        Assert.True(GeometryAssert.SignedVolume(g) > 0, $"bunny's signed volume is {GeometryAssert.SignedVolume(g)}; triangles should be counter-clockwise seen from outside");
        Assert.InRange(g.Bounds.Size.Y, 9f, 10f);
    }

    [Fact]
    public void TorusMatchesItsGeneratingParameters()
    {
        InputGeometry g = GeometryReader.Read(RepoFiles.Get("meshes", "torus.obj"));

        const float major = 1f, minor = 0.35f;
        Assert.Equal(48 * 24, g.VertexCount);
        Assert.Equal(48 * 24 * 2, g.TriangleCount);
        GeometryAssert.ClosedAndConsistentlyWound(g);
        foreach (Vector3 p in g.Positions)
        {
            float ring = new Vector2(p.X, p.Y).Length() - major;
            float distance = MathF.Abs(new Vector2(ring, p.Z).Length() - minor);
            Assert.True(distance < 1e-5f, $"vertex {p} is {distance} off the torus surface");
        }
        // An inscribed polyhedron has slightly less volume than the torus 2π²Rr² (here about 1.4 % less).
        double exact = 2 * Math.PI * Math.PI * major * minor * minor;
        double volume = GeometryAssert.SignedVolume(g);
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
}
