namespace NeuralSdf.Runtime;

/// <summary>
/// A generated or loaded shader failed to compile or link on this driver. The message is one line (the stage, the
/// program and the first line of the driver's log); <see cref="InfoLog"/> and <see cref="NumberedSource"/> hold the rest.
/// </summary>
public sealed class ShaderCompileException : NeuralSdfException
{
    /// <summary>Creates the exception for <paramref name="what"/> (e.g. <c>FragmentShader 'NeuralSdf sphere trace'</c>).</summary>
    public ShaderCompileException(string what, string infoLog, string numberedSource)
        : base($"compiling {what} failed: {FirstLine(infoLog)}")
    {
        InfoLog = infoLog;
        NumberedSource = numberedSource;
    }

    /// <summary>The driver's whole info log.</summary>
    public string InfoLog { get; }

    /// <summary>The source (every stage's, for a link failure) with 1-based line numbers, as the log counts them.</summary>
    public string NumberedSource { get; }

    private static string FirstLine(string log)
    {
        string line = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(the driver gave no log)";
        return line.ReplaceLineEndings(" ");
    }
}
