using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Viewer;

/// <summary>Lays models out on a grid in the XZ plane, each centered in its cell.</summary>
public static class SceneGrid
{
    /// <summary>
    /// <paramref name="columns"/> × <paramref name="rows"/> objects, row by row, cycling through <paramref name="models"/>
    /// (path and model-space bounds). Cells are 1.25 times the largest model edge apart, and the grid is centered on the origin.
    /// </summary>
    public static IReadOnlyList<SceneObject> Layout(IReadOnlyList<(string Path, BoundingBox Bounds)> models, int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfZero(models.Count, nameof(models));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        float spacing = 1.25f * models.Max(m => MathF.Max(m.Bounds.Size.X, MathF.Max(m.Bounds.Size.Y, m.Bounds.Size.Z)));
        var objects = new List<SceneObject>(columns * rows);
        for (int i = 0; i < columns * rows; i++)
        {
            (string path, BoundingBox bounds) = models[i % models.Count];
            var cell = new Vector3((i % columns - (columns - 1) / 2f) * spacing, 0f, (i / columns - (rows - 1) / 2f) * spacing);
            objects.Add(new SceneObject(path, cell - bounds.Center, Vector3.Zero, 1f));
        }
        return objects;
    }
}
