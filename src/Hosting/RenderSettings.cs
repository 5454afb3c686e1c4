using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Hosting;

/// <summary>How <see cref="HeadlessRender"/> draws a still: what the pixels show, the light, the tracer's step budget,
/// supersampling and the background. The defaults are the <c>render</c> command's.</summary>
public sealed record RenderSettings
{
    /// <summary>The largest <see cref="Samples"/>: an 8 × 8 grid per pixel.</summary>
    public const int MaxSamples = 64;

    /// <summary>Shaded, one sample per pixel, transparent background, 128 steps.</summary>
    public static RenderSettings Default { get; } = new();

    /// <summary>What the pixels show (default <see cref="SdfShadingMode.Shaded"/>).</summary>
    public SdfShadingMode Mode { get; init; } = SdfShadingMode.Shaded;

    /// <summary>Direction towards the key light in the model's coordinates; null keeps the renderer's default.</summary>
    public Vector3? Light { get; init; }

    /// <summary>Sphere-tracing steps per pixel (see <see cref="SdfRenderer.MaxSteps"/>; default 128).</summary>
    public int MaxSteps { get; init; } = 128;

    /// <summary>
    /// Samples per pixel, a square number from 1 to <see cref="MaxSamples"/> (default 1): with n², the image is drawn
    /// n² times, each shifted by a sub-pixel offset on an n × n grid, and the samples' premultiplied colours averaged.
    /// Edges are anti-aliased either way (<see cref="SdfRenderer.EdgeCoverage"/>); samples also smooth thin parts,
    /// shading detail and the normals view, at n² times the time. Only 1 for <see cref="SdfShadingMode.Steps"/> and
    /// <see cref="SdfShadingMode.Evaluations"/>, whose pixels are counts.
    /// </summary>
    public int Samples { get; init; } = 1;

    /// <summary>
    /// The colour behind the surface, straight (not premultiplied) RGBA in [0, 1], composited under the image so that
    /// partly covered pixels blend into it; null (the default) leaves the background transparent, alpha carrying the
    /// coverage. Only null for <see cref="SdfShadingMode.Steps"/> and <see cref="SdfShadingMode.Evaluations"/>.
    /// </summary>
    public Vector4? Background { get; init; }

    /// <summary>See <see cref="SdfRenderer.EmptySpaceSkipping"/> (default true).</summary>
    public bool EmptySpaceSkipping { get; init; } = true;

    /// <summary>Whether <paramref name="samples"/> is a valid <see cref="Samples"/>: a square number from 1 to <see cref="MaxSamples"/>.</summary>
    public static bool IsValidSampleCount(int samples)
    {
        int grid = (int)Math.Round(Math.Sqrt(samples));
        return samples is >= 1 and <= MaxSamples && grid * grid == samples;
    }

    /// <summary>Whether the pixels are counts (steps, evaluations) rather than an image.</summary>
    internal bool CountsPixels => Mode is SdfShadingMode.Steps or SdfShadingMode.Evaluations;

    /// <summary>The side of the sample grid: √<see cref="Samples"/>.</summary>
    internal int SampleGrid => (int)Math.Round(Math.Sqrt(Samples));

    /// <summary>Throws when a setting is out of range or does not go with the mode.</summary>
    internal void Validate()
    {
        if (!Enum.IsDefined(Mode)) throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Not a shading mode.");
        if (MaxSteps is < 1 or > 10_000) throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "Steps per pixel must be 1 to 10,000.");
        if (!IsValidSampleCount(Samples))
            throw new ArgumentOutOfRangeException(nameof(Samples), Samples, $"Samples per pixel must be a square number from 1 to {MaxSamples} (1, 4, 9, …).");
        if (Background is { } b && !(b.X is >= 0 and <= 1 && b.Y is >= 0 and <= 1 && b.Z is >= 0 and <= 1 && b.W is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(Background), b, "Background channels must lie in [0, 1].");
        if (CountsPixels && (Samples != 1 || Background is not null))
            throw new ArgumentException($"The {Mode} view holds counts, which take one sample per pixel and no background.");
    }
}
