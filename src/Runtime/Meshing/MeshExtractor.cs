using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>Extracts a model's zero level set as a triangle mesh in world units: grid sampling, then marching cubes.</summary>
public static class MeshExtractor
{
    /// <summary>How far the sampling grid reaches beyond the model's bounds, as a fraction of their diagonal.</summary>
    public const float BoundsMargin = 0.02f;

    /// <summary>Components smaller than this fraction of the whole extracted area are dropped by clean-up.</summary>
    public const float SmallComponentFraction = 0.005f;

    /// <summary>
    /// Samples <paramref name="model"/> on a grid of <paramref name="resolution"/> cells along the longest side of its
    /// bounds (inflated by <see cref="BoundsMargin"/>) and runs marching cubes. With <paramref name="cleanUp"/>,
    /// connected components under <see cref="SmallComponentFraction"/> of the total area (floaters) are removed.
    /// </summary>
    public static TriangleMesh Extract(SdfModel model, int resolution, bool cleanUp = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        BoundingBox box = model.Bounds.Inflate(BoundsMargin * model.Bounds.Diagonal);
        SdfGrid grid = SdfGrid.Sample(box, resolution, model.Distance);
        TriangleMesh mesh = MarchingCubes.Extract(grid);
        return cleanUp ? MeshComponents.RemoveSmall(mesh, SmallComponentFraction) : mesh;
    }
}
