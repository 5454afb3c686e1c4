using System.Numerics;

namespace NeuralSdf.Training.Geometry;

/// <summary>
/// Orients unsigned normals consistently over a k-nearest-neighbour graph (Hoppe et al. 1992) and outward per
/// connected component; see <see cref="PointCloudNormals"/> for the method and its limits.
/// </summary>
internal static class NormalOrientation
{
    /// <summary>What the orientation changed.</summary>
    /// <param name="Flipped">Normals that ended up reversed.</param>
    /// <param name="Components">Connected components over the non-degenerate points.</param>
    /// <param name="Reversed">Components reversed as a whole by the outward vote.</param>
    public readonly record struct Result(int Flipped, int Components, int Reversed);

    /// <summary>
    /// Flips entries of <paramref name="normals"/> in place so that neighbours agree and each component points
    /// outward. <paramref name="graph"/> holds k neighbours per point (−1 for none); the graph is used both ways.
    /// Degenerate points are left out of the graph and left alone.
    /// </summary>
    public static Result Orient(Vector3[] positions, int[] graph, int k, Vector3[] normals, bool[] degenerate)
    {
        int n = positions.Length;
        (int[] reverseStart, int[] reverse) = ReverseEdges(graph, k, n, degenerate);

        // Prim's algorithm over all components at once: key = lightest edge weight to the tree so far.
        var heap = new IndexedMinHeap(n);
        var parent = new int[n];
        var done = new bool[n];
        var flipped = new bool[n];
        var order = new int[n];
        int ordered = 0, components = 0, reversed = 0;
        for (int root = 0; root < n; root++)
        {
            if (done[root] || degenerate[root]) continue;
            components++;
            int start = ordered;
            parent[root] = -1;
            heap.Update(root, 0);
            while (heap.Count > 0)
            {
                int node = heap.Pop();
                done[node] = true;
                order[ordered++] = node;
                Vector3 normal = normals[node];
                if (parent[node] >= 0 && Vector3.Dot(normal, normals[parent[node]]) < 0)
                {
                    normal = normals[node] = -normal;
                    flipped[node] = true;
                }
                for (int j = 0; j < k; j++) Relax(graph[node * k + j]);
                for (int j = reverseStart[node]; j < reverseStart[node + 1]; j++) Relax(reverse[j]);

                void Relax(int neighbour)
                {
                    if (neighbour < 0 || done[neighbour] || degenerate[neighbour]) return;
                    float weight = 1 - MathF.Abs(Vector3.Dot(normal, normals[neighbour]));
                    if (heap.Update(neighbour, weight)) parent[neighbour] = node;
                }
            }
            if (OutwardVote(positions, normals, order.AsSpan(start, ordered - start)) < 0)
            {
                reversed++;
                foreach (int node in order.AsSpan(start, ordered - start))
                {
                    normals[node] = -normals[node];
                    flipped[node] = !flipped[node];
                }
            }
        }
        int flippedCount = 0;
        foreach (bool f in flipped) flippedCount += f ? 1 : 0;
        return new Result(flippedCount, components, reversed);
    }

    /// <summary>
    /// The component's agreement with outward: for each of the six directions ±x, ±y, ±z, the normal of the point
    /// farthest along it (on a closed surface that point's outward normal is the direction itself), dotted with it.
    /// </summary>
    private static float OutwardVote(Vector3[] positions, Vector3[] normals, ReadOnlySpan<int> component)
    {
        Span<int> extreme = stackalloc int[6];
        extreme.Fill(component[0]);
        foreach (int node in component)
        {
            Vector3 p = positions[node];
            for (int axis = 0; axis < 3; axis++)
            {
                if (p[axis] > positions[extreme[2 * axis]][axis]) extreme[2 * axis] = node;
                if (p[axis] < positions[extreme[2 * axis + 1]][axis]) extreme[2 * axis + 1] = node;
            }
        }
        float vote = 0;
        for (int axis = 0; axis < 3; axis++)
            vote += normals[extreme[2 * axis]][axis] - normals[extreme[2 * axis + 1]][axis];
        return vote;
    }

    /// <summary>The graph's edges turned around, as compressed rows: i's incoming neighbours are reverse[start[i]..start[i + 1]).
    /// Edges touching a degenerate point are dropped.</summary>
    private static (int[] Start, int[] Edges) ReverseEdges(int[] graph, int k, int n, bool[] degenerate)
    {
        var start = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            if (degenerate[i]) continue;
            for (int j = 0; j < k; j++)
            {
                int target = graph[i * k + j];
                if (target >= 0 && !degenerate[target]) start[target + 1]++;
            }
        }
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        var edges = new int[start[n]];
        var next = start[..n];
        for (int i = 0; i < n; i++)
        {
            if (degenerate[i]) continue;
            for (int j = 0; j < k; j++)
            {
                int target = graph[i * k + j];
                if (target >= 0 && !degenerate[target]) edges[next[target]++] = i;
            }
        }
        return (start, edges);
    }

    /// <summary>A binary min-heap of node indices keyed by float, with decrease-key; each node is in it at most once.</summary>
    private sealed class IndexedMinHeap(int capacity)
    {
        private readonly int[] _heap = new int[capacity];
        private readonly int[] _position = Enumerable.Repeat(-1, capacity).ToArray();
        private readonly float[] _key = new float[capacity];

        public int Count { get; private set; }

        /// <summary>Inserts <paramref name="node"/> with <paramref name="key"/>, or lowers its key; true if either happened.</summary>
        public bool Update(int node, float key)
        {
            int at = _position[node];
            if (at < 0)
            {
                at = Count++;
                _heap[at] = node;
                _position[node] = at;
            }
            else if (key >= _key[node]) return false;
            _key[node] = key;
            SiftUp(at);
            return true;
        }

        /// <summary>Removes and returns the node with the smallest key.</summary>
        public int Pop()
        {
            int top = _heap[0];
            _position[top] = -1;
            int last = _heap[--Count];
            if (Count > 0)
            {
                _heap[0] = last;
                _position[last] = 0;
                SiftDown(0);
            }
            return top;
        }

        private void SiftUp(int at)
        {
            int node = _heap[at];
            float key = _key[node];
            while (at > 0)
            {
                int up = (at - 1) / 2;
                if (_key[_heap[up]] <= key) break;
                Place(_heap[up], at);
                at = up;
            }
            Place(node, at);
        }

        private void SiftDown(int at)
        {
            int node = _heap[at];
            float key = _key[node];
            while (true)
            {
                int child = 2 * at + 1;
                if (child >= Count) break;
                if (child + 1 < Count && _key[_heap[child + 1]] < _key[_heap[child]]) child++;
                if (_key[_heap[child]] >= key) break;
                Place(_heap[child], at);
                at = child;
            }
            Place(node, at);
        }

        private void Place(int node, int at)
        {
            _heap[at] = node;
            _position[node] = at;
        }
    }
}
