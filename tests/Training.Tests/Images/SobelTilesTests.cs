using NeuralSdf.Training.Images;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests.Images;

public class SobelTilesTests
{
    private const int Width = 23, Height = 17;

    [Fact]
    public void TheStencilOnAnImagesOwnValuesGivesItsGradientTargetsAcrossTheBorders()
    {
        SourceImage image = SmoothImages.Ripple(Width, Height, 2);
        var random = new Random(4);
        float[] raw = image.Pixels.ToArray().Select(v => v * 3 - 1).ToArray(); // raw = (v − 1/3) / (1/3)
        ImageTargets targets = ImageTargets.For(image, ImageSupervision.Gradients, [1 / 3f, 1 / 3f], [1 / 3f, 1 / 3f]);
        var tiles = new SobelTiles(Width, Height);
        using var scope = NewDisposeScope();
        foreach (TileBatch batch in new[] { tiles.Draw(random, 40, 5), tiles.At([(0, 0)], Width, Height), tiles.At([(0, 0), (22, 16), (-2, 3)], 3, 2) })
        {
            float[] apron = batch.Apron.SelectMany(p => new[] { raw[2 * p], raw[2 * p + 1] }).ToArray();
            float[] gradient = tiles.Gradient(batch, tensor(apron, [batch.Apron.Length, 2])).data<float>().ToArray();
            for (int i = 0; i < batch.Pixels.Length; i++)
            {
                for (int k = 0; k < 4; k++)
                {
                    float expected = targets.Gradients![batch.Pixels[i] * 4 + k], actual = gradient[i * 4 + k];
                    if (batch.Inside[i] == 1)
                        Assert.True(Math.Abs(actual - expected) < 1e-4 * (1 + Math.Abs(expected)), $"pixel {batch.Pixels[i]} component {k}: {actual} against the target {expected}");
                }
            }
        }
    }

    [Fact]
    public void DrawnTilesReachEveryPixelAndMarkWhatHangsOverTheBorder()
    {
        var tiles = new SobelTiles(Width, Height);
        TileBatch batch = tiles.Draw(new Random(7), 600, 6);
        Assert.Equal(600 * 36, batch.Pixels.Length);
        Assert.Equal(600 * 64, batch.Apron.Length);
        var seen = new HashSet<long>();
        int outside = 0;
        for (int i = 0; i < batch.Pixels.Length; i++)
        {
            Assert.InRange(batch.Pixels[i], 0, Width * Height - 1);
            if (batch.Inside[i] == 1) seen.Add(batch.Pixels[i]);
            else outside++;
        }
        Assert.Equal(Width * Height, seen.Count);
        Assert.True(outside > 0, "some tiles hang over the border");
        // A tile at the corner: its first row and column lie outside, the rest inside.
        TileBatch corner = tiles.At([(-1, -1)], 3, 3);
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 1, 0, 1, 1 }, corner.Inside);
        Assert.Equal(new long[] { 0, 0, 1, 0, 0, 1, Width, Width, Width + 1 }, corner.Pixels);
    }
}
