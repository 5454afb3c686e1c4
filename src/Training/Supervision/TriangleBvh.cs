using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralSdf.Training.Supervision;

/// <summary>
/// A bounding-volume hierarchy over triangles (binned SAH, flattened depth-first), answering closest-point
/// queries exactly and winding-number queries with the hierarchical approximation of Barill et al. 2018.
/// </summary>
/// <remarks>
/// Layout: <see cref="BvhNode"/>s in depth-first order (a node's left child follows it, its right child is
/// at <see cref="BvhNode.Offset"/>); the triangles' corners copied into three arrays in leaf order so a leaf
/// reads contiguous memory; one <see cref="FarFieldExpansion"/> per node (108 bytes) with the area-weighted
/// centroid and the moments of the normal field for the far-field expansion. Queries allocate nothing: their
/// stacks are stackalloc'd, and depth is capped at <see cref="MaxDepth"/> during the build so that the stacks
/// cannot overflow. Leaves of up to 8 triangles measured a little faster than 4 or 2 and halve the node count.
/// </remarks>
internal sealed class TriangleBvh
{
    /// <summary>Most triangles in a leaf (unless the depth cap or identical centroids force a larger one).</summary>
    public const int MaxLeafSize = 8;

    /// <summary>Deepest node level; a node at this depth becomes a leaf whatever its size.</summary>
    public const int MaxDepth = 60;

    /// <summary>Barill et al.'s accuracy parameter β: a node whose area-weighted centroid is farther than
    /// β · (radius of a sphere about that centroid holding the node) from the query contributes its far-field
    /// expansion instead of its triangles' exact solid angles.</summary>
    public const float Beta = 2f;

    private const int BinCount = 16;
    private const int StackSize = MaxDepth + 4;
    private const float InverseFourPi = 1f / (4f * MathF.PI);

    private readonly BvhNode[] _nodes;
    private readonly FarFieldExpansion[] _farField;
    private readonly Vector3[] _a, _b, _c;
    private readonly bool[] _degenerate;

    /// <summary>Builds the hierarchy over <paramref name="triangles"/> (three indices each, already validated).
    /// With <paramref name="flip"/>, every triangle's winding is reversed (b and c swapped).</summary>
    public TriangleBvh(ReadOnlySpan<Vector3> positions, ReadOnlySpan<int> triangles, bool flip)
    {
        int count = triangles.Length / 3;
        var a = new Vector3[count];
        var b = new Vector3[count];
        var c = new Vector3[count];
        for (int t = 0; t < count; t++)
        {
            a[t] = positions[triangles[3 * t]];
            b[t] = positions[triangles[3 * t + (flip ? 2 : 1)]];
            c[t] = positions[triangles[3 * t + (flip ? 1 : 2)]];
        }

        var builder = new Builder(a, b, c);
        builder.Build(0, count, 0);
        _nodes = builder.Nodes.AsSpan(0, builder.NodeCount).ToArray();
        int[] order = builder.Order;

        _a = new Vector3[count];
        _b = new Vector3[count];
        _c = new Vector3[count];
        _degenerate = new bool[count];
        for (int i = 0; i < count; i++)
        {
            int t = order[i];
            _a[i] = a[t];
            _b[i] = b[t];
            _c[i] = c[t];
            _degenerate[i] = TriangleQueries.IsDegenerate(a[t], b[t], c[t]);
        }
        _farField = new FarFieldExpansion[_nodes.Length];
        AccumulateFarField(0, out _, out _, out _);
        DegenerateCount = _degenerate.Count(d => d);
    }

    /// <summary>The number of triangles.</summary>
    public int TriangleCount => _a.Length;

    /// <summary>The number of nodes, leaves included.</summary>
    public int NodeCount => _nodes.Length;

    /// <summary>The number of zero-area triangles (handled as their edges; they add no solid angle).</summary>
    public int DegenerateCount { get; }

    /// <summary>The box around all triangles.</summary>
    public (Vector3 Min, Vector3 Max) Bounds => (_nodes[0].Min, _nodes[0].Max);

    /// <summary>Bytes held by the hierarchy's arrays.</summary>
    public long ByteCount =>
        (long)_nodes.Length * Unsafe.SizeOf<BvhNode>() + (long)_farField.Length * Unsafe.SizeOf<FarFieldExpansion>()
        + 3L * _a.Length * Unsafe.SizeOf<Vector3>() + _degenerate.Length;

    /// <summary>The squared distance from <paramref name="query"/> to the nearest triangle, and the nearest point.</summary>
    public float ClosestSquared(Vector3 query, out Vector3 closest)
    {
        Span<StackEntry> stack = stackalloc StackEntry[StackSize];
        int top = 0;
        stack[top++] = new StackEntry(0, BoxDistanceSquared(in _nodes[0], query));
        float best = float.PositiveInfinity;
        closest = new Vector3(float.NaN);
        while (top > 0)
        {
            StackEntry entry = stack[--top];
            if (entry.DistanceSquared >= best) continue;
            ref readonly BvhNode node = ref _nodes[entry.Node];
            if (node.Count > 0)
            {
                int end = node.Offset + node.Count;
                for (int t = node.Offset; t < end; t++)
                {
                    Vector3 point = _degenerate[t]
                        ? TriangleQueries.ClosestPointOnEdges(query, _a[t], _b[t], _c[t])
                        : TriangleQueries.ClosestPoint(query, _a[t], _b[t], _c[t]);
                    float squared = Vector3.DistanceSquared(query, point);
                    if (squared < best)
                    {
                        best = squared;
                        closest = point;
                    }
                }
                continue;
            }
            int near = entry.Node + 1, far = node.Offset;
            float nearSquared = BoxDistanceSquared(in _nodes[near], query);
            float farSquared = BoxDistanceSquared(in _nodes[far], query);
            if (nearSquared > farSquared)
            {
                (near, far) = (far, near);
                (nearSquared, farSquared) = (farSquared, nearSquared);
            }
            // Nearer child on top, so it is searched first and tightens the bound for the other.
            if (farSquared < best) stack[top++] = new StackEntry(far, farSquared);
            if (nearSquared < best) stack[top++] = new StackEntry(near, nearSquared);
        }
        return best;
    }

    /// <summary>The generalized winding number at <paramref name="query"/> by Barill et al.'s hierarchy: far
    /// nodes contribute their far-field expansion (<see cref="FarFieldExpansion"/>, to second order), near
    /// leaves their triangles' exact solid angles.</summary>
    public float WindingNumber(Vector3 query)
    {
        Span<int> stack = stackalloc int[StackSize];
        int top = 0;
        stack[top++] = 0;
        float farField = 0, solidAngles = 0;
        while (top > 0)
        {
            int index = stack[--top];
            ref readonly FarFieldExpansion expansion = ref _farField[index];
            Vector3 offset = expansion.Centroid - query;
            float distanceSquared = offset.LengthSquared();
            if (distanceSquared > expansion.FarDistanceSquared)
            {
                farField += expansion.Evaluate(offset, distanceSquared);
                continue;
            }
            ref readonly BvhNode node = ref _nodes[index];
            if (node.Count > 0)
            {
                int end = node.Offset + node.Count;
                for (int t = node.Offset; t < end; t++)
                {
                    if (!_degenerate[t]) solidAngles += TriangleQueries.SolidAngle(query, _a[t], _b[t], _c[t]);
                }
                continue;
            }
            stack[top++] = node.Offset;
            stack[top++] = index + 1;
        }
        return (farField + solidAngles) * InverseFourPi;
    }

    /// <summary>The exact generalized winding number: the sum of every triangle's solid angle over 4π
    /// (Jacobson et al. 2013). Linear in the triangle count; for tests and checks.</summary>
    public float ExactWindingNumber(Vector3 query)
    {
        double sum = 0;
        for (int t = 0; t < _a.Length; t++)
        {
            if (!_degenerate[t]) sum += TriangleQueries.SolidAngle(query, _a[t], _b[t], _c[t]);
        }
        return (float)(sum / (4 * Math.PI));
    }

    /// <summary>The signed volume enclosed by the triangles (positive when they are counter-clockwise seen
    /// from outside), summed in double about the bounds' centre so that a far-off mesh loses no precision.</summary>
    public static double SignedVolume(ReadOnlySpan<Vector3> positions, ReadOnlySpan<int> triangles)
    {
        Vector3 min = positions[triangles[0]], max = min;
        foreach (int i in triangles)
        {
            min = Vector3.Min(min, positions[i]);
            max = Vector3.Max(max, positions[i]);
        }
        Vector3 center = (min + max) * 0.5f;
        double sum = 0;
        for (int t = 0; t < triangles.Length; t += 3)
        {
            Vector3 a = positions[triangles[t]] - center, b = positions[triangles[t + 1]] - center, c = positions[triangles[t + 2]] - center;
            sum += (double)a.X * ((double)b.Y * c.Z - (double)b.Z * c.Y)
                 + (double)a.Y * ((double)b.Z * c.X - (double)b.X * c.Z)
                 + (double)a.Z * ((double)b.X * c.Y - (double)b.Y * c.X);
        }
        return sum / 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float BoxDistanceSquared(in BvhNode node, Vector3 query)
    {
        Vector3 outside = Vector3.Max(Vector3.Max(node.Min - query, query - node.Max), Vector3.Zero);
        return outside.LengthSquared();
    }

    /// <summary>Fills the far-field expansions of node <paramref name="index"/> and its subtree (post-order;
    /// depth is capped, so the recursion is shallow) and returns the node's moments about its centroid.</summary>
    private NormalMoments AccumulateFarField(int index, out Vector3 centroid, out float area, out float radius)
    {
        ref readonly BvhNode node = ref _nodes[index];
        var moments = new NormalMoments();
        if (node.Count > 0)
        {
            Vector3 weighted = Vector3.Zero;
            area = 0;
            int end = node.Offset + node.Count;
            for (int t = node.Offset; t < end; t++)
            {
                float triangleArea = 0.5f * Vector3.Cross(_b[t] - _a[t], _c[t] - _a[t]).Length();
                weighted += triangleArea * (_a[t] + _b[t] + _c[t]) / 3f;
                area += triangleArea;
            }
            centroid = area > 0 ? weighted / area : (node.Min + node.Max) * 0.5f;
            radius = 0;
            for (int t = node.Offset; t < end; t++)
            {
                NormalMoments.OfTriangle(_a[t], _b[t], _c[t], centroid).AddShiftedTo(ref moments, Vector3.Zero);
                radius = MathF.Max(radius, Vector3.Distance(centroid, _a[t]));
                radius = MathF.Max(radius, Vector3.Distance(centroid, _b[t]));
                radius = MathF.Max(radius, Vector3.Distance(centroid, _c[t]));
            }
        }
        else
        {
            NormalMoments left = AccumulateFarField(index + 1, out Vector3 leftCentroid, out float leftArea, out float leftRadius);
            NormalMoments right = AccumulateFarField(node.Offset, out Vector3 rightCentroid, out float rightArea, out float rightRadius);
            area = leftArea + rightArea;
            centroid = area > 0 ? (leftArea * leftCentroid + rightArea * rightCentroid) / area : (node.Min + node.Max) * 0.5f;
            left.AddShiftedTo(ref moments, leftCentroid - centroid);
            right.AddShiftedTo(ref moments, rightCentroid - centroid);
            // Two conservative bounds on the sphere about the centroid: around the children's spheres, and
            // through the box's farthest corner. Take the tighter.
            float fromChildren = MathF.Max(
                Vector3.Distance(centroid, leftCentroid) + leftRadius,
                Vector3.Distance(centroid, rightCentroid) + rightRadius);
            Vector3 farCorner = Vector3.Max(node.Max - centroid, centroid - node.Min);
            radius = MathF.Min(fromChildren, farCorner.Length());
        }
        float far = Beta * radius;
        _farField[index] = new FarFieldExpansion(centroid, far * far, in moments);
        return moments;
    }

    /// <summary>A BVH node: a leaf when <see cref="Count"/> &gt; 0 (triangles Offset..Offset+Count in leaf
    /// order), otherwise an inner node whose left child is the next node and right child is at Offset.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct BvhNode(Vector3 Min, int Offset, Vector3 Max, int Count);

    private readonly record struct StackEntry(int Node, float DistanceSquared);

    /// <summary>Top-down binned SAH build over triangle centroids (16 bins, all three axes).</summary>
    private sealed class Builder
    {
        private readonly Vector3[] _centroids, _boxMin, _boxMax;
        private readonly int[] _binCounts = new int[BinCount];
        private readonly Vector3[] _binMin = new Vector3[BinCount], _binMax = new Vector3[BinCount];
        private readonly float[] _rightCost = new float[BinCount];

        public Builder(Vector3[] a, Vector3[] b, Vector3[] c)
        {
            int count = a.Length;
            _centroids = new Vector3[count];
            _boxMin = new Vector3[count];
            _boxMax = new Vector3[count];
            for (int t = 0; t < count; t++)
            {
                _boxMin[t] = Vector3.Min(a[t], Vector3.Min(b[t], c[t]));
                _boxMax[t] = Vector3.Max(a[t], Vector3.Max(b[t], c[t]));
                _centroids[t] = (_boxMin[t] + _boxMax[t]) * 0.5f;
            }
            Order = new int[count];
            for (int t = 0; t < count; t++) Order[t] = t;
            Nodes = new BvhNode[Math.Max(1, 2 * count - 1)];
        }

        public int[] Order { get; }

        public BvhNode[] Nodes { get; }

        public int NodeCount { get; private set; }

        public int Build(int start, int end, int depth)
        {
            int index = NodeCount++;
            Vector3 min = new(float.PositiveInfinity), max = new(float.NegativeInfinity);
            Vector3 centroidMin = min, centroidMax = max;
            for (int i = start; i < end; i++)
            {
                int t = Order[i];
                min = Vector3.Min(min, _boxMin[t]);
                max = Vector3.Max(max, _boxMax[t]);
                centroidMin = Vector3.Min(centroidMin, _centroids[t]);
                centroidMax = Vector3.Max(centroidMax, _centroids[t]);
            }
            int count = end - start;
            if (count <= MaxLeafSize || depth >= MaxDepth || !FindSplit(start, end, centroidMin, centroidMax, out int axis, out int bin))
            {
                Nodes[index] = new BvhNode(min, start, max, count);
                return index;
            }

            float scale = BinScale(centroidMin[axis], centroidMax[axis]);
            float origin = centroidMin[axis];
            int low = start, high = end - 1;
            while (low <= high)
            {
                if (BinOf(_centroids[Order[low]][axis], origin, scale) <= bin)
                {
                    low++;
                }
                else
                {
                    (Order[low], Order[high]) = (Order[high], Order[low]);
                    high--;
                }
            }
            int middle = low;
            if (middle == start || middle == end) middle = (start + end) / 2; // cannot happen with a valid bin; stays safe

            Build(start, middle, depth + 1);
            int right = Build(middle, end, depth + 1);
            Nodes[index] = new BvhNode(min, right, max, 0);
            return index;
        }

        /// <summary>The axis and last left bin of the cheapest split by the surface-area heuristic; false when
        /// all centroids coincide (no split separates them).</summary>
        private bool FindSplit(int start, int end, Vector3 centroidMin, Vector3 centroidMax, out int bestAxis, out int bestBin)
        {
            bestAxis = -1;
            bestBin = -1;
            float bestCost = float.PositiveInfinity;
            for (int axis = 0; axis < 3; axis++)
            {
                float origin = centroidMin[axis];
                if (!(centroidMax[axis] > origin)) continue;
                float scale = BinScale(origin, centroidMax[axis]);
                Array.Clear(_binCounts);
                Array.Fill(_binMin, new Vector3(float.PositiveInfinity));
                Array.Fill(_binMax, new Vector3(float.NegativeInfinity));
                for (int i = start; i < end; i++)
                {
                    int t = Order[i];
                    int b = BinOf(_centroids[t][axis], origin, scale);
                    _binCounts[b]++;
                    _binMin[b] = Vector3.Min(_binMin[b], _boxMin[t]);
                    _binMax[b] = Vector3.Max(_binMax[b], _boxMax[t]);
                }
                // Right sweep: cost of bins b+1..end for each split after bin b.
                Vector3 sweepMin = new(float.PositiveInfinity), sweepMax = new(float.NegativeInfinity);
                int sweepCount = 0;
                for (int b = BinCount - 1; b > 0; b--)
                {
                    sweepCount += _binCounts[b];
                    sweepMin = Vector3.Min(sweepMin, _binMin[b]);
                    sweepMax = Vector3.Max(sweepMax, _binMax[b]);
                    _rightCost[b - 1] = sweepCount == 0 ? float.PositiveInfinity : sweepCount * HalfArea(sweepMin, sweepMax);
                }
                sweepMin = new(float.PositiveInfinity);
                sweepMax = new(float.NegativeInfinity);
                sweepCount = 0;
                for (int b = 0; b < BinCount - 1; b++)
                {
                    sweepCount += _binCounts[b];
                    sweepMin = Vector3.Min(sweepMin, _binMin[b]);
                    sweepMax = Vector3.Max(sweepMax, _binMax[b]);
                    if (sweepCount == 0 || sweepCount == end - start) continue;
                    float cost = sweepCount * HalfArea(sweepMin, sweepMax) + _rightCost[b];
                    if (cost < bestCost)
                    {
                        bestCost = cost;
                        bestAxis = axis;
                        bestBin = b;
                    }
                }
            }
            return bestAxis >= 0;
        }

        private static float BinScale(float min, float max) => BinCount * (1 - 1e-5f) / (max - min);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int BinOf(float value, float origin, float scale) => Math.Min((int)((value - origin) * scale), BinCount - 1);

        private static float HalfArea(Vector3 min, Vector3 max)
        {
            Vector3 size = max - min;
            return size.X * size.Y + size.Y * size.Z + size.Z * size.X;
        }
    }
}
