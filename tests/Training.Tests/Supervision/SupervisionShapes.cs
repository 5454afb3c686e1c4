using System.Numerics;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Supervision;

/// <summary>Mesh edits and exact distances for the supervision tests.</summary>
internal static class SupervisionShapes
{
    /// <summary>Both meshes as one, indices of the second shifted past the first's positions.</summary>
    public static InputGeometry Merge(InputGeometry first, InputGeometry second) =>
        new("merged (test)",
            [.. first.Positions, .. second.Positions],
            [.. first.Triangles, .. second.Triangles.Select(i => i + first.VertexCount)],
            normals: null);

    /// <summary>The mesh with every triangle's winding reversed (clockwise seen from outside).</summary>
    public static InputGeometry Flip(InputGeometry mesh)
    {
        int[] flipped = (int[])mesh.Triangles.Clone();
        for (int t = 0; t < flipped.Length; t += 3) (flipped[t + 1], flipped[t + 2]) = (flipped[t + 2], flipped[t + 1]);
        return new InputGeometry("flipped (test)", mesh.Positions, flipped, normals: null);
    }

    /// <summary>The mesh without the triangles whose centroid lies within <paramref name="radius"/> of
    /// <paramref name="point"/>; also returns how many were removed.</summary>
    public static (InputGeometry Mesh, int Removed) Punch(InputGeometry mesh, Vector3 point, float radius)
    {
        var kept = new List<int>();
        int removed = 0;
        for (int t = 0; t < mesh.Triangles.Length; t += 3)
        {
            Vector3 centroid = (mesh.Positions[mesh.Triangles[t]] + mesh.Positions[mesh.Triangles[t + 1]] + mesh.Positions[mesh.Triangles[t + 2]]) / 3;
            if (Vector3.Distance(centroid, point) < radius) removed++;
            else kept.AddRange(mesh.Triangles.AsSpan(t, 3));
        }
        return (new InputGeometry("punched (test)", mesh.Positions, kept.ToArray(), normals: null), removed);
    }

    /// <summary>Exact SDF of a sphere.</summary>
    public static float Sphere(Vector3 p, Vector3 center, float radius) => Vector3.Distance(p, center) - radius;

    /// <summary>Exact SDF of a torus about the y axis through <paramref name="center"/>.</summary>
    public static float Torus(Vector3 p, Vector3 center, float major, float minor)
    {
        Vector3 q = p - center;
        float ring = MathF.Sqrt(q.X * q.X + q.Z * q.Z) - major;
        return MathF.Sqrt(ring * ring + q.Y * q.Y) - minor;
    }

    /// <summary><paramref name="count"/> seeded points uniform in the box [center − half, center + half].</summary>
    public static Vector3[] UniformPoints(Vector3 center, float half, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => center + half * new Vector3(random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1))
            .ToArray();
    }

    /// <summary><paramref name="count"/> seeded points in the shell of a sphere, |p − c| − r uniform in
    /// [−<paramref name="band"/>, <paramref name="band"/>].</summary>
    public static Vector3[] ShellPoints(Vector3 center, float radius, float band, int count, int seed)
    {
        var random = new Random(seed);
        var points = new Vector3[count];
        for (int i = 0; i < count; i++)
        {
            Vector3 v;
            do v = new Vector3(random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1);
            while (v.LengthSquared() is > 1 or < 1e-4f);
            points[i] = center + (radius + band * (random.NextSingle() * 2 - 1)) * Vector3.Normalize(v);
        }
        return points;
    }
}
