using System.Diagnostics;
using NeuralSdf.Hosting;
using Silk.NET.OpenGL;

namespace NeuralSdf.Viewer;

/// <summary>
/// What a viewer window shows, drawn offscreen in two framebuffers of the window's size: the interactive picture, at the
/// reduced resolution <see cref="AdaptiveResolution"/> picks, whenever the view changes; and once the view has been
/// still for a moment, the full-resolution picture, refined a piece per frame (bands of rows, or part of a band where GL
/// is that slow) sized to the frame budget, so slow GL keeps answering keys. The
/// picture is blitted to the window with the help panel on top. Owns both framebuffers and the help panel; the window
/// belongs to the viewer.
/// </summary>
internal sealed class ProgressiveFrame : IDisposable
{
    private const double SettleSeconds = 0.2;
    private const int Band = 4;

    private readonly GlfwWindow _window;
    private readonly GL _gl;
    private readonly AdaptiveResolution _resolution;
    private readonly DrawPicture _draw;
    private readonly TextOverlay _help;
    private readonly string[] _helpLines;
    private OffscreenFramebuffer? _interactive, _refined;
    private int _refinedRows = -1, _refinedColumns;
    private double _piecePixels;
    private double _lastChange;
    private (OffscreenFramebuffer Source, int Width, int Height)? _presented;

    /// <summary>
    /// Draws the view of a <paramref name="windowWidth"/>×<paramref name="windowHeight"/> window into the bound
    /// framebuffer's lower-left <paramref name="width"/>×<paramref name="height"/> (the viewport; a scissor box limits
    /// it to a piece while refining).
    /// </summary>
    public delegate void DrawPicture(int width, int height, int windowWidth, int windowHeight);

    /// <param name="window">The window shown in; its context must be current.</param>
    /// <param name="resolution">Picks the interactive picture's scale and the refined pieces' size.</param>
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

    /// <summary>Whether the full-resolution picture is being drawn, a piece per frame.</summary>
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
            _refinedColumns = 0;
        }
        return changed;
    }

    /// <summary>
    /// While refining, draws the next piece of the full-resolution picture — whole bands of rows, or the next part of a
    /// band when a band costs more than the frame budget — and shows the picture once it is complete.
    /// </summary>
    public void RefinePiece(int width, int height)
    {
        if (_refinedRows < 0) return;
        // The first piece is sized from the interactive frames' cost per pixel; each next one from the last piece's
        // own time, since rows across the model cost several times rows of sky.
        long pixels = _piecePixels > 0 ? (long)_piecePixels : _resolution.PixelsPerFrame(width, height);
        long drawn;
        var clock = Stopwatch.StartNew();
        // Pieces are whole bands of Band rows, or Band rows high and a multiple of Band wide: software GL shades 4×4
        // blocks, so a piece one row high would cost a band's time.
        int bandHeight = Math.Min(Band, height - _refinedRows);
        if (_refinedColumns == 0 && pixels >= (long)Band * width)
        {
            int top = (int)Math.Min(height, _refinedRows + pixels / (Band * width) * Band);
            Draw(_refined!, width, height, width, height, (0, _refinedRows, width, top - _refinedRows));
            drawn = (long)(top - _refinedRows) * width;
            _refinedRows = top;
        }
        else
        {
            long columns = Math.Max(Band, pixels / Band / Band * Band);
            int right = (int)Math.Min(width, _refinedColumns + columns);
            Draw(_refined!, width, height, width, height, (_refinedColumns, _refinedRows, right - _refinedColumns, bandHeight));
            drawn = (long)(right - _refinedColumns) * bandHeight;
            _refinedColumns = right;
            if (_refinedColumns == width) (_refinedRows, _refinedColumns) = (_refinedRows + bandHeight, 0);
        }
        _gl.Finish();
        // A slower piece than budgeted shrinks the next one at once; a faster one lets it grow to twice its size at most,
        // and never past what the whole picture's mean cost per pixel allows, so a piece that reaches the model from
        // the cheap sky below it overruns by the model's cost over the mean, not by the model's over the sky's.
        double ideal = drawn * _resolution.TargetMilliseconds / Math.Max(clock.Elapsed.TotalMilliseconds, 0.01);
        _piecePixels = Math.Clamp(Math.Min(ideal, 2.0 * drawn), 1, _resolution.PixelsPerFrame(width, height));
        if (_refinedRows < height) return;
        ShowRefined(width, height);
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
        _piecePixels = 0;
    }

    private void DrawInteractive(int width, int height)
    {
        double scale = _resolution.Scale;
        int w = Math.Max(1, (int)Math.Round(width * scale)), h = Math.Max(1, (int)Math.Round(height * scale));
        var clock = Stopwatch.StartNew();
        Draw(_interactive!, w, h, width, height, piece: null);
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

    /// <summary>
    /// The picture into <paramref name="target"/>'s lower-left <paramref name="width"/>×<paramref name="height"/>; only
    /// the <paramref name="piece"/> (x, y from the bottom left, width, height) when given.
    /// </summary>
    private void Draw(OffscreenFramebuffer target, int width, int height, int windowWidth, int windowHeight, (int X, int Y, int Width, int Height)? piece)
    {
        target.Bind();
        _gl.Viewport(0, 0, (uint)width, (uint)height);
        if (piece is { } p)
        {
            _gl.Enable(EnableCap.ScissorTest);
            _gl.Scissor(p.X, p.Y, (uint)p.Width, (uint)p.Height);
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
