using NeuralSdf.Training.Images;

namespace NeuralSdf.Training.Tests.Images;

public sealed class ImageMetricsTests
{
    /// <summary>
    /// The pair the reference values below were computed on (numpy float32, then float64 for scikit-image):
    /// a = 0.5 + 0.4 sin(0.7x + 0.3y + c), b = a + 0.08 cos(1.3x − 0.5y + 2c), channels interleaved.
    /// </summary>
    private static (float[] A, float[] B) SinePair(int width, int height, int channels)
    {
        var a = new float[width * height * channels];
        var b = new float[a.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    int i = (y * width + x) * channels + c;
                    a[i] = (float)(0.5 + 0.4 * Math.Sin(0.7 * x + 0.3 * y + c));
                    b[i] = (float)(a[i] + 0.08 * Math.Cos(1.3 * x - 0.5 * y + 2 * c));
                }
            }
        }
        return (a, b);
    }

    private static float[] Random01(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextSingle())];
    }

    [Fact]
    public void PsnrOfIdenticalImagesIsInfinite()
    {
        float[] image = Random01(300, 1);
        Assert.Equal(double.PositiveInfinity, ImageMetrics.Psnr(image, [.. image]));
    }

    [Fact]
    public void PsnrOfAConstantOffsetIsTwentyLogOfPeakOverOffset()
    {
        float[] a = [.. Enumerable.Range(0, 50).Select(i => i / 64f)];
        float[] b = [.. a.Select(v => v + 0.125f)];   // exact in float: the MSE is 1/64 exactly

        Assert.Equal(20 * Math.Log10(1 / 0.125), ImageMetrics.Psnr(a, b), 12);
        Assert.Equal(20 * Math.Log10(2 / 0.125), ImageMetrics.Psnr(a, b, peak: 2), 12);
    }

    [Theory]
    [InlineData(16, 13, 1, 24.943130947680)]
    [InlineData(12, 20, 3, 24.948690974358)]
    public void PsnrMatchesScikitImage(int width, int height, int channels, double skimage)
    {
        (float[] a, float[] b) = SinePair(width, height, channels);
        Assert.Equal(skimage, ImageMetrics.Psnr(a, b), 9);
    }

    [Fact]
    public void SsimOfIdenticalImagesIsOne()
    {
        float[] image = Random01(17 * 12 * 3, 2);
        Assert.Equal(1.0, ImageMetrics.Ssim(image, image, 17, 12, 3), 12);
    }

    [Fact]
    public void SsimOfTwoConstantImagesIsTheLuminanceTermAlone()
    {
        // No variance, no covariance: the contrast-structure factor is C2 / C2 = 1 and every window gives
        // (2 μa μb + C1) / (μa² + μb² + C1), with C1 = 0.01².
        const float mu = 0.5f, shifted = 0.75f;
        float[] a = [.. Enumerable.Repeat(mu, 15 * 14)];
        float[] b = [.. Enumerable.Repeat(shifted, 15 * 14)];
        double expected = (2.0 * mu * shifted + 1e-4) / (mu * mu + shifted * shifted + 1e-4);

        double ssim = ImageMetrics.Ssim(a, b, 15, 14, 1);
        Assert.True(Math.Abs(ssim - expected) < 1e-11, $"SSIM {ssim:R}, closed form {expected:R}");
    }

    /// <summary>
    /// scikit-image 0.19.3: structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
    /// data_range=1, channel_axis=-1) on <see cref="SinePair"/>. 11 × 11 leaves exactly one valid window.
    /// </summary>
    [Theory]
    [InlineData(16, 13, 1, 0.972920769069804)]
    [InlineData(12, 20, 3, 0.972761639300478)]
    [InlineData(11, 11, 1, 0.968345403616154)]
    public void SsimMatchesScikitImage(int width, int height, int channels, double skimage)
    {
        (float[] a, float[] b) = SinePair(width, height, channels);
        double ssim = ImageMetrics.Ssim(a, b, width, height, channels);
        Assert.True(Math.Abs(ssim - skimage) < 1e-9, $"SSIM {ssim:R}, scikit-image {skimage:R}");
        Assert.Equal(ssim, ImageMetrics.Ssim(b, a, width, height, channels), 14);   // symmetric
    }

    [Fact]
    public void SsimOfAnElevenByElevenImageIsItsOneWindowComputedDirectly()
    {
        // Only the centre pixel's window lies wholly inside: the 2-D Gaussian weights applied to the whole image.
        (float[] a, float[] b) = SinePair(11, 11, 1);
        double[] g = [.. Enumerable.Range(-5, 11).Select(k => Math.Exp(-k * k / (2 * 1.5 * 1.5)))];
        double norm = g.Sum() * g.Sum();
        double ma = 0, mb = 0, maa = 0, mbb = 0, mab = 0;
        for (int y = 0; y < 11; y++)
        {
            for (int x = 0; x < 11; x++)
            {
                double w = g[x] * g[y] / norm, va = a[y * 11 + x], vb = b[y * 11 + x];
                ma += w * va; mb += w * vb; maa += w * va * va; mbb += w * vb * vb; mab += w * va * vb;
            }
        }
        double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        double expected = (2 * ma * mb + c1) * (2 * (mab - ma * mb) + c2)
                          / ((ma * ma + mb * mb + c1) * (maa - ma * ma + mbb - mb * mb + c2));

        double ssim = ImageMetrics.Ssim(a, b, 11, 11, 1);

        Assert.True(Math.Abs(ssim - expected) < 1e-12, $"SSIM {ssim:R}, direct {expected:R}");
    }

    [Fact]
    public void SsimRefusesImagesSmallerThanItsWindow()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(new float[10 * 20], new float[10 * 20], 10, 20, 1));
        Assert.Contains("11 × 11", e.Message);
        Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(new float[12 * 12], new float[12 * 12], 12, 12, 2));
    }

    [Fact]
    public void AlignMeanRemovesAConstantOffsetPerChannel()
    {
        float[] reference = Random01(9 * 7 * 3, 3);
        float[] offsets = [0.25f, -0.5f, 0.125f];
        float[] fit = [.. reference.Select((v, i) => v + offsets[i % 3])];

        float[] aligned = ImageMetrics.AlignMean(fit, reference, channels: 3);

        for (int i = 0; i < reference.Length; i++)
            Assert.True(Math.Abs(aligned[i] - reference[i]) < 1e-6, $"value {i}: aligned {aligned[i]}, reference {reference[i]}");
        Assert.True(ImageMetrics.Psnr(aligned, reference) > 110, "after alignment only float rounding is left");
        Assert.True(ImageMetrics.Psnr(fit, reference) < 10, "before it the offset dominates");
    }

    [Fact]
    public void AlignMeanGivesTheReferenceMeanAndKeepsTheShape()
    {
        float[] reference = Random01(40, 4);
        float[] fit = [.. Random01(40, 5).Select(v => 3 * v - 7)];

        float[] aligned = ImageMetrics.AlignMean(fit, reference);

        Assert.Equal(reference.Average(), aligned.Average(), 5);
        for (int i = 1; i < fit.Length; i++)
            Assert.Equal(fit[i] - fit[0], aligned[i] - aligned[0], 4);
    }

    [Fact]
    public void MismatchedInputsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => ImageMetrics.Psnr([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => ImageMetrics.Psnr([], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageMetrics.Psnr([1], [1], peak: 0));
        Assert.Throws<ArgumentException>(() => ImageMetrics.AlignMean([1, 2, 3], [1, 2, 3], channels: 2));
    }
}
