using NeuralSdf.Runtime;

namespace NeuralSdf.Hosting;

/// <summary>
/// The network evaluations per covered pixel of a shaded image, read from an <see cref="SdfShadingMode.Evaluations"/>
/// render: means over the pixels whose rays hit (or covered part of their pixel), split by what they were for.
/// </summary>
/// <param name="CoveredPixels">Pixels drawn.</param>
/// <param name="Primary">Distance evaluations of the primary ray.</param>
/// <param name="Normal">Distance-and-gradient evaluations (the normal and the skin checks).</param>
/// <param name="Shadow">Distance evaluations of the shadow ray.</param>
/// <param name="Occlusion">Distance evaluations of ambient occlusion.</param>
public readonly record struct EvaluationCounts(int CoveredPixels, double Primary, double Normal, double Shadow, double Occlusion)
{
    /// <summary>
    /// What one distance-and-gradient evaluation costs in distance evaluations: the forward pass carries the three
    /// input tangents beside the value, so each layer does four matrix-vector products instead of one.
    /// </summary>
    public const double GradientCost = 4;

    /// <summary>Primary ray and normal, in distance-evaluation equivalents.</summary>
    public double PrimaryAndNormal => Primary + GradientCost * Normal;

    /// <summary>The whole shaded pixel, in distance-evaluation equivalents.</summary>
    public double Total => PrimaryAndNormal + Shadow + Occlusion;

    /// <summary>Reads the counts of an <see cref="SdfShadingMode.Evaluations"/> image (RGBA8, as <see cref="HeadlessRender.RenderRgba"/> returns it).</summary>
    public static EvaluationCounts FromPixels(ReadOnlySpan<byte> rgba)
    {
        if (rgba.Length % 4 != 0) throw new ArgumentException($"RGBA8 pixels take 4 bytes each; got {rgba.Length} bytes.", nameof(rgba));
        long primary = 0, normal = 0, shadow = 0, occlusion = 0;
        int covered = 0;
        for (int i = 0; i < rgba.Length; i += 4)
        {
            if (rgba[i] == 0) continue; // a drawn pixel took at least one primary step
            covered++;
            primary += rgba[i];
            normal += rgba[i + 1];
            shadow += rgba[i + 2];
            occlusion += rgba[i + 3];
        }
        if (covered == 0) return default;
        return new EvaluationCounts(covered, (double)primary / covered, (double)normal / covered, (double)shadow / covered, (double)occlusion / covered);
    }

    /// <summary>One line for a console: the split and the two totals.</summary>
    public string Describe() => CoveredPixels == 0
        ? "No pixel is covered."
        : $"Network evaluations per covered pixel ({CoveredPixels:N0} pixels): primary ray {Primary:F1}, normal {Normal:F2} " +
          $"(×{GradientCost:F0} = {GradientCost * Normal:F1}), shadow {Shadow:F1}, ambient occlusion {Occlusion:F1}; " +
          $"primary + normal {PrimaryAndNormal:F1}, whole shaded pixel {Total:F1} distance-evaluation equivalents";
}
