namespace NeuralSdf.Runtime;

/// <summary>
/// A model file (or other NeuralSdf input) is corrupt, truncated or not what it claims to be.
/// The message is one line that names the file and the problem.
/// </summary>
public sealed class SdfFormatException : NeuralSdfException
{
    /// <summary>Creates the exception for <paramref name="filePath"/> with a one-line <paramref name="problem"/>.</summary>
    public SdfFormatException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file that failed to load.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
