namespace NeuralSdf.Bench;

/// <summary>Where the bench finds scikit-image's test images at 256²: /tmp/img when present, else fetch-images.sh's folder.</summary>
internal static class TestImages
{
    private const string Shared = "/tmp/img";

    /// <summary>bench/ImageBench/data, from the build output (bin/CONFIGURATION/FRAMEWORK).</summary>
    public static string DataFolder => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../data"));

    /// <summary>The path of <paramref name="name"/>, in the first folder that has it (the last one tried when none does).</summary>
    public static string Find(string name)
    {
        string shared = Path.Combine(Shared, name);
        return File.Exists(shared) ? shared : Path.Combine(DataFolder, name);
    }
}
