namespace NeuralSdf.Training.Images;

/// <summary>
/// Image-fit quality: PSNR and SSIM as the SIREN paper and scikit-image report them, and a mean alignment for fits
/// defined only up to a constant (fits to gradients or to the Laplacian). Images are channel-interleaved floats,
/// row-major from the top row, as in <see cref="SourceImage.Pixels"/>.
/// </summary>
public static class ImageMetrics
{
    /// <summary>SSIM's Gaussian window: σ = 1.5, cut at 3.5 σ as scikit-image does, so a radius of 5 (an 11 × 11 window).</summary>
    public const int SsimWindow = 11;

    private const double SsimSigma = 1.5;
    private const int SsimRadius = SsimWindow / 2;
    private const double K1 = 0.01, K2 = 0.03;   // Wang et al. 2004, for a data range of 1
    private static readonly double[] s_gaussian = GaussianWindow();

    /// <summary>
    /// Peak signal-to-noise ratio in dB, 10 log₁₀(peak² / MSE), with the mean squared error over every value of every
    /// channel; +∞ when the images are equal.
    /// </summary>
    /// <param name="a">One image's values.</param>
    /// <param name="b">The other's, as many.</param>
    /// <param name="peak">The largest possible value: 1 for values in [0, 1], 2 for [−1, 1].</param>
    public static double Psnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double peak = 1)
    {
        CheckPair(a, b);
        if (!(peak > 0) || !double.IsFinite(peak))
            throw new ArgumentOutOfRangeException(nameof(peak), peak, "the peak value must be positive and finite");
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            sum += d * d;
        }
        double mse = sum / a.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse);
    }

    /// <summary>
    /// Mean structural similarity (Wang et al. 2004) for values in [0, 1], as scikit-image's
    /// <c>structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1)</c>:
    /// local means, variances and covariance under an 11 × 11 Gaussian window (σ = 1.5), K1 = 0.01, K2 = 0.03, averaged
    /// over the windows that lie wholly inside the image (scikit-image filters the whole image, then crops 5 pixels
    /// at each border before averaging) and then over the channels. 1 for equal images.
    /// </summary>
    /// <param name="a">One image's values, channels interleaved.</param>
    /// <param name="b">The other's, as many.</param>
    /// <param name="width">Pixels per row, at least 11.</param>
    /// <param name="height">Rows, at least 11.</param>
    /// <param name="channels">Values per pixel, at least 1.</param>
    public static double Ssim(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int width, int height, int channels)
    {
        CheckPair(a, b);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (width < SsimWindow || height < SsimWindow)
            throw new ArgumentException($"SSIM needs an image of at least {SsimWindow} × {SsimWindow} pixels for its window; this one is {width} × {height}");
        if (a.Length != (long)width * height * channels)
            throw new ArgumentException($"a {width} × {height} image with {channels} channels has {(long)width * height * channels:N0} values, but {a.Length:N0} were given", nameof(a));

        const double c1 = K1 * K1, c2 = K2 * K2;
        int validWidth = width - 2 * SsimRadius, validHeight = height - 2 * SsimRadius;
        // The row pass (along x, the valid columns) of the five moments E[a], E[b], E[a²], E[b²], E[ab], kept for the
        // last 11 rows only: the column pass of output row y needs rows y … y + 10.
        var rows = new double[SsimWindow * validWidth * 5];
        double total = 0;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int y = 0; y < height; y++)
            {
                int slot = y % SsimWindow * validWidth * 5;
                for (int x = 0; x < validWidth; x++)
                {
                    double ma = 0, mb = 0, maa = 0, mbb = 0, mab = 0;
                    for (int k = 0; k < SsimWindow; k++)
                    {
                        int i = (y * width + x + k) * channels + c;
                        double w = s_gaussian[k], va = a[i], vb = b[i];
                        ma += w * va; mb += w * vb; maa += w * va * va; mbb += w * vb * vb; mab += w * va * vb;
                    }
                    int r = slot + 5 * x;
                    rows[r] = ma; rows[r + 1] = mb; rows[r + 2] = maa; rows[r + 3] = mbb; rows[r + 4] = mab;
                }
                if (y < SsimWindow - 1) continue;
                int top = y - (SsimWindow - 1);
                for (int x = 0; x < validWidth; x++)
                {
                    double ma = 0, mb = 0, maa = 0, mbb = 0, mab = 0;
                    for (int k = 0; k < SsimWindow; k++)
                    {
                        int r = (top + k) % SsimWindow * validWidth * 5 + 5 * x;
                        double w = s_gaussian[k];
                        ma += w * rows[r]; mb += w * rows[r + 1]; maa += w * rows[r + 2]; mbb += w * rows[r + 3]; mab += w * rows[r + 4];
                    }
                    // Population (not sample) variances: use_sample_covariance=False.
                    double va = maa - ma * ma, vb = mbb - mb * mb, cov = mab - ma * mb;
                    sum += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                }
            }
            total += sum / ((long)validWidth * validHeight);
        }
        return total / channels;
    }

    /// <summary>
    /// <paramref name="fit"/> shifted, channel by channel, by the difference of the means:
    /// the result has <paramref name="reference"/>'s mean in every channel. For fits to gradients or a Laplacian,
    /// which fix an image only up to a constant, before <see cref="Psnr"/> or <see cref="Ssim"/>.
    /// </summary>
    /// <param name="fit">The fitted values, channels interleaved.</param>
    /// <param name="reference">The reference values, as many.</param>
    /// <param name="channels">Values per pixel; the lengths must be a multiple of it.</param>
    /// <returns>A new array.</returns>
    public static float[] AlignMean(ReadOnlySpan<float> fit, ReadOnlySpan<float> reference, int channels = 1)
    {
        CheckPair(fit, reference);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (fit.Length % channels != 0)
            throw new ArgumentException($"{fit.Length:N0} values are not a whole number of pixels with {channels} channels", nameof(fit));
        var shift = new double[channels];
        for (int i = 0; i < fit.Length; i++) shift[i % channels] += (double)reference[i] - fit[i];
        int pixels = fit.Length / channels;
        var aligned = new float[fit.Length];
        for (int i = 0; i < fit.Length; i++) aligned[i] = (float)(fit[i] + shift[i % channels] / pixels);
        return aligned;
    }

    private static void CheckPair(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length == 0)
            throw new ArgumentException("the images are empty", nameof(a));
        if (a.Length != b.Length)
            throw new ArgumentException($"the images differ in size: {a.Length:N0} values against {b.Length:N0}", nameof(b));
    }

    /// <summary>scipy's <c>gaussian_filter1d</c> weights: exp(−k² / 2σ²) for k in [−5, 5], normalized to sum 1.</summary>
    private static double[] GaussianWindow()
    {
        var w = new double[SsimWindow];
        double sum = 0;
        for (int k = 0; k < SsimWindow; k++)
        {
            int d = k - SsimRadius;
            w[k] = Math.Exp(-0.5 * d * d / (SsimSigma * SsimSigma));
            sum += w[k];
        }
        for (int k = 0; k < SsimWindow; k++) w[k] /= sum;
        return w;
    }
}
