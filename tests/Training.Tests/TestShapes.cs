using System.Numerics;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests;

/// <summary>Closed-form shapes as input geometry, so fits can be compared with exact distances.</summary>
internal static class TestShapes
{
    /// <summary>A UV sphere mesh, counter-clockwise seen from outside.</summary>
    public static InputGeometry Sphere(Vector3 center, float radius, int segments = 48, int rings = 24)
    {
        var positions = new List<Vector3>();
        for (int r = 0; r <= rings; r++)
        {
            float theta = MathF.PI * r / rings;
            for (int s = 0; s < segments; s++)
            {
                float phi = 2 * MathF.PI * s / segments;
                positions.Add(center + radius * new Vector3(MathF.Sin(theta) * MathF.Cos(phi), MathF.Cos(theta), MathF.Sin(theta) * MathF.Sin(phi)));
            }
        }
        var triangles = new List<int>();
        for (int r = 0; r < rings; r++)
        {
            for (int s = 0; s < segments; s++)
            {
                int a = r * segments + s, b = r * segments + (s + 1) % segments;
                int c = a + segments, d = b + segments;
                if (r > 0) triangles.AddRange([a, b, c]);
                if (r < rings - 1) triangles.AddRange([b, d, c]);
            }
        }
        return new InputGeometry("sphere (test)", positions.ToArray(), triangles.ToArray(), normals: null);
    }

    /// <summary>Points on a sphere with exact outward normals, as a point cloud.</summary>
    public static InputGeometry SpherePoints(Vector3 center, float radius, int count, int seed)
    {
        var random = new Random(seed);
        var normals = new Vector3[count];
        for (int i = 0; i < count; i++)
        {
            Vector3 v;
            do v = new Vector3(random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1);
            while (v.LengthSquared() is > 1 or < 1e-4f);
            normals[i] = Vector3.Normalize(v);
        }
        return new InputGeometry("sphere points (test)", normals.Select(n => center + radius * n).ToArray(), [], normals);
    }

    /// <summary>A torus about the y axis (ring of radius <paramref name="major"/>, tube of radius
    /// <paramref name="minor"/>), counter-clockwise seen from outside.</summary>
    public static InputGeometry Torus(Vector3 center, float major, float minor, int segments = 48, int sides = 24)
    {
        var positions = new List<Vector3>();
        for (int s = 0; s < segments; s++)
        {
            float phi = 2 * MathF.PI * s / segments;
            var ring = new Vector3(MathF.Cos(phi), 0, MathF.Sin(phi));
            for (int t = 0; t < sides; t++)
            {
                float theta = 2 * MathF.PI * t / sides;
                positions.Add(center + (major + minor * MathF.Cos(theta)) * ring + new Vector3(0, minor * MathF.Sin(theta), 0));
            }
        }
        var triangles = new List<int>();
        for (int s = 0; s < segments; s++)
        {
            for (int t = 0; t < sides; t++)
            {
                int a = s * sides + t, b = s * sides + (t + 1) % sides;
                int c = (s + 1) % segments * sides + t, d = (s + 1) % segments * sides + (t + 1) % sides;
                triangles.AddRange([a, b, c]);
                triangles.AddRange([b, d, c]);
            }
        }
        return new InputGeometry("torus (test)", positions.ToArray(), triangles.ToArray(), normals: null);
    }
}
