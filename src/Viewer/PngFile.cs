using NeuralSdf.Runtime;
using StbImageWriteSharp;

namespace NeuralSdf.Viewer;

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
        ArgumentNullException.ThrowIfNull(rgbaTopDown);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (rgbaTopDown.Length != 4L * width * height)
            throw new ArgumentException($"A {width}×{height} RGBA image needs {4L * width * height} bytes; got {rgbaTopDown.Length}.", nameof(rgbaTopDown));
        AtomicFile.Write(path, stream => new ImageWriter().WritePng(rgbaTopDown, width, height, ColorComponents.RedGreenBlueAlpha, stream));
    }
}
