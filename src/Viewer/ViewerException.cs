namespace NeuralSdf.Viewer;

/// <summary>The interactive viewer cannot go on (e.g. a model's shader failed to compile); the message is one line.</summary>
public sealed class ViewerException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ViewerException(string message)
        : base(message)
    {
    }
}
