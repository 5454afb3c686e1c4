namespace NeuralSdf.Runtime;

/// <summary>What one <see cref="MeshExtractor"/> run evaluated and marched.</summary>
public sealed record MeshExtractionStatistics
{
    /// <summary>Samples of the fine grid along x.</summary>
    public required int SamplesX { get; init; }

    /// <summary>Samples of the fine grid along y.</summary>
    public required int SamplesY { get; init; }

    /// <summary>Samples of the fine grid along z.</summary>
    public required int SamplesZ { get; init; }

    /// <summary>The points handed to the distance function; each is a sample of the fine grid, evaluated once.</summary>
    public required long EvaluatedPoints { get; init; }

    /// <summary>The fine cells marching cubes visited.</summary>
    public required long MarchedCells { get; init; }

    /// <summary>All samples of the fine grid: what the dense path evaluates.</summary>
    public long GridSamples => (long)SamplesX * SamplesY * SamplesZ;

    /// <summary><see cref="EvaluatedPoints"/> as a fraction of <see cref="GridSamples"/>.</summary>
    public double EvaluatedFraction => (double)EvaluatedPoints / GridSamples;
}
