using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>
/// How fast a model's distance changes, |∇f|, sampled once per cell of a grid of cubes over the bounds made 2 % larger
/// (32 along the longest side, one jittered point per cell): the largest sample with a margin is the model's global
/// Lipschitz bound, and the largest of a cell's 3 × 3 × 3 neighbourhood with a wider margin is a local bound there,
/// which lets sphere tracing take longer steps where the fit is tame than where its gradient peaks.
/// </summary>
internal sealed class LipschitzSamples
{
    public const int Cells = 32;

    // The global bound's margin over the largest sample; a local bound, over fewer samples, takes a wider one.
    private const float GlobalMargin = 1.1f, LocalMargin = 1.25f;

    private readonly float[] _neighbourhoodMax;
    private readonly Vector3 _min;
    private readonly int _nx, _ny, _nz;

    private LipschitzSamples(float bound, float[] neighbourhoodMax, Vector3 min, float cellSize, int nx, int ny, int nz)
    {
        Bound = bound;
        _neighbourhoodMax = neighbourhoodMax;
        _min = min;
        CellSize = cellSize;
        (_nx, _ny, _nz) = (nx, ny, nz);
    }

    /// <summary>The global bound: the largest sampled |∇f| × 1.1, at least 1.</summary>
    public float Bound { get; }

    /// <summary>The edge of a sample cell: a local bound holds this far around any point of its cell.</summary>
    public float CellSize { get; }

    /// <summary>
    /// A bound on |∇f| within <see cref="CellSize"/> of <paramref name="point"/>: the largest sample of the 3 × 3 × 3
    /// cells around the point's cell × 1.25, at least 1. Points outside the sampled box take the nearest cell's.
    /// </summary>
    public float LocalBound(Vector3 point)
    {
        Vector3 cell = (point - _min) / CellSize;
        return _neighbourhoodMax[Index(Math.Clamp((int)cell.X, 0, _nx - 1), Math.Clamp((int)cell.Y, 0, _ny - 1), Math.Clamp((int)cell.Z, 0, _nz - 1))];
    }

    /// <summary>Samples <paramref name="model"/> (up to 32³ gradient evaluations).</summary>
    public static LipschitzSamples Measure(SdfModel model)
    {
        var random = new Random(1);
        Vector3 size = model.Bounds.Size * 1.02f, min = model.Bounds.Center - size / 2;
        (float cellSize, int nx, int ny, int nz) = CubicCells.Covering(size, Cells);
        var points = new Vector3[nx * ny * nz];
        for (int i = 0; i < points.Length; i++)
        {
            var cell = new Vector3(i % nx, i / nx % ny, i / (nx * ny));
            var jitter = new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle());
            points[i] = Vector3.Min(min + cellSize * (cell + jitter), min + size);
        }
        var distances = new float[points.Length];
        var gradients = new Vector3[points.Length];
        model.DistanceAndGradient(points, distances, gradients);
        float[] lengths = gradients.Select(g => g.Length()).ToArray();

        var samples = new LipschitzSamples(Math.Max(1f, GlobalMargin * lengths.Max()), new float[lengths.Length], min, cellSize, nx, ny, nz);
        for (int z = 0; z < nz; z++)
        for (int y = 0; y < ny; y++)
        for (int x = 0; x < nx; x++)
        {
            float largest = 0;
            for (int k = Math.Max(z - 1, 0); k <= Math.Min(z + 1, nz - 1); k++)
            for (int j = Math.Max(y - 1, 0); j <= Math.Min(y + 1, ny - 1); j++)
            for (int i = Math.Max(x - 1, 0); i <= Math.Min(x + 1, nx - 1); i++)
                largest = Math.Max(largest, lengths[samples.Index(i, j, k)]);
            samples._neighbourhoodMax[samples.Index(x, y, z)] = Math.Max(1f, LocalMargin * largest);
        }
        return samples;
    }

    private int Index(int x, int y, int z) => (z * _ny + y) * _nx + x;
}
