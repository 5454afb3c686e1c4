using NeuralSdf.Training.Images;
using StbImageWriteSharp;

namespace NeuralSdf.Bench;

/// <summary>
/// Halves scikit-image's 512² 8-bit test images to the SIREN paper's 256² by a 2 × 2 box average, rounded half to even:
/// the same bytes as <c>np.round(skimage.transform.downscale_local_mean(image, 2))</c> (checked on camera, astronaut and
/// brick), so fetch-images.sh needs no Python.
/// </summary>
internal static class ImagePreparation
{
    public static void Run(string from, string to, IReadOnlyList<string> names)
    {
        Directory.CreateDirectory(to);
        foreach (string name in names)
        {
            SourceImage source = ImageReader.Read(Path.Combine(from, name));
            if (source.BitsPerChannel != 8)
                throw new ArgumentException($"{name} has {source.BitsPerChannel} bits per channel; the test images have 8");
            if (source.Width % 2 != 0 || source.Height % 2 != 0)
                throw new ArgumentException($"{name} is {source.Width}×{source.Height}; a 2 × 2 box average needs even sides");
            byte[] half = BoxAverage(source);
            string output = Path.Combine(to, name);
            using (var stream = File.Create(output))
                new ImageWriter().WritePng(half, source.Width / 2, source.Height / 2, Components(source.Channels), stream);
            Console.WriteLine($"{output}: {source.Width / 2}×{source.Height / 2}, {source.Channels} channel{(source.Channels == 1 ? "" : "s")}");
        }
    }

    private static byte[] BoxAverage(SourceImage source)
    {
        int w = source.Width / 2, h = source.Height / 2, c = source.Channels;
        ReadOnlySpan<float> pixels = source.Pixels;
        byte[] half = new byte[w * h * c];
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        for (int m = 0; m < c; m++)
        {
            int topLeft = ((2 * y) * source.Width + 2 * x) * c + m, below = topLeft + source.Width * c;
            int sum = Stored(pixels[topLeft]) + Stored(pixels[topLeft + c]) + Stored(pixels[below]) + Stored(pixels[below + c]);
            half[(y * w + x) * c + m] = (byte)Math.Round(sum / 4.0, MidpointRounding.ToEven);
        }
        return half;
    }

    /// <summary>The byte the file stores (the reader gives byte / 255).</summary>
    private static int Stored(float value) => (int)MathF.Round(value * 255);

    private static ColorComponents Components(int channels) => channels switch
    {
        1 => ColorComponents.Grey,
        2 => ColorComponents.GreyAlpha,
        3 => ColorComponents.RedGreenBlue,
        _ => ColorComponents.RedGreenBlueAlpha,
    };
}
