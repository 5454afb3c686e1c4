using System.Numerics;

namespace NeuralSdf.Runtime.Tests.Meshing;

/// <summary>Topological and geometric measures of a triangle mesh, computed the plain way for tests.</summary>
internal static class MeshMeasures
{
    /// <summary>How many triangles use each undirected edge.</summary>
    public static Dictionary<(int, int), int> EdgeUse(TriangleMesh mesh)
    {
        var use = new Dictionary<(int, int), int>();
        int[] t = mesh.Indices;
        for (int n = 0; n < t.Length; n += 3)
        {
            for (int c = 0; c < 3; c++)
            {
                int a = t[n + c], b = t[n + (c + 1) % 3];
                var key = a < b ? (a, b) : (b, a);
                use[key] = use.GetValueOrDefault(key) + 1;
            }
        }
        return use;
    }

    /// <summary>How many directed edges a→b appear twice (a closed, consistently oriented mesh has none).</summary>
    public static int RepeatedDirectedEdges(TriangleMesh mesh)
    {
        var seen = new HashSet<(int, int)>();
        int repeated = 0;
        int[] t = mesh.Indices;
        for (int n = 0; n < t.Length; n += 3)
        {
            for (int c = 0; c < 3; c++)
            {
                if (!seen.Add((t[n + c], t[n + (c + 1) % 3]))) repeated++;
            }
        }
        return repeated;
    }

    /// <summary>A description of the edges not used by exactly two triangles, empty when the mesh is closed.</summary>
    public static string OpenOrNonManifoldEdges(TriangleMesh mesh)
    {
        var bad = EdgeUse(mesh).Where(pair => pair.Value != 2).ToList();
        if (bad.Count == 0) return "";
        return $"{bad.Count} edges not used by exactly two triangles, e.g. "
            + string.Join("; ", bad.Take(5).Select(p => $"{p.Key} used {p.Value}× at {mesh.Positions[p.Key.Item1]}"));
    }

    /// <summary>V − E + F, counting only vertices some triangle uses.</summary>
    public static int EulerCharacteristic(TriangleMesh mesh)
    {
        int vertices = mesh.Indices.Distinct().Count();
        return vertices - EdgeUse(mesh).Count + mesh.TriangleCount;
    }

    /// <summary>The signed volume enclosed (positive when triangles are counter-clockwise seen from outside).</summary>
    public static double SignedVolume(TriangleMesh mesh)
    {
        double sum = 0;
        int[] t = mesh.Indices;
        for (int n = 0; n < t.Length; n += 3)
        {
            Vector3 a = mesh.Positions[t[n]], b = mesh.Positions[t[n + 1]], c = mesh.Positions[t[n + 2]];
            sum += (double)a.X * ((double)b.Y * c.Z - (double)b.Z * c.Y)
                 - (double)a.Y * ((double)b.X * c.Z - (double)b.Z * c.X)
                 + (double)a.Z * ((double)b.X * c.Y - (double)b.Y * c.X);
        }
        return sum / 6;
    }

    /// <summary>The (unnormalized, area-weighted) normal of triangle <paramref name="triangle"/>.</summary>
    public static Vector3 TriangleNormal(TriangleMesh mesh, int triangle)
    {
        Vector3 a = mesh.Positions[mesh.Indices[3 * triangle]];
        Vector3 b = mesh.Positions[mesh.Indices[3 * triangle + 1]];
        Vector3 c = mesh.Positions[mesh.Indices[3 * triangle + 2]];
        return Vector3.Cross(b - a, c - a);
    }

    /// <summary>
    /// The triangles as positions, independent of vertex numbering and triangle order: each triangle rotated
    /// (keeping its winding) so that its smallest corner comes first, then all sorted. Two meshes with the same
    /// triangles at the same positions give equal lists.
    /// </summary>
    public static List<(Vector3 A, Vector3 B, Vector3 C)> CanonicalTriangles(TriangleMesh mesh)
    {
        var triangles = new List<(Vector3, Vector3, Vector3)>(mesh.TriangleCount);
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            Vector3 a = mesh.Positions[mesh.Indices[3 * t]], b = mesh.Positions[mesh.Indices[3 * t + 1]], c = mesh.Positions[mesh.Indices[3 * t + 2]];
            (Vector3, Vector3, Vector3) best = (a, b, c);
            if (CompareTriangles((b, c, a), best) < 0) best = (b, c, a);
            if (CompareTriangles((c, a, b), best) < 0) best = (c, a, b);
            triangles.Add(best);
        }
        triangles.Sort(CompareTriangles);
        return triangles;
    }

    private static int ComparePoints(Vector3 p, Vector3 q)
    {
        int order = p.X.CompareTo(q.X);
        if (order == 0) order = p.Y.CompareTo(q.Y);
        if (order == 0) order = p.Z.CompareTo(q.Z);
        return order;
    }

    private static int CompareTriangles((Vector3 A, Vector3 B, Vector3 C) s, (Vector3 A, Vector3 B, Vector3 C) t)
    {
        int order = ComparePoints(s.A, t.A);
        if (order == 0) order = ComparePoints(s.B, t.B);
        if (order == 0) order = ComparePoints(s.C, t.C);
        return order;
    }
}
