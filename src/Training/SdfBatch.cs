using System.Numerics;

namespace NeuralSdf.Training;

/// <summary>
/// The points of one step of a shape fit, in normalized space, reused from step to step: <see cref="Size"/> surface points
/// with their normals, then as many space points with (under the supervised recipe) their true signed distance and its
/// gradient. Both training backends read the same batch, so a seed gives both the same points.
/// </summary>
internal sealed class SdfBatch
{
    public SdfBatch(int size, bool hasNormals, bool isSupervised)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        Points = new Vector3[2 * size];
        Normals = hasNormals ? new Vector3[size] : null;
        Distances = isSupervised ? new float[size] : null;
        DistanceGradients = isSupervised ? new Vector3[size] : null;
    }

    /// <summary>Surface points, and space points: each half of the batch.</summary>
    public int Size { get; }

    /// <summary>The surface points, then the space points.</summary>
    public Vector3[] Points { get; }

    /// <summary>Unit normals of the surface points; null without normals.</summary>
    public Vector3[]? Normals { get; }

    /// <summary>True signed distances of the space points (normalized units); null unless supervised.</summary>
    public float[]? Distances { get; }

    /// <summary>Gradients of those distances (unit vectors, zero where undefined); null unless supervised.</summary>
    public Vector3[]? DistanceGradients { get; }

    public Span<Vector3> SurfacePoints => Points.AsSpan(0, Size);

    public Span<Vector3> SpacePoints => Points.AsSpan(Size);
}
