using NeuralSdf.Training.Images;

namespace NeuralSdf.Training.Tests.Images;

public class ImageTargetsTests
{
    [Fact]
    public void EveryGradientAFitIsHeldToIsTheRampsTrueSlope()
    {
        // A ramp along x and another along y: the true raw gradient is the same at every pixel, but the mirrored Sobel
        // is one-sided (half the slope) on the first and last column for ∂/∂x and row for ∂/∂y.
        const int w = 12, h = 9;
        float[] pixels = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) pixels[y * w + x] = 0.2f + 0.03f * x + 0.05f * y;
        var image = new SourceImage(w, h, 1, pixels, sourcePath: "ramp.png");
        ImageTargets targets = ImageTargets.For(image, ImageSupervision.Gradients, [0.5f], [0.5f]);
        float[] weights = targets.GradientWeights();

        // Raw units: a pixel step is 2 / max(w, h) normalized units and raw = (v − 0.5) / 0.5.
        float half = Math.Max(w, h) / 2f;
        float[] slope = [0.03f * half / 0.5f, 0.05f * half / 0.5f];
        int held = 0, halved = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            float target = targets.Gradients![i];
            if (weights[i] == 1)
            {
                held++;
                Assert.True(Math.Abs(target - slope[i % 2]) < 1e-4, $"component {i}: {target} against the slope {slope[i % 2]}");
            }
            else
            {
                Assert.Equal(0, weights[i]);
                if (Math.Abs(target - slope[i % 2] / 2) < 1e-4) halved++;
            }
        }
        Assert.Equal(2 * w * h - 2 * h - 2 * w, held);
        Assert.Equal(2 * h + 2 * w, halved);
    }
}
