namespace NeuralSdf.Tests;

/// <summary>Paths of files in the repository the tests run from.</summary>
internal static class RepositoryFiles
{
    /// <summary>The path of <paramref name="parts"/> under the folder that holds NeuralSdf.sln, found above the test's folder.</summary>
    public static string Path(params string[] parts)
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory, "NeuralSdf.sln"))) directory = System.IO.Path.GetDirectoryName(directory);
        return System.IO.Path.Combine([directory ?? throw new InvalidOperationException("NeuralSdf.sln not found above the test folder"), .. parts]);
    }
}
