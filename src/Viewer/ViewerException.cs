using NeuralSdf.Runtime;

namespace NeuralSdf.Viewer;

/// <summary>
/// The base of the viewer's exceptions, and itself the one for a viewer that cannot go on (e.g. a model's shader failed to
/// compile); the message is one line.
/// </summary>
public class ViewerException : NeuralSdfException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ViewerException(string message)
        : base(message)
    {
    }
}
