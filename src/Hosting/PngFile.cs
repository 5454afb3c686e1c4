using NeuralSdf.Runtime;
using StbImageWriteSharp;

namespace NeuralSdf.Hosting;

/// <summary>Writes RGBA images as PNG files.</summary>
public static class PngFile
{
    /// <summary>
    /// Writes <paramref name="rgbaTopDown"/> (4 bytes a pixel, first row at the top) to <paramref name="path"/>
    /// atomically: readers see the old file or the complete new one.
    /// </summary>
    public static void Write(string path, int width, int height, byte[] rgbaTopDown)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckImage(width, height, rgbaTopDown);
        AtomicFile.Write(path, stream => new ImageWriter().WritePng(rgbaTopDown, width, height, ColorComponents.RedGreenBlueAlpha, stream));
    }

    /// <summary>Encodes <paramref name="rgbaTopDown"/> (4 bytes a pixel, first row at the top) as the bytes of a PNG file.</summary>
    public static byte[] Encode(int width, int height, byte[] rgbaTopDown)
    {
        CheckImage(width, height, rgbaTopDown);
        using var stream = new MemoryStream();
        new ImageWriter().WritePng(rgbaTopDown, width, height, ColorComponents.RedGreenBlueAlpha, stream);
        return stream.ToArray();
    }

    private static void CheckImage(int width, int height, byte[] rgbaTopDown)
    {
        ArgumentNullException.ThrowIfNull(rgbaTopDown);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (rgbaTopDown.Length != 4L * width * height)
            throw new ArgumentException($"A {width}×{height} RGBA image needs {4L * width * height} bytes; got {rgbaTopDown.Length}.", nameof(rgbaTopDown));
    }
}
