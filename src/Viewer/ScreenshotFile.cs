using NeuralSdf.Hosting;

namespace NeuralSdf.Viewer;

/// <summary>A viewer's screenshots: PNG files named by the local time, never overwriting one.</summary>
internal static class ScreenshotFile
{
    /// <summary>Writes the RGBA pixels (rows top-down) into <paramref name="directory"/>, creating it, and returns the file's path.</summary>
    public static string Write(string directory, int width, int height, byte[] rgba)
    {
        Directory.CreateDirectory(directory);
        string path = PathFor(directory, DateTime.Now);
        PngFile.Write(path, width, height, rgba);
        return path;
    }

    /// <summary>A file name in <paramref name="directory"/> from the local time, with a counter when it is taken.</summary>
    internal static string PathFor(string directory, DateTime time)
    {
        string stem = Path.Combine(directory, $"neuralsdf-{time:yyyyMMdd-HHmmss-fff}");
        string path = stem + ".png";
        for (int i = 2; File.Exists(path); i++) path = $"{stem}-{i}.png";
        return path;
    }
}
