using NeuralSdf.Runtime;

namespace NeuralSdf.Viewer;

/// <summary>What <see cref="InteractiveViewer"/> shows and how.</summary>
public sealed record ViewerOptions
{
    /// <summary>The objects to show; their model files are watched and reloaded when they change.</summary>
    public required IReadOnlyList<SceneObject> Objects { get; init; }

    /// <summary>Window width in pixels.</summary>
    public int Width { get; init; } = 960;

    /// <summary>Window height in pixels.</summary>
    public int Height { get; init; } = 640;

    /// <summary>Where F12 writes screenshots.</summary>
    public string ScreenshotDirectory { get; init; } = ".";

    /// <summary>Frame time to aim for while the camera moves; the internal resolution adapts to it.</summary>
    public double TargetMilliseconds { get; init; } = 50;

    /// <summary>Sphere-tracing steps per pixel (<see cref="SdfRenderer.MaxSteps"/>).</summary>
    public int MaxSteps { get; init; } = 128;

    /// <summary>The view shown first; N cycles through them.</summary>
    public SdfShadingMode ShadingMode { get; init; } = SdfShadingMode.Shaded;

    /// <summary>Where progress lines go (reloads, screenshots).</summary>
    public TextWriter Log { get; init; } = Console.Out;

    /// <summary>Where warnings go (a model file that failed to reload).</summary>
    public TextWriter Warnings { get; init; } = Console.Error;
}
