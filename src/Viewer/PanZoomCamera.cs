using System.Numerics;

namespace NeuralSdf.Viewer;

/// <summary>
/// The 2D view of an image field: the uv under the window's center and the zoom, in source pixels per screen pixel
/// (below 1 magnifies; a field has no pixels of its own, so magnification has no limit but float precision).
/// Screen coordinates are window pixels, x right and y down; source pixels are square.
/// </summary>
internal sealed class PanZoomCamera(int sourceWidth, int sourceHeight)
{
    // uv steps below about 1e-6 are lost to float rounding at uv ≈ 1; the largest zoom shows the image as a few pixels.
    private const double SmallestUvStep = 1e-6;
    private const double LargestZoom = 256;

    /// <summary>The uv at the window's center.</summary>
    public Vector2 Center { get; private set; } = new(0.5f, 0.5f);

    /// <summary>Source pixels per screen pixel.</summary>
    public double Zoom { get; private set; } = 1;

    /// <summary>uv per screen pixel along x and y.</summary>
    public Vector2 UvPerPixel => new((float)(Zoom / sourceWidth), (float)(Zoom / sourceHeight));

    /// <summary>The uv at the window's top-left corner (of its top-left pixel's corner, not center).</summary>
    public Vector2 TopLeft(int windowWidth, int windowHeight) => Center - 0.5f * new Vector2(windowWidth, windowHeight) * UvPerPixel;

    /// <summary>The whole image as large as the window allows, centered.</summary>
    public void Fit(int windowWidth, int windowHeight)
    {
        Center = new Vector2(0.5f, 0.5f);
        Zoom = Clamp(Math.Max((double)sourceWidth / Math.Max(1, windowWidth), (double)sourceHeight / Math.Max(1, windowHeight)));
    }

    /// <summary>The first view: one source pixel per screen pixel, centered, or <see cref="Fit"/> when that would not show the whole image.</summary>
    public void Reset(int windowWidth, int windowHeight)
    {
        Fit(windowWidth, windowHeight);
        Zoom = Math.Max(Zoom, 1);
    }

    /// <summary>Moves the image by <paramref name="screenPixels"/> (it follows a dragging cursor).</summary>
    public void Drag(Vector2 screenPixels) => Center -= screenPixels * UvPerPixel;

    /// <summary>Zooms by <paramref name="magnification"/> (above 1 zooms in), keeping the uv under <paramref name="screenPoint"/> where it is.</summary>
    public void ZoomAbout(Vector2 screenPoint, double magnification, int windowWidth, int windowHeight)
    {
        Vector2 fromCenter = screenPoint - 0.5f * new Vector2(windowWidth, windowHeight);
        Vector2 anchor = Center + fromCenter * UvPerPixel;
        Zoom = Clamp(Zoom / magnification);
        Center = anchor - fromCenter * UvPerPixel;
    }

    private double Clamp(double zoom) => Math.Clamp(zoom, SmallestUvStep * Math.Max(sourceWidth, sourceHeight), LargestZoom);
}
