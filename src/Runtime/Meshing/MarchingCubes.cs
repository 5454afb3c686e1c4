using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>
/// Extracts a level set of an <see cref="SdfGrid"/> as a triangle mesh with classic marching cubes
/// (Lorensen &amp; Cline 1987; case tables in <see cref="MarchingCubesTables"/>).
/// </summary>
/// <remarks>
/// Samples below the iso level are inside. One vertex is made per grid edge the surface crosses, placed by
/// linear interpolation along that edge and shared by every cell around the edge, so the mesh is indexed and
/// closed wherever the surface stays clear of the grid's border; where it reaches the border it is left open.
/// Triangles are counter-clockwise seen from outside (their normals point toward increasing distance).
/// The grid is walked one layer of cells at a time, keeping the edge-vertex indices of two sample layers, so
/// the extra memory beyond the mesh itself is a few ints per sample of one layer.
/// </remarks>
public static class MarchingCubes
{
    /// <summary>Extracts the surface where the grid's distance equals <paramref name="isoLevel"/>.</summary>
    /// <param name="grid">The samples; every value must be finite.</param>
    /// <param name="isoLevel">The level to extract; 0 gives the surface itself.</param>
    public static TriangleMesh Extract(SdfGrid grid, float isoLevel = 0f)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (!float.IsFinite(isoLevel))
            throw new ArgumentOutOfRangeException(nameof(isoLevel), isoLevel, "The iso level must be a finite number.");
        CheckFinite(grid);
        return new Extraction(grid, isoLevel).Run();
    }

    private static void CheckFinite(SdfGrid grid)
    {
        float[] values = grid.Values;
        for (int n = 0; n < values.Length; n++)
        {
            if (!float.IsFinite(values[n]))
            {
                int i = n % grid.CountX, j = n / grid.CountX % grid.CountY, k = n / grid.CountX / grid.CountY;
                throw new ArgumentException(
                    $"Grid sample ({i}, {j}, {k}) is {values[n]}; marching cubes needs a finite distance at every sample.", nameof(grid));
            }
        }
    }

    /// <summary>
    /// Whether the surface at <paramref name="isoLevel"/> crosses between two samples, and if so where (0 at the
    /// first, 1 at the second). Every extractor places its vertices with this and <see cref="Lerp"/>, so the same
    /// samples give bit-identical vertices whichever extractor made them.
    /// </summary>
    internal static bool Crosses(float a, float b, float isoLevel, out float t)
    {
        if ((a < isoLevel) == (b < isoLevel))
        {
            t = 0;
            return false;
        }
        // One value is below the iso level and the other not, so b − a is not zero and t lies in [0, 1];
        // the clamp guards only against overflow for distances near float.MaxValue.
        t = (isoLevel - a) / (b - a);
        if (!(t >= 0f)) t = 0f;
        else if (t > 1f) t = 1f;
        return true;
    }

    /// <summary>The point a fraction <paramref name="t"/> of the way from <paramref name="from"/> to <paramref name="to"/>; exact at both ends.</summary>
    internal static float Lerp(float from, float to, float t) => from * (1f - t) + to * t;

    /// <summary>The state of one extraction: the grid, the mesh so far, and the edge-vertex maps of the current cell layer.</summary>
    private sealed class Extraction
    {
        private const int NoVertex = -1;

        private readonly float[] _values;
        private readonly float _iso;
        private readonly int _countX, _countY, _countZ, _layerSize;
        private readonly float[] _xs, _ys, _zs;
        private readonly List<Vector3> _positions = [];
        private readonly List<int> _indices = [];

        // Vertex index per grid edge, by the edge's lower sample (i + countX·j): x- and y-edges of the cell
        // layer's bottom and top sample layers, and the z-edges between them.
        private int[] _xBottom, _yBottom, _xTop, _yTop;
        private readonly int[] _zEdges;

        public Extraction(SdfGrid grid, float isoLevel)
        {
            _values = grid.Values;
            _iso = isoLevel;
            _countX = grid.CountX;
            _countY = grid.CountY;
            _countZ = grid.CountZ;
            _layerSize = _countX * _countY;
            _xs = SdfGrid.Coordinates(grid.Box.Min.X, grid.Box.Max.X, _countX);
            _ys = SdfGrid.Coordinates(grid.Box.Min.Y, grid.Box.Max.Y, _countY);
            _zs = SdfGrid.Coordinates(grid.Box.Min.Z, grid.Box.Max.Z, _countZ);
            _xBottom = new int[_layerSize];
            _yBottom = new int[_layerSize];
            _xTop = new int[_layerSize];
            _yTop = new int[_layerSize];
            _zEdges = new int[_layerSize];
        }

        public TriangleMesh Run()
        {
            AddLayerVertices(0, _xBottom, _yBottom);
            for (int k = 0; k < _countZ - 1; k++)
            {
                AddLayerVertices(k + 1, _xTop, _yTop);
                AddZVertices(k);
                AddCellLayerTriangles(k);
                (_xBottom, _xTop) = (_xTop, _xBottom);
                (_yBottom, _yTop) = (_yTop, _yBottom);
            }
            return new TriangleMesh(_positions.ToArray(), _indices.ToArray());
        }

        /// <summary>Makes the vertices on the x- and y-edges of sample layer <paramref name="k"/>.</summary>
        private void AddLayerVertices(int k, int[] xEdges, int[] yEdges)
        {
            int layerStart = k * _layerSize;
            float z = _zs[k];
            for (int j = 0; j < _countY; j++)
            {
                int row = j * _countX;
                for (int i = 0; i < _countX; i++)
                {
                    float v = _values[layerStart + row + i];
                    xEdges[row + i] = i + 1 < _countX && Crosses(v, _values[layerStart + row + i + 1], out float tx)
                        ? AddVertex(new Vector3(Lerp(_xs[i], _xs[i + 1], tx), _ys[j], z))
                        : NoVertex;
                    yEdges[row + i] = j + 1 < _countY && Crosses(v, _values[layerStart + row + _countX + i], out float ty)
                        ? AddVertex(new Vector3(_xs[i], Lerp(_ys[j], _ys[j + 1], ty), z))
                        : NoVertex;
                }
            }
        }

        /// <summary>Makes the vertices on the z-edges between sample layers <paramref name="k"/> and <paramref name="k"/> + 1.</summary>
        private void AddZVertices(int k)
        {
            int bottom = k * _layerSize, top = bottom + _layerSize;
            for (int j = 0; j < _countY; j++)
            {
                int row = j * _countX;
                for (int i = 0; i < _countX; i++)
                {
                    _zEdges[row + i] = Crosses(_values[bottom + row + i], _values[top + row + i], out float t)
                        ? AddVertex(new Vector3(_xs[i], _ys[j], Lerp(_zs[k], _zs[k + 1], t)))
                        : NoVertex;
                }
            }
        }

        /// <summary>Emits the triangles of every cell between sample layers <paramref name="k"/> and <paramref name="k"/> + 1.</summary>
        private void AddCellLayerTriangles(int k)
        {
            int bottom = k * _layerSize;
            ReadOnlySpan<byte> triangleEdges = MarchingCubesTables.TriangleEdges;
            ReadOnlySpan<int> starts = MarchingCubesTables.TriangleStarts;
            for (int j = 0; j < _countY - 1; j++)
            {
                int row = j * _countX;
                for (int i = 0; i < _countX - 1; i++)
                {
                    int s = bottom + row + i;
                    int caseIndex = Inside(s)
                        | Inside(s + 1) << 1
                        | Inside(s + _countX) << 2
                        | Inside(s + _countX + 1) << 3
                        | Inside(s + _layerSize) << 4
                        | Inside(s + _layerSize + 1) << 5
                        | Inside(s + _layerSize + _countX) << 6
                        | Inside(s + _layerSize + _countX + 1) << 7;
                    if (caseIndex == 0 || caseIndex == 255) continue;
                    int cell = row + i;
                    for (int e = starts[caseIndex]; e < starts[caseIndex + 1]; e++)
                        _indices.Add(VertexOfEdge(cell, triangleEdges[e]));
                }
            }
        }

        /// <summary>The vertex on local edge <paramref name="edge"/> of the cell whose lowest sample is <paramref name="cell"/> within its layer.</summary>
        private int VertexOfEdge(int cell, int edge)
        {
            int bits = edge & 3, lower = bits & 1, higher = bits >> 1;
            int vertex = (edge >> 2) switch
            {
                0 => (higher == 0 ? _xBottom : _xTop)[cell + lower * _countX],
                1 => (higher == 0 ? _yBottom : _yTop)[cell + lower],
                _ => _zEdges[cell + lower + higher * _countX],
            };
            System.Diagnostics.Debug.Assert(vertex != NoVertex, "The case table uses an edge the surface does not cross.");
            return vertex;
        }

        private int Inside(int sample) => _values[sample] < _iso ? 1 : 0;

        private bool Crosses(float a, float b, out float t) => MarchingCubes.Crosses(a, b, _iso, out t);

        private int AddVertex(Vector3 position)
        {
            _positions.Add(position);
            return _positions.Count - 1;
        }
    }
}
