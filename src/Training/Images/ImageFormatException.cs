namespace NeuralSdf.Training.Images;

/// <summary>
/// An image file could not be read: it is missing, empty, of a format we do not read, truncated, too large,
/// or its content is corrupt. <see cref="Exception.Message"/> is one line, <c>"{file}: {problem}"</c>, e.g.
/// <c>"photo.png: truncated: the IDAT chunk at byte 33 claims 4,096 bytes but the file ends 1,000 bytes into it"</c>.
/// </summary>
public sealed class ImageFormatException : TrainingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file as the caller named it.</param>
    /// <param name="problem">What is wrong, with the actual and the allowed values.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public ImageFormatException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}".ReplaceLineEndings(" "), inner)   // one line, always: a caller prints it as is
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file as the caller named it.</summary>
    public string FilePath { get; }

    /// <summary>The problem alone, without the file.</summary>
    public string Problem { get; }
}
