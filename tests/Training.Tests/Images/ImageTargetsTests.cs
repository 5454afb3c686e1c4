using NeuralSdf.Training.Images;

namespace NeuralSdf.Training.Tests.Images;

public class ImageTargetsTests
{
    [Fact]
    public void GradientTargetsAreTheRampsSlopeInRawUnitsAndHalfOfItAcrossTheBorder()
    {
        // A ramp along x and another along y: the true raw gradient is the same at every pixel, but the mirrored Sobel
        // is one-sided (half the slope) on the first and last column for ∂/∂x and row for ∂/∂y.
        const int w = 12, h = 9;
        float[] pixels = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) pixels[y * w + x] = 0.2f + 0.03f * x + 0.05f * y;
        var image = new SourceImage(w, h, 1, pixels, sourcePath: "ramp.png");
        ImageTargets targets = ImageTargets.For(image, ImageSupervision.Gradients, [0.5f], [0.5f]);

        // Raw units: a pixel step is 2 / max(w, h) normalized units and raw = (v − 0.5) / 0.5.
        float half = Math.Max(w, h) / 2f;
        float[] slope = [0.03f * half / 0.5f, 0.05f * half / 0.5f];
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            bool[] acrossBorder = [x == 0 || x == w - 1, y == 0 || y == h - 1];
            for (int k = 0; k < 2; k++)
            {
                float target = targets.Gradients![(y * w + x) * 2 + k], expected = acrossBorder[k] ? slope[k] / 2 : slope[k];
                Assert.True(Math.Abs(target - expected) < 1e-4, $"pixel ({x}, {y}) component {k}: {target} against {expected}");
            }
        }
    }
}
