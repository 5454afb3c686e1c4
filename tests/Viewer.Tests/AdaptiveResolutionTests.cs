using NeuralSdf.Runtime;
using NeuralSdf.Viewer;

namespace NeuralSdf.Viewer.Tests;

public sealed class AdaptiveResolutionTests
{
    private const int Width = 960, Height = 640;

    [Theory]
    [InlineData(0.00005)] // cheap pixels: the whole window fits in 50 ms
    [InlineData(0.0004)]  // a full frame would take 246 ms
    [InlineData(0.01)]    // very slow: held at the minimum scale
    public void TheScaleSettlesWhereAFrameTakesTheTargetTime(double millisecondsPerPixel)
    {
        var resolution = new AdaptiveResolution(targetMilliseconds: 50, minimumScale: 0.1);
        for (int frame = 0; frame < 40; frame++)
        {
            double scale = resolution.Scale;
            long pixels = (long)(Width * scale) * (long)(Height * scale);
            resolution.Record(scale, pixels, pixels * millisecondsPerPixel);
        }
        // The scale whose frame takes 50 ms: s² · W · H · cost = 50.
        double expected = Math.Clamp(Math.Sqrt(50 / (millisecondsPerPixel * Width * Height)), 0.1, 1);
        Assert.True(Math.Abs(resolution.Scale - expected) < 0.02, $"scale {resolution.Scale:0.000}, expected {expected:0.000}");
    }

    [Fact]
    public void RefinementPiecesFitTheFrameBudget()
    {
        var resolution = new AdaptiveResolution(targetMilliseconds: 40);
        Assert.Equal(Width * Height / 8, resolution.PixelsPerFrame(Width, Height)); // nothing measured yet
        resolution.Record(0.5, 480 * 320, 480 * 320 * 0.0005);
        // 40 ms at 0.0005 ms a pixel is 80,000 pixels.
        Assert.Equal(80_000, resolution.PixelsPerFrame(Width, Height));
        resolution.Record(0.5, 480 * 320, 480 * 320 * 0.0395); // averaged with the first: 0.02 ms a pixel
        Assert.Equal(2_000, resolution.PixelsPerFrame(Width, Height)); // less than a row
        resolution.Record(0.5, 480 * 320, 480 * 320 * 1e6);
        Assert.Equal(1, resolution.PixelsPerFrame(Width, Height));
    }

    [Fact]
    public void ItStartsAtTheMinimumScaleAndRejectsAMeaninglessTarget()
    {
        Assert.Equal(0.25, new AdaptiveResolution(30, 0.25).Scale);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveResolution(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveResolution(30, 0));
    }
}
