using NeuralSdf.Training.Images;

namespace NeuralSdf.Training.Tests.Images;

/// <summary>Small computed images for image-field tests.</summary>
internal static class SmoothImages
{
    /// <summary>Smooth ramps and a ripple per channel, values inside [0.1, 0.9]: easy to fit, not constant anywhere.</summary>
    public static SourceImage Ripple(int width, int height, int channels)
    {
        float[] pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    double u = (x + 0.5) / width, v = (y + 0.5) / height;
                    double value = 0.5 + 0.25 * Math.Sin(2 * Math.PI * (u * (c + 1) + 0.5 * v)) + 0.15 * (v - 0.5) * (c % 2 == 0 ? 1 : -1);
                    pixels[(y * width + x) * channels + c] = (float)value;
                }
            }
        }
        return new SourceImage(width, height, channels, pixels, sourcePath: "gradient.png");
    }
}
