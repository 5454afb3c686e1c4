using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralSdf.Runtime;

/// <summary>
/// Marching cubes on the fine grid <see cref="SdfGrid.Sample"/> would use, but evaluating the distance function
/// only near the surface: an octree of blocks of fine cells, refined coarse to fine, where a block is dropped as
/// soon as the distance at one of its samples proves that no surface can pass through it.
/// </summary>
/// <remarks>
/// <para>
/// Every point evaluated is a sample of the fine grid, at the coordinates <see cref="SdfGrid.Coordinates"/> gives,
/// and every vertex is placed by <see cref="MarchingCubes.Crosses"/> and <see cref="MarchingCubes.Lerp"/> from the
/// two samples of its edge. A deterministic distance function therefore gives exactly the vertices and triangles
/// of the dense path in every cell the narrow band marches, and it marches every cell with a sign change.
/// </para>
/// <para>
/// Pruning. A block is tested at the fine sample nearest its centre, <c>p</c>; let <c>R</c> be the distance from
/// <c>p</c> to the block's farthest corner. A cell of the block with a sign change holds a zero of the function
/// (it is continuous along the cell's edges), at most <c>R</c> from <c>p</c>, so an <c>L</c>-Lipschitz function
/// has <c>|f(p)| ≤ L·R</c> there. The block is dropped when <c>|f(p)| &gt; L·R</c>, with <c>L</c> the caller's
/// Lipschitz bound (<see cref="MeshExtractor.LipschitzSafetyFactor"/> by default). Kept blocks of
/// <see cref="LeafSize"/> cells are leaves: all their samples are evaluated and all their cells marched.
/// </para>
/// <para>
/// Memory. The volume is walked in slabs one top-level block thick along z. Samples live in bricks of 8³ that
/// exist only where something was evaluated, in a table for the current slab; the edge-to-vertex map keys each
/// crossed edge by its global fine-grid coordinates. Between slabs only the shared sample layer and the vertices on
/// it are kept, so the memory beyond the mesh itself grows with one slab's share of the surface, not with the
/// volume. Each sample is evaluated once: a request for a sample already evaluated or queued is ignored.
/// </para>
/// </remarks>
internal sealed class NarrowBandExtraction
{
    /// <summary>Leaves of the octree are blocks of this many cells along each axis.</summary>
    public const int LeafSize = 2;

    /// <summary>The largest top-level block (and slab thickness), in cells.</summary>
    private const int MaxTopSize = 64;

    private const int BrickShift = 3;
    private const int BrickSize = 1 << BrickShift;
    private const int BrickMask = BrickSize - 1;
    private const int BrickVolume = BrickSize * BrickSize * BrickSize;

    /// <summary>Sample slot not yet requested.</summary>
    private const float Unrequested = float.NaN;

    /// <summary>Sample slot queued in the current batch. Evaluated values are finite, so neither marker is ever a value.</summary>
    private const float Queued = float.PositiveInfinity;

    /// <summary>Per edge number, the offset of its lower sample from the cell's lowest sample, and its axis.</summary>
    private static readonly (int Di, int Dj, int Dk, int Axis)[] EdgeOrigins = BuildEdgeOrigins();

    private readonly SampleBatch _sampler;
    private readonly float _lipschitzBound;
    private readonly int _countX, _countY, _countZ;
    private readonly int _cellsX, _cellsY, _cellsZ;
    private readonly float[] _xs, _ys, _zs;
    private readonly int _topSize;

    // Sample bricks of the current slab: brick (bx, by, bz) covers samples [8·bx, 8·bx + 8) × [8·by, …) ×
    // [slabStart + 8·bz, …); null where nothing was requested. The last brick layer holds the slab's top sample
    // layer, which becomes the next slab's first.
    private readonly int _bricksX, _bricksY, _brickLayers;
    private readonly float[]?[] _bricks;
    private readonly Stack<float[]> _freeBricks = new();
    private int _slabStart;

    // The batch being gathered for the sampler, and where each result goes.
    private readonly Vector3[] _batchPoints = new Vector3[SdfGrid.MaxBatchSize];
    private readonly float[] _batchDistances = new float[SdfGrid.MaxBatchSize];
    private readonly float[]?[] _batchBricks = new float[SdfGrid.MaxBatchSize][];
    private readonly int[] _batchSlots = new int[SdfGrid.MaxBatchSize];
    private int _batchCount;

    private readonly List<Vector3> _positions = [];
    private readonly List<int> _indices = [];
    private Dictionary<long, int> _edgeVertices = [];
    private Dictionary<long, int> _spareEdgeVertices = [];

    private long _evaluated;
    private long _marchedCells;

    /// <param name="box">The box the fine grid spans, corner to corner.</param>
    /// <param name="resolution">Fine cells along the longest side of the box.</param>
    /// <param name="sampler">The distance function; called with at most <see cref="SdfGrid.MaxBatchSize"/> points, never from two threads at once.</param>
    /// <param name="lipschitzBound">An upper bound on the function's gradient length, at least 1.</param>
    public NarrowBandExtraction(BoundingBox box, int resolution, SampleBatch sampler, float lipschitzBound)
    {
        _sampler = sampler;
        _lipschitzBound = lipschitzBound;
        (_countX, _countY, _countZ) = SdfGrid.SampleCounts(box, resolution);
        (_cellsX, _cellsY, _cellsZ) = (_countX - 1, _countY - 1, _countZ - 1);
        _xs = SdfGrid.Coordinates(box.Min.X, box.Max.X, _countX);
        _ys = SdfGrid.Coordinates(box.Min.Y, box.Max.Y, _countY);
        _zs = SdfGrid.Coordinates(box.Min.Z, box.Max.Z, _countZ);
        _topSize = TopSize(Math.Max(_cellsX, Math.Max(_cellsY, _cellsZ)));
        _bricksX = (_countX + BrickMask) >> BrickShift;
        _bricksY = (_countY + BrickMask) >> BrickShift;
        _brickLayers = _topSize / BrickSize + 1;
        _bricks = new float[]?[(long)_bricksX * _bricksY * _brickLayers];
    }

    /// <summary>The fine grid's sample counts.</summary>
    public (int X, int Y, int Z) SampleCounts => (_countX, _countY, _countZ);

    /// <summary>How many points the sampler was asked for.</summary>
    public long EvaluatedPoints => _evaluated;

    /// <summary>How many fine cells were marched.</summary>
    public long MarchedCells => _marchedCells;

    /// <summary>
    /// The top-level block size for a grid of <paramref name="longestCells"/> cells: the largest power of two
    /// that fits eight times along the longest side, at least one brick (8) and at most <see cref="MaxTopSize"/>.
    /// </summary>
    private static int TopSize(int longestCells)
    {
        int size = BrickSize;
        while (size < MaxTopSize && size * 2 * 8 <= longestCells) size *= 2;
        return size;
    }

    /// <summary>
    /// Walks the slabs bottom to top; in each, refines its top-level blocks level by level (one batch of test
    /// samples per level), then evaluates the leaves' samples and marches their cells. Call once.
    /// </summary>
    public TriangleMesh Run()
    {
        var blocks = new List<Block>();
        var children = new List<Block>();
        var leaves = new List<Block>();
        for (_slabStart = 0; _slabStart < _cellsZ; _slabStart += _topSize)
        {
            blocks.Clear();
            for (int j = 0; j < _cellsY; j += _topSize)
                for (int i = 0; i < _cellsX; i += _topSize)
                    blocks.Add(new Block(i, j, _slabStart));

            leaves.Clear();
            for (int size = _topSize; blocks.Count > 0; size /= 2)
            {
                foreach (Block block in blocks) RequestTestSample(block, size);
                Flush();
                List<Block> kept = size == LeafSize ? leaves : children;
                kept.Clear();
                foreach (Block block in blocks)
                {
                    if (MayHoldSurface(block, size)) Keep(block, size, kept);
                }
                if (size == LeafSize) break;
                (blocks, children) = (children, blocks);
            }

            foreach (Block leaf in leaves) RequestAllSamples(leaf);
            Flush();
            foreach (Block leaf in leaves) March(leaf);
            NextSlab();
        }
        return new TriangleMesh(_positions.ToArray(), _indices.ToArray());
    }

    /// <summary>The fine cells [I, I + size) × [J, …) × [K, …), clipped to the grid.</summary>
    private readonly record struct Block(int I, int J, int K);

    private void RequestTestSample(Block block, int size)
    {
        int i1 = Math.Min(block.I + size, _cellsX), j1 = Math.Min(block.J + size, _cellsY), k1 = Math.Min(block.K + size, _cellsZ);
        Request((block.I + i1) >> 1, (block.J + j1) >> 1, (block.K + k1) >> 1);
    }

    /// <summary>False when the distance at the block's test sample rules out any surface inside it.</summary>
    private bool MayHoldSurface(Block block, int size)
    {
        int i1 = Math.Min(block.I + size, _cellsX), j1 = Math.Min(block.J + size, _cellsY), k1 = Math.Min(block.K + size, _cellsZ);
        int ti = (block.I + i1) >> 1, tj = (block.J + j1) >> 1, tk = (block.K + k1) >> 1;
        float rx = MathF.Max(_xs[ti] - _xs[block.I], _xs[i1] - _xs[ti]);
        float ry = MathF.Max(_ys[tj] - _ys[block.J], _ys[j1] - _ys[tj]);
        float rz = MathF.Max(_zs[tk] - _zs[block.K], _zs[k1] - _zs[tk]);
        float reach = MathF.Sqrt(rx * rx + ry * ry + rz * rz);
        return MathF.Abs(Value(ti, tj, tk)) <= _lipschitzBound * reach;
    }

    /// <summary>Adds a kept block to <paramref name="kept"/>: itself at leaf size, else its (up to eight) children.</summary>
    private void Keep(Block block, int size, List<Block> kept)
    {
        if (size == LeafSize)
        {
            kept.Add(block);
            return;
        }
        int half = size / 2;
        for (int dk = 0; dk < size && block.K + dk < _cellsZ; dk += half)
            for (int dj = 0; dj < size && block.J + dj < _cellsY; dj += half)
                for (int di = 0; di < size && block.I + di < _cellsX; di += half)
                    kept.Add(new Block(block.I + di, block.J + dj, block.K + dk));
    }

    private void RequestAllSamples(Block leaf)
    {
        int i1 = Math.Min(leaf.I + LeafSize, _cellsX), j1 = Math.Min(leaf.J + LeafSize, _cellsY), k1 = Math.Min(leaf.K + LeafSize, _cellsZ);
        for (int k = leaf.K; k <= k1; k++)
            for (int j = leaf.J; j <= j1; j++)
                for (int i = leaf.I; i <= i1; i++)
                    Request(i, j, k);
    }

    /// <summary>Emits the triangles of every cell of a leaf, as the dense marching cubes would.</summary>
    private void March(Block leaf)
    {
        int i1 = Math.Min(leaf.I + LeafSize, _cellsX), j1 = Math.Min(leaf.J + LeafSize, _cellsY), k1 = Math.Min(leaf.K + LeafSize, _cellsZ);
        ReadOnlySpan<byte> triangleEdges = MarchingCubesTables.TriangleEdges;
        ReadOnlySpan<int> starts = MarchingCubesTables.TriangleStarts;
        for (int k = leaf.K; k < k1; k++)
        {
            for (int j = leaf.J; j < j1; j++)
            {
                for (int i = leaf.I; i < i1; i++)
                {
                    _marchedCells++;
                    int caseIndex = Inside(i, j, k)
                        | Inside(i + 1, j, k) << 1
                        | Inside(i, j + 1, k) << 2
                        | Inside(i + 1, j + 1, k) << 3
                        | Inside(i, j, k + 1) << 4
                        | Inside(i + 1, j, k + 1) << 5
                        | Inside(i, j + 1, k + 1) << 6
                        | Inside(i + 1, j + 1, k + 1) << 7;
                    if (caseIndex == 0 || caseIndex == 255) continue;
                    for (int e = starts[caseIndex]; e < starts[caseIndex + 1]; e++)
                        _indices.Add(VertexOnEdge(i, j, k, triangleEdges[e]));
                }
            }
        }
    }

    private int Inside(int i, int j, int k) => Value(i, j, k) < 0f ? 1 : 0;

    /// <summary>The vertex on edge <paramref name="edge"/> of cell (i, j, k), made on first use and shared by every cell around that edge.</summary>
    private int VertexOnEdge(int i, int j, int k, int edge)
    {
        var (di, dj, dk, axis) = EdgeOrigins[edge];
        int si = i + di, sj = j + dj, sk = k + dk;
        ref int vertex = ref CollectionsMarshal.GetValueRefOrAddDefault(_edgeVertices, EdgeKey(axis, si, sj, sk), out bool exists);
        if (exists) return vertex;

        int ei = si + (axis == 0 ? 1 : 0), ej = sj + (axis == 1 ? 1 : 0), ek = sk + (axis == 2 ? 1 : 0);
        bool crosses = MarchingCubes.Crosses(Value(si, sj, sk), Value(ei, ej, ek), 0f, out float t);
        System.Diagnostics.Debug.Assert(crosses, "The case table uses an edge the surface does not cross.");
        Vector3 position = axis switch
        {
            0 => new Vector3(MarchingCubes.Lerp(_xs[si], _xs[ei], t), _ys[sj], _zs[sk]),
            1 => new Vector3(_xs[si], MarchingCubes.Lerp(_ys[sj], _ys[ej], t), _zs[sk]),
            _ => new Vector3(_xs[si], _ys[sj], MarchingCubes.Lerp(_zs[sk], _zs[ek], t)),
        };
        vertex = _positions.Count;
        _positions.Add(position);
        return vertex;
    }

    /// <summary>An edge by its axis and its lower sample: 20 bits per coordinate, 2 for the axis.</summary>
    private static long EdgeKey(int axis, int i, int j, int k) => ((long)k << 42) | ((long)j << 22) | ((long)i << 2) | (long)axis;

    private static int EdgeKeyK(long key) => (int)(key >> 42);

    /// <summary>Queues sample (i, j, k) for evaluation unless it is already evaluated or queued.</summary>
    private void Request(int i, int j, int k)
    {
        float[] brick = BrickOf(i, j, k, create: true)!;
        int slot = SlotOf(i, j, k);
        if (!float.IsNaN(brick[slot])) return;
        brick[slot] = Queued;
        _batchPoints[_batchCount] = new Vector3(_xs[i], _ys[j], _zs[k]);
        _batchBricks[_batchCount] = brick;
        _batchSlots[_batchCount] = slot;
        if (++_batchCount == SdfGrid.MaxBatchSize) Flush();
    }

    /// <summary>Evaluates the queued samples and stores their distances.</summary>
    private void Flush()
    {
        int count = _batchCount;
        if (count == 0) return;
        _sampler(_batchPoints.AsSpan(0, count), _batchDistances.AsSpan(0, count));
        for (int n = 0; n < count; n++)
        {
            float distance = _batchDistances[n];
            if (!float.IsFinite(distance))
                throw new ArgumentException(
                    $"The distance at {_batchPoints[n]} is {distance}; marching cubes needs a finite distance at every sample.", "sampler");
            _batchBricks[n]![_batchSlots[n]] = distance;
            _batchBricks[n] = null;
        }
        _evaluated += count;
        _batchCount = 0;
    }

    /// <summary>The evaluated distance at sample (i, j, k) of the current slab.</summary>
    private float Value(int i, int j, int k)
    {
        float value = BrickOf(i, j, k, create: false)![SlotOf(i, j, k)];
        System.Diagnostics.Debug.Assert(float.IsFinite(value), $"Sample ({i}, {j}, {k}) was read before it was evaluated.");
        return value;
    }

    private float[]? BrickOf(int i, int j, int k, bool create)
    {
        int layer = (k - _slabStart) >> BrickShift;
        System.Diagnostics.Debug.Assert((uint)layer < (uint)_brickLayers, $"Sample layer {k} is outside the slab starting at {_slabStart}.");
        long index = (i >> BrickShift) + _bricksX * ((long)(j >> BrickShift) + (long)_bricksY * layer);
        ref float[]? brick = ref _bricks[index];
        if (brick is null && create)
        {
            brick = _freeBricks.Count > 0 ? _freeBricks.Pop() : new float[BrickVolume];
            brick.AsSpan().Fill(Unrequested);
        }
        return brick;
    }

    private static int SlotOf(int i, int j, int k) => (i & BrickMask) | (j & BrickMask) << BrickShift | (k & BrickMask) << (2 * BrickShift);

    /// <summary>
    /// Moves on to the next slab: its first sample layer is this slab's last, so the last brick layer becomes the
    /// first and the rest are recycled; of the edge vertices only those on that shared layer can be met again.
    /// </summary>
    private void NextSlab()
    {
        long layerSize = (long)_bricksX * _bricksY, last = layerSize * (_brickLayers - 1);
        for (long n = 0; n < last; n++)
        {
            if (_bricks[n] is { } brick) _freeBricks.Push(brick);
            _bricks[n] = null;
        }
        for (long n = 0; n < layerSize; n++)
        {
            _bricks[n] = _bricks[last + n];
            _bricks[last + n] = null;
        }

        int sharedLayer = _slabStart + _topSize;
        _spareEdgeVertices.Clear();
        foreach (var (key, vertex) in _edgeVertices)
        {
            if (EdgeKeyK(key) == sharedLayer) _spareEdgeVertices.Add(key, vertex);
        }
        (_edgeVertices, _spareEdgeVertices) = (_spareEdgeVertices, _edgeVertices);
    }

    private static (int, int, int, int)[] BuildEdgeOrigins()
    {
        var origins = new (int, int, int, int)[MarchingCubesTables.EdgeCount];
        for (int edge = 0; edge < origins.Length; edge++)
        {
            int low = MarchingCubesTables.EdgeCorners(edge).Low;
            origins[edge] = (low & 1, (low >> 1) & 1, (low >> 2) & 1, edge >> 2);
        }
        return origins;
    }
}
