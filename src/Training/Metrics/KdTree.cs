using System.Numerics;

namespace NeuralSdf.Training.Metrics;

/// <summary>A static 3-d tree over a point set, for nearest-neighbour queries.</summary>
public sealed class KdTree
{
    private const int LeafSize = 8;
    private readonly Vector3[] _points;
    private readonly int[] _order;
    private readonly Node[] _nodes;

    private readonly record struct Node(int Start, int End, int Axis, float Split, int Left, int Right);

    /// <summary>Builds the tree; <paramref name="points"/> must not be empty.</summary>
    public KdTree(Vector3[] points)
    {
        if (points.Length == 0) throw new ArgumentException("Cannot build a k-d tree over no points.", nameof(points));
        _points = points;
        _order = Enumerable.Range(0, points.Length).ToArray();
        var nodes = new List<Node>(2 * points.Length / LeafSize + 1);
        Build(nodes, 0, points.Length);
        _nodes = nodes.ToArray();
    }

    /// <summary>The index of the point nearest to <paramref name="query"/> and the squared distance to it.</summary>
    public (int Index, float DistanceSquared) Nearest(Vector3 query)
    {
        int best = -1;
        float bestSquared = float.PositiveInfinity;
        Search(0, query, ref best, ref bestSquared);
        return (best, bestSquared);
    }

    private int Build(List<Node> nodes, int start, int end)
    {
        int index = nodes.Count;
        nodes.Add(default);
        if (end - start <= LeafSize)
        {
            nodes[index] = new Node(start, end, -1, 0, -1, -1);
            return index;
        }
        Vector3 min = _points[_order[start]], max = min;
        for (int i = start; i < end; i++)
        {
            min = Vector3.Min(min, _points[_order[i]]);
            max = Vector3.Max(max, _points[_order[i]]);
        }
        Vector3 size = max - min;
        int axis = size.X >= size.Y && size.X >= size.Z ? 0 : size.Y >= size.Z ? 1 : 2;
        int middle = (start + end) / 2;
        Array.Sort(_order, start, end - start, Comparer<int>.Create((a, b) => _points[a][axis].CompareTo(_points[b][axis])));
        float split = _points[_order[middle]][axis];
        int left = Build(nodes, start, middle);
        int right = Build(nodes, middle, end);
        nodes[index] = new Node(start, end, axis, split, left, right);
        return index;
    }

    private void Search(int nodeIndex, Vector3 query, ref int best, ref float bestSquared)
    {
        Node node = _nodes[nodeIndex];
        if (node.Axis < 0)
        {
            for (int i = node.Start; i < node.End; i++)
            {
                float d = Vector3.DistanceSquared(query, _points[_order[i]]);
                if (d < bestSquared) { bestSquared = d; best = _order[i]; }
            }
            return;
        }
        float delta = query[node.Axis] - node.Split;
        (int near, int far) = delta < 0 ? (node.Left, node.Right) : (node.Right, node.Left);
        Search(near, query, ref best, ref bestSquared);
        if (delta * delta < bestSquared) Search(far, query, ref best, ref bestSquared);
    }
}
