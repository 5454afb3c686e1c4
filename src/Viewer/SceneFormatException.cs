namespace NeuralSdf.Viewer;

/// <summary>A scene file or scene layout that cannot be used; the message names the file and the problem in one line.</summary>
public sealed class SceneFormatException : ViewerException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public SceneFormatException(string message)
        : base(message)
    {
    }
}
