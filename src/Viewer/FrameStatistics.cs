namespace NeuralSdf.Viewer;

/// <summary>Frame rate, time per frame and internal resolution of the pictures on screen, for the title bar.</summary>
internal sealed class FrameStatistics
{
    private double _milliseconds;

    /// <summary>Whether the image on screen is the full-resolution one.</summary>
    public bool ShowsRefined { get; set; }

    public (int Width, int Height) Internal { get; private set; }

    /// <summary>Frames per second and milliseconds per frame, from the interactive frames' times smoothed.</summary>
    public string Rate => $"{1000 / Math.Max(_milliseconds, 1e-3):0.0} fps, {_milliseconds:0.0} ms/frame";

    /// <summary>"full res", or the internal size that is upscaled.</summary>
    public string Resolution => ShowsRefined ? "full res" : $"{Internal.Width}x{Internal.Height} upscaled";

    public void RecordFrame(double milliseconds, int width, int height, int windowWidth, int windowHeight)
    {
        _milliseconds = _milliseconds == 0 ? milliseconds : 0.8 * _milliseconds + 0.2 * milliseconds;
        Internal = (width, height);
        ShowsRefined = width == windowWidth && height == windowHeight;
    }
}
