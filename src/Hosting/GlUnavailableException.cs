using NeuralSdf.Runtime;

namespace NeuralSdf.Hosting;

/// <summary>
/// No OpenGL context could be created on this machine (a missing native library, no usable display or driver).
/// The message is one line that names what to install.
/// </summary>
public sealed class GlUnavailableException : NeuralSdfException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public GlUnavailableException(string message)
        : base(message)
    {
    }
}
