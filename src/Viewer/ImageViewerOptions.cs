using NeuralSdf.Runtime;

namespace NeuralSdf.Viewer;

/// <summary>What <see cref="ImageViewer"/> shows and how.</summary>
public sealed record ImageViewerOptions
{
    /// <summary>The image field file (.nsdf); it is watched and reloaded when it changes.</summary>
    public required string FieldPath { get; init; }

    /// <summary>Window width in pixels.</summary>
    public int Width { get; init; } = 960;

    /// <summary>Window height in pixels.</summary>
    public int Height { get; init; } = 640;

    /// <summary>Where F12 writes screenshots.</summary>
    public string ScreenshotDirectory { get; init; } = ".";

    /// <summary>Frame time to aim for while the view moves; the internal resolution adapts to it.</summary>
    public double TargetMilliseconds { get; init; } = 50;

    /// <summary>The view shown first; N cycles through them.</summary>
    public ImageFieldView Mode { get; init; } = ImageFieldView.Value;

    /// <summary>Where progress lines go (views, reloads, screenshots).</summary>
    public TextWriter Log { get; init; } = Console.Out;

    /// <summary>Where warnings go (a field file that failed to reload).</summary>
    public TextWriter Warnings { get; init; } = Console.Error;
}
