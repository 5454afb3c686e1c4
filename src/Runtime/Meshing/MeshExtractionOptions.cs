namespace NeuralSdf.Runtime;

/// <summary>How <see cref="MeshExtractor"/> samples the distance function and what it does with the result.</summary>
public sealed record MeshExtractionOptions
{
    /// <summary>
    /// Remove connected components under <see cref="MeshExtractor.SmallComponentFraction"/> of the total area
    /// (floaters). On by default.
    /// </summary>
    public bool CleanUp { get; init; } = true;

    /// <summary>
    /// Evaluate every sample of the grid instead of only the narrow band around the surface. Off by default; the
    /// dense path costs (resolution + 1)³ evaluations and 4 bytes per sample, and is kept for comparison.
    /// </summary>
    public bool Dense { get; init; }

    /// <summary>
    /// The largest gradient length the narrow band assumes the distance function has: a block of cells is skipped
    /// when the distance at its test sample exceeds this times the distance to the block's farthest corner.
    /// At least 1 (an exact signed distance); <see cref="MeshExtractor.LipschitzSafetyFactor"/> by default.
    /// Larger is safer and slower. Ignored by the dense path.
    /// </summary>
    public float LipschitzBound { get; init; } = MeshExtractor.LipschitzSafetyFactor;
}
