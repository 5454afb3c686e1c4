namespace NeuralSdf.Runtime;

/// <summary>
/// The base of every exception the NeuralSdf libraries throw for a reason outside the program: a corrupt file, a driver
/// that cannot do what is asked, an input that does not fit. Each library's own kinds derive from it (the runtime's
/// <see cref="SdfFormatException"/> and <see cref="ShaderCompileException"/>, the training library's, the viewer's), so a host can
/// catch them in one place. Argument exceptions, by contrast, mean a caller broke a method's contract.
/// </summary>
public class NeuralSdfException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public NeuralSdfException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
