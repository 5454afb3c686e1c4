namespace NeuralSdf.Runtime;

/// <summary>
/// Extracts a zero level set as a triangle mesh in world units: marching cubes on a grid of signed distance
/// samples, evaluated only in a narrow band around the surface (or, for comparison, everywhere).
/// </summary>
/// <remarks>
/// The narrow band refines an octree of blocks coarse to fine and skips a block when the distance at its
/// centre sample proves no surface passes through it, assuming the gradient is no longer than
/// <see cref="MeshExtractionOptions.LipschitzBound"/>. Within that assumption it gives the same vertices and
/// triangles as the dense grid (in another order) for a fraction of the evaluations, and its memory beyond the mesh
/// grows with the surface rather than with the volume.
/// </remarks>
public static class MeshExtractor
{
    /// <summary>How far the sampling grid reaches beyond the model's bounds, as a fraction of their diagonal.</summary>
    public const float BoundsMargin = 0.02f;

    /// <summary>Components smaller than this fraction of the whole extracted area are dropped by clean-up.</summary>
    public const float SmallComponentFraction = 0.005f;

    /// <summary>
    /// The default <see cref="MeshExtractionOptions.LipschitzBound"/>: the narrow band treats the distance function
    /// as if its gradient could be up to twice as long as a true signed distance's. A fitted SIREN is trained
    /// toward |∇f| = 1 but does not hold it exactly; a block is skipped only when |f(centre)| exceeds twice the
    /// distance from the centre to the block's farthest corner.
    /// </summary>
    public const float LipschitzSafetyFactor = 2f;

    /// <summary>The largest resolution accepted (edges are keyed by 20-bit grid coordinates).</summary>
    public const int MaxResolution = 16_384;

    /// <summary>
    /// Samples <paramref name="model"/> on a grid of <paramref name="resolution"/> cells along the longest side of its
    /// bounds (inflated by <see cref="BoundsMargin"/>), in a narrow band around the surface, and runs marching cubes.
    /// With <paramref name="cleanUp"/>, connected components under <see cref="SmallComponentFraction"/> of the
    /// total area (floaters) are removed.
    /// </summary>
    /// <param name="model">The model to mesh.</param>
    /// <param name="resolution">Grid cells along the longest side of the inflated bounds, 2 to <see cref="MaxResolution"/>.</param>
    /// <param name="cleanUp">Whether to remove small components.</param>
    public static TriangleMesh Extract(SdfModel model, int resolution, bool cleanUp = true) =>
        Extract(model, resolution, new MeshExtractionOptions { CleanUp = cleanUp }, out _);

    /// <summary>
    /// As <see cref="Extract(SdfModel, int, bool)"/>, with the sampling chosen by <paramref name="options"/>, and
    /// reports what was evaluated.
    /// </summary>
    /// <param name="model">The model to mesh.</param>
    /// <param name="resolution">Grid cells along the longest side of the inflated bounds, 2 to <see cref="MaxResolution"/>.</param>
    /// <param name="options">Narrow band or dense, the Lipschitz bound, clean-up.</param>
    /// <param name="statistics">Receives the grid size and how many points were evaluated.</param>
    public static TriangleMesh Extract(SdfModel model, int resolution, MeshExtractionOptions options, out MeshExtractionStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(model);
        BoundingBox box = model.Bounds.Inflate(BoundsMargin * model.Bounds.Diagonal);
        return Extract(model.Distance, box, resolution, options, out statistics);
    }

    /// <summary>
    /// Extracts the zero level set of any signed distance function over <paramref name="box"/>: the grid's first
    /// sample is at <see cref="BoundingBox.Min"/>, its last at <see cref="BoundingBox.Max"/> (no margin is added),
    /// with the sample counts <see cref="SdfGrid.SampleCounts"/> gives. Where the surface reaches the box it is left
    /// open. The sampler is called with at most <see cref="SdfGrid.MaxBatchSize"/> points at a time, never from two
    /// threads at once, and must return the same distance for the same point every time.
    /// </summary>
    /// <param name="sampler">Evaluates the distance function (negative inside); every result must be finite.</param>
    /// <param name="box">The box to mesh, corner to corner.</param>
    /// <param name="resolution">Grid cells along the longest side of the box, 2 to <see cref="MaxResolution"/>.</param>
    /// <param name="options">Narrow band or dense, the Lipschitz bound, clean-up.</param>
    /// <param name="statistics">Receives the grid size and how many points were evaluated.</param>
    public static TriangleMesh Extract(SampleBatch sampler, BoundingBox box, int resolution, MeshExtractionOptions options,
        out MeshExtractionStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(options);
        if (resolution < 2 || resolution > MaxResolution)
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, $"The resolution must be 2 to {MaxResolution:N0}; got {resolution:N0}.");
        if (!(options.LipschitzBound >= 1f) || !float.IsFinite(options.LipschitzBound))
            throw new ArgumentOutOfRangeException(nameof(options), options.LipschitzBound,
                $"The Lipschitz bound must be a finite number of at least 1 (1 = an exact signed distance); got {options.LipschitzBound}.");
        _ = SdfGrid.SampleCounts(box, resolution); // checks the box

        TriangleMesh mesh = options.Dense
            ? ExtractDense(sampler, box, resolution, out statistics)
            : ExtractNarrowBand(sampler, box, resolution, options.LipschitzBound, out statistics);
        return options.CleanUp ? MeshComponents.RemoveSmall(mesh, SmallComponentFraction) : mesh;
    }

    private static TriangleMesh ExtractDense(SampleBatch sampler, BoundingBox box, int resolution, out MeshExtractionStatistics statistics)
    {
        SdfGrid grid = SdfGrid.Sample(box, resolution, sampler);
        statistics = new MeshExtractionStatistics
        {
            SamplesX = grid.CountX,
            SamplesY = grid.CountY,
            SamplesZ = grid.CountZ,
            EvaluatedPoints = grid.Values.LongLength,
            MarchedCells = (long)(grid.CountX - 1) * (grid.CountY - 1) * (grid.CountZ - 1),
        };
        return MarchingCubes.Extract(grid);
    }

    private static TriangleMesh ExtractNarrowBand(SampleBatch sampler, BoundingBox box, int resolution, float lipschitzBound,
        out MeshExtractionStatistics statistics)
    {
        var extraction = new NarrowBandExtraction(box, resolution, sampler, lipschitzBound);
        TriangleMesh mesh = extraction.Run();
        var (x, y, z) = extraction.SampleCounts;
        statistics = new MeshExtractionStatistics
        {
            SamplesX = x,
            SamplesY = y,
            SamplesZ = z,
            EvaluatedPoints = extraction.EvaluatedPoints,
            MarchedCells = extraction.MarchedCells,
        };
        return mesh;
    }
}
