namespace NeuralSdf.Runtime;

/// <summary>
/// The map from the network's raw outputs to a field's values, one output at a time:
/// <c>v[j] = Scale[j] · y[j] + Offset[j]</c> (an SDF's <c>1 / scale</c>, an image's <c>[−1, 1] → [0, 1]</c>). Immutable.
/// </summary>
public sealed class OutputAffine : IEquatable<OutputAffine>
{
    private readonly float[] _scale, _offset;

    /// <summary>Creates the map; both arrays are copied and must have the same, non-zero length, with finite non-zero scales and finite offsets.</summary>
    public OutputAffine(ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        if (scale.Length == 0 || scale.Length != offset.Length)
            throw new ArgumentException($"An output affine needs one scale and one offset per output; got {scale.Length} scales and {offset.Length} offsets.", nameof(offset));
        for (int j = 0; j < scale.Length; j++)
        {
            if (!float.IsFinite(scale[j]) || scale[j] == 0)
                throw new ArgumentException($"Output {j}'s scale is {scale[j]}; it must be finite and non-zero.", nameof(scale));
            if (!float.IsFinite(offset[j]))
                throw new ArgumentException($"Output {j}'s offset is {offset[j]}; it must be finite.", nameof(offset));
        }
        _scale = scale.ToArray();
        _offset = offset.ToArray();
    }

    /// <summary>The same scale and offset for every one of <paramref name="count"/> outputs.</summary>
    public static OutputAffine Uniform(int count, float scale, float offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        float[] scales = new float[count], offsets = new float[count];
        Array.Fill(scales, scale);
        Array.Fill(offsets, offset);
        return new OutputAffine(scales, offsets);
    }

    /// <summary>The number of outputs.</summary>
    public int Count => _scale.Length;

    /// <summary>The factor on each raw output.</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>What each output adds after scaling.</summary>
    public ReadOnlySpan<float> Offset => _offset;

    /// <inheritdoc/>
    public bool Equals(OutputAffine? other) =>
        other is not null && _scale.AsSpan().SequenceEqual(other._scale) && _offset.AsSpan().SequenceEqual(other._offset);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as OutputAffine);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Count, _scale[0], _offset[0]);
}
