using System.Numerics;

namespace NeuralSdf.Training.Metrics;

/// <summary>A static 3-d tree over a point set, for nearest- and k-nearest-neighbour queries.</summary>
/// <remarks>Every node keeps the tight box of its points, and searches skip a node whose box is no nearer
/// than the best distance found so far; that bound stays sharp for queries far from the points (a cloud
/// sampling a surface, queried off it), where split planes alone would let most of the tree through.
/// Queries allocate nothing and may run on several threads at once.</remarks>
public sealed class KdTree
{
    private const int LeafSize = 8;
    private readonly Vector3[] _points;
    private readonly int[] _order;
    private readonly Node[] _nodes;

    /// <summary>A node's points are _order[Start..End); Left is -1 for a leaf.</summary>
    private readonly record struct Node(Vector3 Min, Vector3 Max, int Start, int End, int Left, int Right);

    /// <summary>Builds the tree; <paramref name="points"/> must not be empty. The array is kept, not copied.</summary>
    public KdTree(Vector3[] points)
    {
        if (points.Length == 0) throw new ArgumentException("Cannot build a k-d tree over no points.", nameof(points));
        _points = points;
        _order = Enumerable.Range(0, points.Length).ToArray();
        var nodes = new List<Node>(2 * points.Length / LeafSize + 1);
        Build(nodes, new float[points.Length], 0, points.Length);
        _nodes = nodes.ToArray();
    }

    /// <summary>The number of points in the tree.</summary>
    public int Count => _points.Length;

    /// <summary>The index of the point nearest to <paramref name="query"/> and the squared distance to it.</summary>
    public (int Index, float DistanceSquared) Nearest(Vector3 query)
    {
        Span<int> index = stackalloc int[1];
        Span<float> squared = stackalloc float[1];
        Nearest(query, index, squared);
        return (index[0], squared[0]);
    }

    /// <summary>
    /// The points nearest to <paramref name="query"/>, nearest first: fills <paramref name="indices"/> and
    /// <paramref name="distancesSquared"/> (k = their common length) and returns how many it filled, which is
    /// k or the point count if that is smaller. Ties are broken arbitrarily. Allocates nothing.
    /// </summary>
    public int Nearest(Vector3 query, Span<int> indices, Span<float> distancesSquared)
    {
        if (indices.Length != distancesSquared.Length)
            throw new ArgumentException(
                $"The index span holds {indices.Length} entries and the distance span {distancesSquared.Length}; they must match.",
                nameof(distancesSquared));
        if (indices.IsEmpty) return 0;
        int found = 0;
        Search(0, query, indices, distancesSquared, ref found);
        return found;
    }

    private int Build(List<Node> nodes, float[] keys, int start, int end)
    {
        int index = nodes.Count;
        nodes.Add(default);
        Vector3 min = _points[_order[start]], max = min;
        for (int i = start; i < end; i++)
        {
            min = Vector3.Min(min, _points[_order[i]]);
            max = Vector3.Max(max, _points[_order[i]]);
        }
        if (end - start <= LeafSize)
        {
            nodes[index] = new Node(min, max, start, end, -1, -1);
            return index;
        }
        Vector3 size = max - min;
        int axis = size.X >= size.Y && size.X >= size.Z ? 0 : size.Y >= size.Z ? 1 : 2;
        for (int i = start; i < end; i++) keys[i] = _points[_order[i]][axis];
        Array.Sort(keys, _order, start, end - start);
        int middle = (start + end) / 2;
        int left = Build(nodes, keys, start, middle);
        int right = Build(nodes, keys, middle, end);
        nodes[index] = new Node(min, max, start, end, left, right);
        return index;
    }

    private void Search(int nodeIndex, Vector3 query, Span<int> indices, Span<float> distancesSquared, ref int found)
    {
        Node node = _nodes[nodeIndex];
        int k = indices.Length;
        if (node.Left < 0)
        {
            for (int i = node.Start; i < node.End; i++)
            {
                float d = Vector3.DistanceSquared(query, _points[_order[i]]);
                if (found == k && d >= distancesSquared[k - 1]) continue;
                // Insertion into the sorted list, dropping the farthest when it is full.
                int slot = found < k ? found++ : k - 1;
                while (slot > 0 && distancesSquared[slot - 1] > d)
                {
                    distancesSquared[slot] = distancesSquared[slot - 1];
                    indices[slot] = indices[slot - 1];
                    slot--;
                }
                distancesSquared[slot] = d;
                indices[slot] = _order[i];
            }
            return;
        }
        int near = node.Left, far = node.Right;
        float nearSquared = BoxDistanceSquared(_nodes[near], query), farSquared = BoxDistanceSquared(_nodes[far], query);
        if (farSquared < nearSquared)
        {
            (near, far) = (far, near);
            (nearSquared, farSquared) = (farSquared, nearSquared);
        }
        if (found < k || nearSquared < distancesSquared[k - 1]) Search(near, query, indices, distancesSquared, ref found);
        if (found < k || farSquared < distancesSquared[k - 1]) Search(far, query, indices, distancesSquared, ref found);
    }

    private static float BoxDistanceSquared(in Node node, Vector3 query) =>
        Vector3.Max(Vector3.Max(node.Min - query, query - node.Max), Vector3.Zero).LengthSquared();
}
