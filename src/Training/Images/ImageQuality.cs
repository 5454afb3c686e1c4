using NeuralSdf.Runtime;

namespace NeuralSdf.Training.Images;

/// <summary>How well an image field reproduces its source, measured as a user would: the field sampled by the runtime's
/// CPU evaluator at the source's pixel centers, against the source's values.</summary>
/// <param name="Fit">The field's values at the source's pixel centers, clamped to [0, 1] for 8- and 16-bit sources (as a PNG stores them).</param>
/// <param name="Psnr">PSNR in dB (peak 1).</param>
/// <param name="Ssim">SSIM (Gaussian window 11, σ 1.5), or NaN for an image smaller than the window.</param>
/// <param name="Aligned">Whether the field's constant came from the source's mean (a derivative-only fit) rather than the fit.</param>
public sealed record ImageQuality(float[] Fit, double Psnr, double Ssim, bool Aligned)
{
    /// <summary>Samples <paramref name="field"/> at <paramref name="source"/>'s resolution and compares.</summary>
    public static ImageQuality Measure(ImageField field, SourceImage source)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(source);
        if ((field.Width, field.Height, field.Channels) != (source.Width, source.Height, source.Channels))
            throw new ArgumentException($"the field is {field.Width}×{field.Height} with {field.Channels} channels; the image is {source.Width}×{source.Height} with {source.Channels}");
        bool aligned = field.Field.Metadata.TryGetValue("training.supervise", out string? mode) && mode is "gradients" or "laplacian";
        return Of(field.Render(source.Width, source.Height, UvRegion.Whole), source, aligned);
    }

    /// <summary>Compares values at <paramref name="source"/>'s pixel centers (pixel-major, then channel) with the source's; clamps them as <see cref="Measure"/> does.</summary>
    /// <param name="fit">The values; clamped in place for an 8- or 16-bit source.</param>
    /// <param name="source">The image they were fitted to.</param>
    /// <param name="aligned">Whether their mean was set to the source's (a derivative-only fit).</param>
    public static ImageQuality Of(float[] fit, SourceImage source, bool aligned)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(source);
        if (fit.Length != source.Pixels.Length)
            throw new ArgumentException($"{fit.Length} values for an image of {source.Pixels.Length}", nameof(fit));
        if (!source.IsHdr)
        {
            for (int i = 0; i < fit.Length; i++) fit[i] = Math.Clamp(fit[i], 0f, 1f);
        }
        double ssim = source.Width >= ImageMetrics.SsimWindow && source.Height >= ImageMetrics.SsimWindow
            ? ImageMetrics.Ssim(fit, source.Pixels, source.Width, source.Height, source.Channels)
            : double.NaN;
        return new ImageQuality(fit, ImageMetrics.Psnr(fit, source.Pixels), ssim, aligned);
    }
}
