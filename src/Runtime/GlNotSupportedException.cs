namespace NeuralSdf.Runtime;

/// <summary>The current OpenGL context cannot do what is asked (too old a version, a limit too small); the message names what and the limit.</summary>
public sealed class GlNotSupportedException : NeuralSdfException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public GlNotSupportedException(string message)
        : base(message)
    {
    }
}
