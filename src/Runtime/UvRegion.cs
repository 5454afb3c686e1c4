using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>A rectangle of an image field's texture coordinates: <see cref="Min"/> is its top-left corner, <see cref="Max"/> its bottom-right.</summary>
/// <param name="Min">The top-left corner (smallest u and v).</param>
/// <param name="Max">The bottom-right corner (largest u and v).</param>
public readonly record struct UvRegion(Vector2 Min, Vector2 Max)
{
    /// <summary>The whole image: (0, 0)–(1, 1).</summary>
    public static UvRegion Whole => new(Vector2.Zero, Vector2.One);
}
