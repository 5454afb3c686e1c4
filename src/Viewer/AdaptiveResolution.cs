namespace NeuralSdf.Viewer;

/// <summary>
/// Chooses the internal render scale (a fraction of the window's width and height) so that frames take about
/// <see cref="TargetMilliseconds"/>. Sphere tracing costs about the same per pixel, so a frame's time grows with
/// the pixel count, the square of the scale: the next scale is the one that would have met the target, smoothed.
/// Also sizes the pieces that refine a still image at full resolution within the same budget per frame.
/// </summary>
public sealed class AdaptiveResolution
{
    private double _millisecondsPerPixel;

    /// <summary>Creates the controller.</summary>
    /// <param name="targetMilliseconds">The frame time to aim for while the camera moves.</param>
    /// <param name="minimumScale">The smallest scale it will go to.</param>
    public AdaptiveResolution(double targetMilliseconds, double minimumScale = 0.1)
    {
        if (!(targetMilliseconds > 0) || !double.IsFinite(targetMilliseconds))
            throw new ArgumentOutOfRangeException(nameof(targetMilliseconds), targetMilliseconds, "The frame-time target must be a positive number of milliseconds.");
        if (!(minimumScale > 0 && minimumScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(minimumScale), minimumScale, "The minimum scale must lie in (0, 1].");
        TargetMilliseconds = targetMilliseconds;
        MinimumScale = minimumScale;
        // Start cheap: the first frame must not freeze a slow machine; the scale rises within a few frames.
        Scale = minimumScale;
    }

    /// <summary>The frame time aimed for.</summary>
    public double TargetMilliseconds { get; }

    /// <summary>The smallest scale used.</summary>
    public double MinimumScale { get; }

    /// <summary>The scale for the next interactive frame, between <see cref="MinimumScale"/> and 1.</summary>
    public double Scale { get; private set; }

    /// <summary>
    /// Records that a frame rendered at <paramref name="scale"/>, <paramref name="pixels"/> pixels in all, took
    /// <paramref name="milliseconds"/>; <see cref="Scale"/> moves towards the scale that would have met the target.
    /// </summary>
    public void Record(double scale, long pixels, double milliseconds)
    {
        if (pixels <= 0 || !(scale > 0) || !(milliseconds > 0) || !double.IsFinite(milliseconds)) return;
        double perPixel = milliseconds / pixels;
        _millisecondsPerPixel = _millisecondsPerPixel == 0 ? perPixel : 0.5 * (_millisecondsPerPixel + perPixel);
        double ideal = Math.Clamp(scale * Math.Sqrt(TargetMilliseconds / milliseconds), MinimumScale, 1);
        // Half-way in log terms, so one odd frame does not make the image jump.
        Scale = Math.Clamp(Math.Sqrt(Scale * ideal), MinimumScale, 1);
    }

    /// <summary>
    /// How many full-resolution pixels fit in the frame budget, from the cost per pixel measured so far: at least 1, at
    /// most <paramref name="width"/> × <paramref name="height"/>; an eighth of them before any measurement.
    /// </summary>
    public long PixelsPerFrame(int width, int height)
    {
        long all = (long)width * height;
        if (_millisecondsPerPixel == 0) return Math.Max(1, all / 8);
        return (long)Math.Clamp(TargetMilliseconds / _millisecondsPerPixel, 1, all);
    }
}
