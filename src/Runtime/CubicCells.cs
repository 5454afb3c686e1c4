using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>A box cut into cubes: a given number along its longest side, as many as cover each other side.</summary>
/// <param name="Size">The edge length of a cube.</param>
/// <param name="X">Cubes along x (at least 1).</param>
/// <param name="Y">Cubes along y.</param>
/// <param name="Z">Cubes along z.</param>
internal readonly record struct CubicCells(float Size, int X, int Y, int Z)
{
    /// <summary>Cubes of side max(size) / <paramref name="alongLongest"/> covering a box of <paramref name="size"/>.</summary>
    public static CubicCells Covering(Vector3 size, int alongLongest)
    {
        float cell = MathF.Max(size.X, MathF.Max(size.Y, size.Z)) / alongLongest;
        // The small allowance keeps the longest side (and sides equal to it) from rounding up to one cube too many.
        int Count(float extent) => Math.Clamp((int)MathF.Ceiling(extent / cell - 1e-4f), 1, alongLongest);
        return new CubicCells(cell, Count(size.X), Count(size.Y), Count(size.Z));
    }
}
