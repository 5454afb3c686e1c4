using System.Diagnostics;
using NeuralSdf.Hosting;
using Silk.NET.OpenGL;

namespace NeuralSdf.Viewer;

/// <summary>
/// What a viewer window shows, drawn offscreen in two framebuffers of the window's size: the interactive picture, at the
/// reduced resolution <see cref="AdaptiveResolution"/> picks, whenever the view changes; and once the view has been
/// still for a moment, the full-resolution picture, refined a strip per frame so slow GL keeps answering keys. The
/// picture is blitted to the window with the help panel on top. Owns both framebuffers and the help panel; the window
/// belongs to the viewer.
/// </summary>
internal sealed class ProgressiveFrame : IDisposable
{
    private const double SettleSeconds = 0.2;

    private readonly GlfwWindow _window;
    private readonly GL _gl;
    private readonly AdaptiveResolution _resolution;
    private readonly DrawPicture _draw;
    private readonly TextOverlay _help;
    private readonly string[] _helpLines;
    private OffscreenFramebuffer? _interactive, _refined;
    private int _refinedRows = -1;
    private double _lastChange;
    private (OffscreenFramebuffer Source, int Width, int Height)? _presented;

    /// <summary>
    /// Draws the view of a <paramref name="windowWidth"/>×<paramref name="windowHeight"/> window into the bound
    /// framebuffer's lower-left <paramref name="width"/>×<paramref name="height"/> (the viewport; a scissor box limits
    /// it to a strip while refining).
    /// </summary>
    public delegate void DrawPicture(int width, int height, int windowWidth, int windowHeight);

    /// <param name="window">The window shown in; its context must be current.</param>
    /// <param name="resolution">Picks the interactive picture's scale and the refined strips' height.</param>
    /// <param name="keys">The viewer's keys, listed on the help panel.</param>
    /// <param name="draw">Draws the viewer's picture.</param>
    public ProgressiveFrame(GlfwWindow window, AdaptiveResolution resolution, IEnumerable<(string Key, string Action)> keys, DrawPicture draw)
    {
        _window = window;
        _gl = window.Gl;
        _resolution = resolution;
        _draw = draw;
        _help = new TextOverlay(_gl);
        _helpLines = keys.Select(k => $"{k.Key,-12} {k.Action}").ToArray();
    }

    /// <summary>The interactive pictures' times and sizes, and whether the full-resolution picture is on screen.</summary>
    public FrameStatistics Statistics { get; } = new();

    /// <summary>Whether the help panel is drawn over the picture (from the next picture shown).</summary>
    public bool ShowHelp { get; set; }

    /// <summary>Whether the full-resolution picture is being drawn, a strip per frame.</summary>
    public bool IsRefining => _refinedRows >= 0;

    /// <summary>
    /// Draws and shows a new interactive picture when the view <paramref name="changed"/> or the window's size did, and
    /// says whether it did; else starts refining once the view has been still for a moment, or at once when
    /// <paramref name="refineNow"/>, unless the full-resolution picture is already on screen.
    /// </summary>
    public bool Update(double now, int width, int height, bool changed, bool refineNow)
    {
        if (_interactive is null || _interactive.Width != width || _interactive.Height != height)
        {
            Resize(width, height);
            changed = true;
        }
        if (changed)
        {
            _lastChange = now;
            _refinedRows = -1;
            DrawInteractive(width, height);
        }
        else if (_refinedRows < 0 && !Statistics.ShowsRefined && (now - _lastChange >= SettleSeconds || refineNow))
        {
            _refinedRows = 0;
        }
        return changed;
    }

    /// <summary>While refining, draws the next strip of the full-resolution picture, and shows the picture once it is complete.</summary>
    public void RefineStrip(int width, int height)
    {
        if (_refinedRows < 0) return;
        int rows = _resolution.RowsPerFrame(width, height);
        int top = Math.Min(height, _refinedRows + rows);
        Draw(_refined!, width, height, width, height, (_refinedRows, top - _refinedRows));
        _gl.Finish();
        _refinedRows = top;
        if (_refinedRows < height) return;
        ShowRefined(width, height);
    }

    /// <summary>Draws the whole full-resolution picture now, shows it, and returns its pixels (RGBA, rows top-down).</summary>
    public byte[] DrawFullResolution(int width, int height)
    {
        Draw(_refined!, width, height, width, height, rows: null);
        byte[] rgba = _refined!.ReadRgba();
        ShowRefined(width, height);
        return rgba;
    }

    /// <summary>The pixels of the picture on screen (RGBA, rows top-down); full resolution where <see cref="FrameStatistics.ShowsRefined"/>.</summary>
    public byte[] ReadShown() => _presented!.Value.Source.ReadRgba();

    /// <summary>Shows the last picture again when the window system asked for the window to be drawn (exposed, resized).</summary>
    public void RepaintIfAsked(int width, int height)
    {
        if (!_window.NeedsRefresh) return;
        _window.NeedsRefresh = false;
        if (_presented is { } p && !p.Source.IsDisposed) Blit(p.Source, p.Width, p.Height, width, height);
    }

    /// <summary>Frees both framebuffers and the help panel; the context must be current.</summary>
    public void Dispose()
    {
        _help.Dispose();
        _interactive?.Dispose();
        _refined?.Dispose();
    }

    private void Resize(int width, int height)
    {
        _interactive?.Dispose();
        _refined?.Dispose();
        _interactive = new OffscreenFramebuffer(_gl, width, height);
        _refined = new OffscreenFramebuffer(_gl, width, height);
        _refinedRows = -1;
    }

    private void DrawInteractive(int width, int height)
    {
        double scale = _resolution.Scale;
        int w = Math.Max(1, (int)Math.Round(width * scale)), h = Math.Max(1, (int)Math.Round(height * scale));
        var clock = Stopwatch.StartNew();
        Draw(_interactive!, w, h, width, height, rows: null);
        _gl.Finish();
        double milliseconds = clock.Elapsed.TotalMilliseconds;
        _resolution.Record(scale, (long)w * h, milliseconds);
        Statistics.RecordFrame(milliseconds, w, h, width, height);
        Blit(_interactive!, w, h, width, height);
    }

    private void ShowRefined(int width, int height)
    {
        _refinedRows = -1;
        Statistics.ShowsRefined = true;
        Blit(_refined!, width, height, width, height);
    }

    /// <summary>The picture into <paramref name="target"/>'s lower-left <paramref name="width"/>×<paramref name="height"/>; only <paramref name="rows"/> (from the bottom) when given.</summary>
    private void Draw(OffscreenFramebuffer target, int width, int height, int windowWidth, int windowHeight, (int First, int Count)? rows)
    {
        target.Bind();
        _gl.Viewport(0, 0, (uint)width, (uint)height);
        if (rows is { } strip)
        {
            _gl.Enable(EnableCap.ScissorTest);
            _gl.Scissor(0, strip.First, (uint)width, (uint)strip.Count);
        }
        _draw(width, height, windowWidth, windowHeight);
        _gl.Disable(EnableCap.ScissorTest);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
    }

    private void Blit(OffscreenFramebuffer source, int sourceWidth, int sourceHeight, int width, int height)
    {
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, source.Handle);
        _gl.BindFramebuffer(FramebufferTarget.DrawFramebuffer, 0);
        _gl.BlitFramebuffer(0, 0, sourceWidth, sourceHeight, 0, 0, width, height, ClearBufferMask.ColorBufferBit,
            sourceWidth == width && sourceHeight == height ? BlitFramebufferFilter.Nearest : BlitFramebufferFilter.Linear);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        _presented = (source, sourceWidth, sourceHeight);
        if (ShowHelp) _help.Draw(_helpLines, width, height);
        _window.SwapBuffers();
    }
}
