using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>
/// Maps the input's own units to the network's normalized space and back:
/// <c>normalized = (world − Center) · Scale</c>. Distances scale by the same factor.
/// </summary>
/// <param name="Center">The world point that maps to the origin.</param>
/// <param name="Scale">World-to-normalized scale factor (positive).</param>
public readonly record struct SdfNormalization(Vector3 Center, float Scale)
{
    /// <summary>The normalization that fits <paramref name="bounds"/> into [−extent, extent]³ with the aspect kept.</summary>
    public static SdfNormalization Fit(BoundingBox bounds, float extent)
    {
        float largest = MathF.Max(bounds.Size.X, MathF.Max(bounds.Size.Y, bounds.Size.Z));
        if (!(largest > 0) || !float.IsFinite(largest))
            throw new ArgumentException($"Cannot normalize a box of size {bounds.Size}.", nameof(bounds));
        return new SdfNormalization(bounds.Center, 2f * extent / largest);
    }

    /// <summary>A world point in normalized space.</summary>
    public Vector3 ToNormalized(Vector3 world) => (world - Center) * Scale;

    /// <summary>A normalized point in world units.</summary>
    public Vector3 ToWorld(Vector3 normalized) => normalized / Scale + Center;
}
