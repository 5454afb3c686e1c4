using System.Globalization;

namespace NeuralSdf.Training.Geometry;

/// <summary>
/// A geometry file could not be read: it is missing, has an unsupported extension, or its content is
/// corrupt or foreign. <see cref="Exception.Message"/> is one line:
/// <c>"{file}: {location}: {problem}"</c>, e.g.
/// <c>"bunny.obj: line 12: face refers to vertex 57, but the file has 40 vertices"</c>.
/// </summary>
public sealed class GeometryFormatException : TrainingException
{
    /// <summary>Creates the exception; <paramref name="location"/> may be null when the problem concerns the whole file.</summary>
    /// <param name="filePath">The file as the caller named it.</param>
    /// <param name="location">Where in the file, e.g. <c>"line 12"</c> or <c>"byte 1,024"</c>; null for the whole file.</param>
    /// <param name="problem">What is wrong, with the actual and the allowed values.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public GeometryFormatException(string filePath, string? location, string problem, Exception? innerException = null)
        : base(Compose(filePath, location, problem), innerException)
    {
        FilePath = filePath;
        Location = location;
        Problem = problem;
    }

    /// <summary>The file as the caller named it.</summary>
    public string FilePath { get; }

    /// <summary>Where in the file the problem is (<c>"line 12"</c>, <c>"byte 1,024"</c>), or null when it concerns the whole file.</summary>
    public string? Location { get; }

    /// <summary>The problem alone, without file and location.</summary>
    public string Problem { get; }

    internal static GeometryFormatException AtLine(string filePath, long line, string problem) =>
        new(filePath, LineLocation(line), problem);

    internal static GeometryFormatException AtByte(string filePath, long offset, string problem) =>
        new(filePath, ByteLocation(offset), problem);

    internal static string LineLocation(long line) => string.Create(CultureInfo.InvariantCulture, $"line {line:N0}");

    internal static string ByteLocation(long offset) => string.Create(CultureInfo.InvariantCulture, $"byte {offset:N0}");

    private static string Compose(string filePath, string? location, string problem)
    {
        string text = location is null ? $"{filePath}: {problem}" : $"{filePath}: {location}: {problem}";
        // One line, always: a caller prints it as is.
        return text.ReplaceLineEndings(" ");
    }
}
