using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>Connected components of a triangle mesh (triangles that share a vertex belong together).</summary>
public static class MeshComponents
{
    /// <summary>The component of every triangle, numbered from 0, and the number of components.</summary>
    public static (int[] ComponentOfTriangle, int Count) Label(TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        int[] parent = Enumerable.Range(0, mesh.Positions.Length).ToArray();
        int Find(int v)
        {
            while (parent[v] != v) v = parent[v] = parent[parent[v]];
            return v;
        }
        int[] indices = mesh.Indices;
        for (int i = 0; i < indices.Length; i += 3)
        {
            int a = Find(indices[i]);
            parent[Find(indices[i + 1])] = a;
            parent[Find(indices[i + 2])] = a;
        }
        var numbers = new Dictionary<int, int>();
        int[] component = new int[mesh.TriangleCount];
        for (int t = 0; t < component.Length; t++)
        {
            int root = Find(indices[3 * t]);
            if (!numbers.TryGetValue(root, out int number)) numbers[root] = number = numbers.Count;
            component[t] = number;
        }
        return (component, numbers.Count);
    }

    /// <summary>Removes components whose area is under <paramref name="minimumFraction"/> of the mesh's total area; unused vertices go too.</summary>
    public static TriangleMesh RemoveSmall(TriangleMesh mesh, float minimumFraction)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        (int[] component, int count) = Label(mesh);
        double[] area = new double[count];
        for (int t = 0; t < component.Length; t++) area[component[t]] += TriangleArea(mesh, t);
        double threshold = minimumFraction * area.Sum();

        int[] newIndex = Enumerable.Repeat(-1, mesh.Positions.Length).ToArray();
        var positions = new List<Vector3>();
        var indices = new List<int>();
        for (int t = 0; t < component.Length; t++)
        {
            if (area[component[t]] < threshold) continue;
            for (int c = 0; c < 3; c++)
            {
                int v = mesh.Indices[3 * t + c];
                if (newIndex[v] < 0)
                {
                    newIndex[v] = positions.Count;
                    positions.Add(mesh.Positions[v]);
                }
                indices.Add(newIndex[v]);
            }
        }
        return new TriangleMesh(positions.ToArray(), indices.ToArray());
    }

    private static double TriangleArea(TriangleMesh mesh, int t)
    {
        Vector3 a = mesh.Positions[mesh.Indices[3 * t]], b = mesh.Positions[mesh.Indices[3 * t + 1]], c = mesh.Positions[mesh.Indices[3 * t + 2]];
        return 0.5 * Vector3.Cross(b - a, c - a).Length();
    }
}
