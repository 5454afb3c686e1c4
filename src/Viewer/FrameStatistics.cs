namespace NeuralSdf.Viewer;

/// <summary>Frame rate, time per frame, internal resolution and steps per pixel, for the title bar.</summary>
internal sealed class FrameStatistics
{
    private double _milliseconds;

    public double StepsPerPixel { get; set; }

    /// <summary>Whether the image on screen is the full-resolution one.</summary>
    public bool ShowsRefined { get; set; }

    public (int Width, int Height) Internal { get; private set; }

    public void RecordFrame(double milliseconds, int width, int height, int windowWidth, int windowHeight)
    {
        _milliseconds = _milliseconds == 0 ? milliseconds : 0.8 * _milliseconds + 0.2 * milliseconds;
        Internal = (width, height);
        ShowsRefined = width == windowWidth && height == windowHeight;
    }

    public string Describe()
    {
        string resolution = ShowsRefined ? "full res" : $"{Internal.Width}x{Internal.Height} upscaled";
        return $"{1000 / Math.Max(_milliseconds, 1e-3):0.0} fps, {_milliseconds:0.0} ms/frame, {StepsPerPixel:0.0} steps/px, {resolution}";
    }
}
