using NeuralSdf.Hosting;
using System.Globalization;
using System.Numerics;
using NeuralSdf.Runtime;
using Silk.NET.OpenGL;

namespace NeuralSdf.Viewer;

/// <summary>
/// The interactive 2D view of an image field: a window that evaluates the baked network per pixel (its colour, gradient
/// magnitude or Laplacian), with pan and continuous zoom, reloading the field file when it changes. Like the 3D viewer
/// it draws at a reduced internal resolution while the view moves and refines to full resolution, a strip per frame,
/// once it stops, so software GL stays responsive.
/// </summary>
public sealed class ImageViewer : IDisposable
{
    private const float PanWindowsPerSecond = 0.5f;
    private const float ShiftSpeedFactor = 4f;
    private const double ZoomStep = 1.25;
    private const float CheckerPixels = 8;

    // Lower than the 3D viewer's 0.1: a 3x128 field's Laplacian view (four forward passes with derivatives per pixel)
    // took 14 µs a pixel on llvmpipe (2 busy cores; the value view 6 µs), so 50 ms allow about 3,500 pixels, 6 % of
    // 960x640 on a side.
    private const double MinimumScale = 0.05;

    private readonly ImageViewerOptions _options;
    private readonly WatchedFile<ImageField> _file;
    private readonly GlfwWindow _window;
    private readonly GL _gl;
    private readonly ProgressiveFrame _frame;
    private readonly StatusLine _status = new();
    private ImageFieldRenderer _renderer;
    private DerivativeScales? _scales;
    private PanZoomCamera _camera;
    private ImageFieldView _mode;
    private bool _screenshotPending;

    /// <summary>Loads the field and opens the window.</summary>
    /// <exception cref="SdfFormatException">The file is not a valid image field.</exception>
    /// <exception cref="GlUnavailableException">No GLFW, no display, or no OpenGL 4.3 core context.</exception>
    /// <exception cref="ViewerException">The field's shader failed to compile, or the driver cannot hold its weights.</exception>
    public ImageViewer(ImageViewerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _mode = options.Mode;
        _file = new WatchedFile<ImageField>(options.FieldPath, ImageField.Load, "field");
        var resolution = new AdaptiveResolution(options.TargetMilliseconds, MinimumScale);
        _window = new GlfwWindow(options.Width, options.Height, "NeuralSdf image viewer");
        try
        {
            _gl = _window.Gl;
            _frame = new ProgressiveFrame(_window, resolution, ViewerKeys.ImageHelp, DrawField);
            _renderer = Build(_file.Current);
        }
        catch
        {
            _frame?.Dispose();
            _window.Dispose();
            throw;
        }
        _camera = NewCamera(_renderer.Image);
    }

    /// <summary>The GL_RENDERER of the window's context.</summary>
    public string Renderer => _window.Renderer;

    /// <summary>The OpenGL version of the window's context.</summary>
    public Version GlVersion => _window.Version;

    /// <summary>Runs until Esc or the window is closed.</summary>
    public void Run()
    {
        var clock = new FrameClock();
        bool dirty = true;
        while (!_window.ShouldClose)
        {
            clock.NextFrame(busy: dirty || _frame.IsRefining || AnyPanKeyHeld());
            double now = clock.Now;
            (int width, int height) = _window.FramebufferSize;
            if (width <= 0 || height <= 0) continue;

            dirty |= HandleKeys(width, height);
            dirty |= HandlePointer(width, height);
            dirty |= PanWithKeys(clock.Seconds, width, height);
            if (clock.PollDue()) dirty |= PollField(now);

            _frame.Update(now, width, height, dirty, refineNow: _screenshotPending);
            dirty = false;
            _frame.RefinePiece(width, height);
            if (_screenshotPending && !_frame.IsRefining && _frame.Statistics.ShowsRefined) SaveScreenshot(width, height);
            _frame.RepaintIfAsked(width, height);
            _window.Title = Title(now);
        }
    }

    /// <summary>Frees the GL objects and closes the window.</summary>
    public void Dispose()
    {
        _renderer.Dispose();
        _frame.Dispose();
        _window.Dispose();
    }

    /// <summary>The renderer for <paramref name="image"/> with the current view's program built.</summary>
    /// <exception cref="ViewerException">The shader failed to compile, or the driver cannot hold the weights.</exception>
    private ImageFieldRenderer Build(ImageField image)
    {
        var renderer = new ImageFieldRenderer(_gl, image);
        try
        {
            renderer.Prepare(_mode);
            return renderer;
        }
        catch (ShaderCompileException e)
        {
            renderer.Dispose();
            throw new ViewerException($"the image shader failed to compile on {_window.Renderer}: {e.Message}");
        }
        catch
        {
            renderer.Dispose();
            throw;
        }
    }

    private PanZoomCamera NewCamera(ImageField image)
    {
        var camera = new PanZoomCamera(image.Width, image.Height);
        (int width, int height) = _window.FramebufferSize;
        camera.Reset(width, height);
        return camera;
    }

    private bool HandleKeys(int width, int height)
    {
        bool changed = false;
        var center = new Vector2(width, height) / 2;
        while (_window.Input.TryTakePressed(out int key))
        {
            switch (key)
            {
                case Glfw.KeyEscape:
                    _window.Close();
                    break;
                case 'F':
                    _camera.Fit(width, height);
                    changed = true;
                    break;
                case 'R':
                    _camera.Reset(width, height);
                    changed = true;
                    break;
                case 'N':
                    changed |= NextMode();
                    break;
                case 'H':
                    _frame.ShowHelp = !_frame.ShowHelp;
                    changed = true;
                    break;
                case Glfw.KeyEqual or Glfw.KeyKeypadAdd:
                    _camera.ZoomAbout(center, ZoomStep, width, height);
                    changed = true;
                    break;
                case Glfw.KeyMinus or Glfw.KeyKeypadSubtract:
                    _camera.ZoomAbout(center, 1 / ZoomStep, width, height);
                    changed = true;
                    break;
                case Glfw.KeyF12:
                    _screenshotPending = true;
                    break;
            }
        }
        return changed;
    }

    private bool NextMode()
    {
        var next = (ImageFieldView)(((int)_mode + 1) % Enum.GetValues<ImageFieldView>().Length);
        try
        {
            _renderer.Prepare(next);
        }
        catch (ShaderCompileException e)
        {
            _options.Warnings.WriteLine($"neuralsdf: warning: the {ModeName(next)} view's shader failed to compile on {_window.Renderer}: {e.Message}");
            return false;
        }
        _mode = next;
        _options.Log.WriteLine($"View: {DescribeMode()}");
        return true;
    }

    private bool HandlePointer(int width, int height)
    {
        InputState input = _window.Input;
        bool changed = false;
        // Cursor positions are in window coordinates, taken as framebuffer pixels (they differ only on scaled HiDPI screens).
        Vector2 drag = input.TakeDragDelta();
        if (drag != Vector2.Zero)
        {
            _camera.Drag(drag);
            changed = true;
        }
        double scroll = input.TakeScroll();
        if (scroll != 0)
        {
            _camera.ZoomAbout(input.Cursor ?? new Vector2(width, height) / 2, Math.Pow(ZoomStep, scroll), width, height);
            changed = true;
        }
        return changed;
    }

    private bool PanWithKeys(float seconds, int width, int height)
    {
        InputState input = _window.Input;
        var direction = new Vector2(
            Held(input, 'D', Glfw.KeyRight) - Held(input, 'A', Glfw.KeyLeft),
            Held(input, 'S', Glfw.KeyDown) - Held(input, 'W', Glfw.KeyUp));
        if (direction == Vector2.Zero) return false;
        float pixels = PanWindowsPerSecond * Math.Max(width, height) * seconds * (input.ShiftHeld ? ShiftSpeedFactor : 1f);
        // The view moves that way, so the image moves the other.
        _camera.Drag(-direction * pixels);
        return true;
    }

    private static float Held(InputState input, int letter, int arrow) => input.IsHeld(letter) || input.IsHeld(arrow) ? 1f : 0f;

    private bool AnyPanKeyHeld()
    {
        InputState input = _window.Input;
        return "WASD".Any(c => input.IsHeld(c)) || input.IsHeld(Glfw.KeyLeft) || input.IsHeld(Glfw.KeyRight) || input.IsHeld(Glfw.KeyUp) || input.IsHeld(Glfw.KeyDown);
    }

    private bool PollField(double now)
    {
        ReloadResult result = _file.Poll(out string? error);
        if (result == ReloadResult.Reloaded)
        {
            ImageField fresh = _file.Current;
            try
            {
                ImageFieldRenderer renderer = Build(fresh);
                ImageField shown = _renderer.Image;
                _renderer.Dispose();
                _renderer = renderer;
                _scales = null;
                if (fresh.Width != shown.Width || fresh.Height != shown.Height) _camera = NewCamera(fresh);
                string steps = fresh.Field.Metadata.TryGetValue("training.steps", out string? s) ? $", {s} training steps" : "";
                _options.Log.WriteLine($"Reloaded {_file.Path} ({fresh.Field.Network.Describe()}{steps})");
                if (_mode != ImageFieldView.Value) _options.Log.WriteLine($"View: {DescribeMode()}");
                _status.Set($"reloaded {Path.GetFileName(_file.Path)}", now);
                return true;
            }
            catch (NeuralSdfException e)
            {
                error = $"{_file.Path}: {e.Message.ReplaceLineEndings(" ")}; keeping the last good field";
            }
        }
        if (error is not null)
        {
            _options.Warnings.WriteLine($"neuralsdf: warning: {error}");
            _status.Set($"reload failed: {Path.GetFileName(_file.Path)} (see the terminal)", now);
        }
        return false;
    }

    /// <summary>
    /// Writes the full-resolution picture on screen. F12 only asks for it: the picture is refined strip by strip as
    /// usual (sooner, without the settling pause), so a slow view keeps answering keys until it is complete.
    /// </summary>
    private void SaveScreenshot(int width, int height)
    {
        _screenshotPending = false;
        string path = ScreenshotFile.Write(_options.ScreenshotDirectory, width, height, _frame.ReadShown());
        _options.Log.WriteLine($"Saved screenshot {path}");
    }

    /// <summary>
    /// The field into the bound framebuffer's <paramref name="width"/>×<paramref name="height"/> viewport, which stands for
    /// the whole <paramref name="windowWidth"/>×<paramref name="windowHeight"/> window.
    /// </summary>
    private void DrawField(int width, int height, int windowWidth, int windowHeight)
    {
        var pixelSize = new Vector2((float)windowWidth / width, (float)windowHeight / height);
        float white = _mode == ImageFieldView.Value ? 1 : Scales.For(_mode);
        _renderer.Draw(_mode, _camera.TopLeft(windowWidth, windowHeight), _camera.UvPerPixel * pixelSize, white, CheckerPixels / pixelSize.X);
    }

    private string Title(double now)
    {
        ImageField image = _renderer.Image;
        FrameStatistics frames = _frame.Statistics;
        string white = _mode == ImageFieldView.Value ? "" : $" (white {Invariant(Scales.For(_mode), "G3")}/px)";
        return $"NeuralSdf | {Path.GetFileName(_file.Path)} | {image.Width}x{image.Height} image | {ModeName(_mode)}{white} | " +
               $"zoom {Invariant(_camera.Zoom, "G3")} source px/screen px | {frames.Rate}, {frames.Resolution}{_status.TitlePart(now)} | H: help";
    }

    private string DescribeMode() => _mode switch
    {
        ImageFieldView.GradientMagnitude => $"gradient magnitude per source pixel, white = {Invariant(Scales.Gradient, "G6")}",
        ImageFieldView.Laplacian => $"Laplacian per source pixel (central differences of the analytic gradient), white = +{Invariant(Scales.Laplacian, "G6")}, " +
                                   $"black = -{Invariant(Scales.Laplacian, "G6")}",
        _ => "value",
    };

    internal static string ModeName(ImageFieldView mode) => mode switch
    {
        ImageFieldView.Value => "value",
        ImageFieldView.GradientMagnitude => "gradient",
        ImageFieldView.Laplacian => "laplacian",
        _ => mode.ToString(),
    };

    private static string Invariant(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>What white stands for in the derivative views of the shown field (measured on the CPU at first use).</summary>
    private DerivativeScales Scales => _scales ??= DerivativeScales.Measure(_renderer.Image);
}
