using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>An axis-aligned box, given by its minimum and maximum corners.</summary>
/// <param name="Min">The corner with the smallest coordinates.</param>
/// <param name="Max">The corner with the largest coordinates.</param>
public readonly record struct BoundingBox(Vector3 Min, Vector3 Max)
{
    /// <summary>The centre of the box.</summary>
    public Vector3 Center => (Min + Max) * 0.5f;

    /// <summary>The edge lengths of the box.</summary>
    public Vector3 Size => Max - Min;

    /// <summary>The length of the box's diagonal.</summary>
    public float Diagonal => Size.Length();

    /// <summary>The smallest box holding every point; throws on an empty span.</summary>
    public static BoundingBox Of(ReadOnlySpan<Vector3> points)
    {
        if (points.IsEmpty) throw new ArgumentException("Cannot bound an empty set of points.", nameof(points));
        Vector3 min = points[0], max = points[0];
        foreach (Vector3 p in points)
        {
            min = Vector3.Min(min, p);
            max = Vector3.Max(max, p);
        }
        return new BoundingBox(min, max);
    }

    /// <summary>This box grown by <paramref name="margin"/> on every side.</summary>
    public BoundingBox Inflate(float margin) => new(Min - new Vector3(margin), Max + new Vector3(margin));
}
