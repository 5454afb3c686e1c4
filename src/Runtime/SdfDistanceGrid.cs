using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>
/// A coarse lattice of a model's signed distances over the box that rays are traced in (the bounds inflated by
/// <see cref="BoxMargin"/> of their diagonal), for skipping empty space. With L the model's
/// <see cref="SdfModel.LipschitzBound"/>, no surface lies within <c>|v|/L − |x − p|</c> of a point x, where v is the
/// distance at any lattice vertex p: a ray can jump that far for one texture read instead of a network evaluation,
/// and soft shadows and ambient occlusion can read the interpolated lattice instead of the network. Each vertex also
/// carries a local bound on |∇f| (<see cref="LipschitzBounds"/>), valid within <see cref="LocalReach"/> of any point
/// nearest to it, so that steps near a tame part of the surface need not be as short as its worst part demands.
/// </summary>
public sealed class SdfDistanceGrid
{
    /// <summary>The margin around the bounds, as a fraction of their diagonal, of the box rays are traced in.</summary>
    public const float BoxMargin = 0.01f;

    /// <summary>Vertices along the longest axis of the box; the cells are cubes, so the other axes have fewer.</summary>
    public const int Resolution = 64;

    private readonly float[] _distances, _lipschitzBounds;

    private SdfDistanceGrid(Vector3 origin, float cellSize, int sizeX, int sizeY, int sizeZ, float[] distances, float[] lipschitzBounds, float localReach)
    {
        Origin = origin;
        CellSize = cellSize;
        (SizeX, SizeY, SizeZ) = (sizeX, sizeY, sizeZ);
        _distances = distances;
        _lipschitzBounds = lipschitzBounds;
        LocalReach = localReach;
    }

    /// <summary>The world position of vertex (0, 0, 0): the traced box's minimum corner.</summary>
    public Vector3 Origin { get; }

    /// <summary>The edge length of a cell in world units; vertex (i, j, k) is at <c>Origin + CellSize · (i, j, k)</c>.</summary>
    public float CellSize { get; }

    /// <summary>Vertices along x.</summary>
    public int SizeX { get; }

    /// <summary>Vertices along y.</summary>
    public int SizeY { get; }

    /// <summary>Vertices along z.</summary>
    public int SizeZ { get; }

    /// <summary>The signed distances at the vertices in world units, x fastest, then y, then z.</summary>
    public ReadOnlySpan<float> Distances => _distances;

    /// <summary>
    /// Per vertex, in the order of <see cref="Distances"/>: a bound on |∇f| (at least 1) that holds within
    /// <see cref="LocalReach"/> of every point whose nearest vertex this is, from the model's Lipschitz samples around it
    /// with a 25 % margin. Sampled, like <see cref="SdfModel.LipschitzBound"/>.
    /// </summary>
    public ReadOnlySpan<float> LipschitzBounds => _lipschitzBounds;

    /// <summary>
    /// How far from a point its nearest vertex's <see cref="LipschitzBounds"/> entry holds, in world units: a cell of
    /// the Lipschitz samples' grid less half a lattice cell's diagonal; 0 where those cells are smaller (a flat model).
    /// </summary>
    public float LocalReach { get; }

    /// <summary>The signed distance at vertex (<paramref name="i"/>, <paramref name="j"/>, <paramref name="k"/>).</summary>
    public float this[int i, int j, int k] => _distances[(k * SizeY + j) * SizeX + i];

    /// <summary>The box rays are traced in for a model with <paramref name="bounds"/>.</summary>
    public static BoundingBox TracedBox(BoundingBox bounds)
    {
        Vector3 margin = new(BoxMargin * bounds.Size.Length());
        return new BoundingBox(bounds.Min - margin, bounds.Max + margin);
    }

    /// <summary>Evaluates <paramref name="model"/> at every vertex of a lattice over its traced box (up to 64³ points).</summary>
    public static SdfDistanceGrid Build(SdfModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        BoundingBox box = TracedBox(model.Bounds);
        Vector3 size = box.Size;
        (float cell, int cellsX, int cellsY, int cellsZ) = CubicCells.Covering(size, Resolution - 1);
        (int nx, int ny, int nz) = (cellsX + 1, cellsY + 1, cellsZ + 1);
        // The lattice spans whole cells from the box's minimum corner, so its longest side has Resolution − 1 cells
        // and SdfGrid gives the other sides exactly nx, ny, nz samples.
        var lattice = new BoundingBox(box.Min, box.Min + cell * new Vector3(nx - 1, ny - 1, nz - 1));
        SdfGrid distances = SdfGrid.Sample(lattice, Resolution - 1, (points, values) => model.Distance(points, values));
        LipschitzSamples lipschitz = model.Lipschitz;
        var bounds = new float[distances.Values.Length];
        for (int k = 0, n = 0; k < nz; k++)
        for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++)
            bounds[n++] = lipschitz.LocalBound(distances.PointAt(i, j, k));
        float reach = MathF.Max(0, lipschitz.CellSize - 0.5f * MathF.Sqrt(3) * cell);
        return new SdfDistanceGrid(box.Min, cell, nx, ny, nz, distances.Values, bounds, reach);
    }
}
