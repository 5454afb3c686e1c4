namespace NeuralSdf.Runtime;

/// <summary>
/// The map from a field's inputs in world units to the network's normalized inputs, one axis at a time:
/// <c>x[i] = (p[i] − Center[i]) · Scale[i]</c>. Immutable.
/// </summary>
public sealed class InputAffine : IEquatable<InputAffine>
{
    private readonly float[] _center, _scale;

    /// <summary>Creates the map; both arrays are copied and must have the same, non-zero length, with finite centers and positive finite scales.</summary>
    public InputAffine(ReadOnlySpan<float> center, ReadOnlySpan<float> scale)
    {
        if (center.Length == 0 || center.Length != scale.Length)
            throw new ArgumentException($"An input affine needs one center and one scale per input; got {center.Length} centers and {scale.Length} scales.", nameof(scale));
        for (int i = 0; i < center.Length; i++)
        {
            if (!float.IsFinite(center[i]))
                throw new ArgumentException($"Input {i}'s center is {center[i]}; it must be finite.", nameof(center));
            if (!(scale[i] > 0) || !float.IsFinite(scale[i]))
                throw new ArgumentException($"Input {i}'s scale is {scale[i]}; it must be positive and finite.", nameof(scale));
        }
        _center = center.ToArray();
        _scale = scale.ToArray();
    }

    /// <summary>The number of inputs.</summary>
    public int Count => _center.Length;

    /// <summary>The world value of each input that maps to 0.</summary>
    public ReadOnlySpan<float> Center => _center;

    /// <summary>The world-to-normalized factor of each input.</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <inheritdoc/>
    public bool Equals(InputAffine? other) =>
        other is not null && _center.AsSpan().SequenceEqual(other._center) && _scale.AsSpan().SequenceEqual(other._scale);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as InputAffine);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Count, _center[0], _scale[0]);
}
