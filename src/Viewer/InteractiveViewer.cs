using NeuralSdf.Hosting;
using System.Diagnostics;
using System.Numerics;
using NeuralSdf.Runtime;
using Silk.NET.OpenGL;

namespace NeuralSdf.Viewer;

/// <summary>
/// The interactive viewer: a window that sphere-traces one or more models with a fly-through camera, reloads model
/// files when they change, and keeps slow GL usable by rendering at a reduced internal resolution while the camera
/// moves and refining to full resolution, a strip per frame, once it stops.
/// </summary>
public sealed class InteractiveViewer : IDisposable
{
    private const double PollSeconds = 0.25;
    private const double SettleSeconds = 0.2;
    private const int ProbeWidth = 64, ProbeHeight = 48;
    private const float ShiftSpeedFactor = 4f;

    private readonly ViewerOptions _options;
    private readonly Dictionary<string, ModelWatcher> _watchers;
    private readonly Dictionary<string, SdfModel> _shown = [];
    private readonly GlfwWindow _window;
    private readonly GL _gl;
    private readonly SdfRenderer _renderer;
    private readonly SkyBackground _sky;
    private readonly OffscreenFramebuffer _probe;
    private readonly TextOverlay _overlay;
    private readonly AdaptiveResolution _resolution;
    private readonly FrameStatistics _statistics = new();
    private readonly FlyCamera _camera;
    private readonly float _initialSpeed;
    private OffscreenFramebuffer? _interactive, _refined;
    private int _refinedRows = -1;
    private bool _showHelp;
    private string _status = "";
    private string _title = "";
    private double _statusUntil;
    private (OffscreenFramebuffer Source, int Width, int Height)? _presented;

    /// <summary>Loads the models and opens the window.</summary>
    /// <exception cref="SdfFormatException">A model file is not valid.</exception>
    /// <exception cref="GlUnavailableException">No GLFW, no display, or no OpenGL 4.3 core context.</exception>
    /// <exception cref="ViewerException">A model's shader failed to compile.</exception>
    public InteractiveViewer(ViewerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Objects.Count == 0) throw new ArgumentException("The viewer needs at least one object to show.", nameof(options));
        _options = options;
        _watchers = options.Objects.Select(o => o.ModelPath).Distinct().ToDictionary(p => p, p => new ModelWatcher(p));
        foreach ((string path, ModelWatcher watcher) in _watchers) _shown[path] = watcher.Current;
        _resolution = new AdaptiveResolution(options.TargetMilliseconds);

        _window = new GlfwWindow(options.Width, options.Height, "NeuralSdf viewer");
        try
        {
            _gl = _window.Gl;
            _renderer = new SdfRenderer(_gl) { MaxSteps = options.MaxSteps, ShadingMode = options.ShadingMode };
            _sky = new SkyBackground(_gl);
            _probe = new OffscreenFramebuffer(_gl, ProbeWidth, ProbeHeight);
            _overlay = new TextOverlay(_gl);
            foreach ((string path, SdfModel model) in _shown)
            {
                if (Compile(model) is { } error) throw new ViewerException($"{path}: {error}");
            }
        }
        catch
        {
            _window.Dispose();
            throw;
        }
        (int width, int height) = _window.FramebufferSize;
        _camera = new FlyCamera(Vector3.Zero, -Vector3.UnitZ, 1f);
        _camera.Frame(SceneBounds(), Aspect(width, height));
        _initialSpeed = _camera.Speed = 0.35f * SceneBounds().Diagonal;
    }

    /// <summary>The GL_RENDERER of the window's context.</summary>
    public string Renderer => _window.Renderer;

    /// <summary>The OpenGL version of the window's context.</summary>
    public Version GlVersion => _window.Version;

    /// <summary>Runs until Esc or the window is closed.</summary>
    public void Run()
    {
        double previous = GlfwWindow.Time, lastChange = previous, lastPoll = previous, lastProbe = double.NegativeInfinity;
        bool dirty = true, probeDue = true;
        while (!_window.ShouldClose)
        {
            bool busy = dirty || _refinedRows >= 0 || _window.Input.AnyMovementKeyHeld;
            GlfwWindow.ProcessEvents(busy ? 0 : PollSeconds / 2);
            double now = GlfwWindow.Time;
            // Movement follows the time the keys were held, however slow the frames; a stall longer than a second is cut short.
            float seconds = (float)Math.Min(now - previous, 1.0);
            previous = now;

            bool screenshot = false;
            dirty |= HandleKeys(ref screenshot);
            dirty |= MoveCamera(seconds);
            if (now - lastPoll >= PollSeconds)
            {
                lastPoll = now;
                dirty |= PollModels(now);
            }
            (int width, int height) = _window.FramebufferSize;
            if (width <= 0 || height <= 0) continue;
            if (_interactive is null || _interactive.Width != width || _interactive.Height != height)
            {
                ResizeTargets(width, height);
                dirty = true;
            }

            if (dirty)
            {
                dirty = false;
                probeDue = true;
                lastChange = now;
                _refinedRows = -1;
                RenderInteractive(width, height);
            }
            else if (_refinedRows < 0 && now - lastChange >= SettleSeconds && !_statistics.ShowsRefined)
            {
                _refinedRows = 0;
            }
            if (_refinedRows >= 0 && !screenshot) RefineStrip(width, height);
            if (screenshot) SaveScreenshot(width, height);
            if (probeDue && now - lastProbe >= 0.5)
            {
                probeDue = false;
                lastProbe = now;
                _statistics.StepsPerPixel = MeasureStepsPerPixel(width, height);
            }
            if (_window.NeedsRefresh)
            {
                _window.NeedsRefresh = false;
                Present(width, height);
            }
            string title = Title(now);
            if (title != _title) _window.Title = _title = title;
        }
    }

    /// <summary>Frees the GL objects and closes the window.</summary>
    public void Dispose()
    {
        _renderer.Dispose();
        _sky.Dispose();
        _probe.Dispose();
        _overlay.Dispose();
        _interactive?.Dispose();
        _refined?.Dispose();
        _window.Dispose();
    }

    private bool HandleKeys(ref bool screenshot)
    {
        bool changed = false;
        while (_window.Input.TryTakePressed(out int key))
        {
            switch (key)
            {
                case Glfw.KeyEscape:
                    _window.Close();
                    break;
                case 'F':
                    _camera.Frame(SceneBounds(), Aspect(_window.FramebufferSize));
                    changed = true;
                    break;
                case 'R':
                    _camera.Frame(SceneBounds(), Aspect(_window.FramebufferSize));
                    _camera.Speed = _initialSpeed;
                    changed = true;
                    break;
                case 'N':
                    _renderer.ShadingMode = (SdfShadingMode)(((int)_renderer.ShadingMode + 1) % Enum.GetValues<SdfShadingMode>().Length);
                    changed = true;
                    break;
                case 'H':
                    _showHelp = !_showHelp;
                    changed = true;
                    break;
                case Glfw.KeyTab:
                    _window.Input.ReleaseAll();
                    _window.CaptureMouse(!_window.Input.MouseCaptured);
                    break;
                case Glfw.KeyF12:
                    screenshot = true;
                    break;
            }
        }
        return changed;
    }

    private bool MoveCamera(float seconds)
    {
        InputState input = _window.Input;
        double scroll = input.TakeScroll();
        if (scroll != 0) _camera.Speed = (float)Math.Clamp(_camera.Speed * Math.Pow(1.25, scroll), 1e-4 * _initialSpeed, 1e4 * _initialSpeed);
        var direction = new Vector3(
            Axis(input, 'D', 'A'),
            Axis(input, 'E', 'Q'),
            Axis(input, 'W', 'S'));
        _camera.Move(direction, seconds, input.ShiftHeld ? ShiftSpeedFactor : 1f);
        Vector2 look = input.TakeLookDelta();
        _camera.Look(look);
        return direction != Vector3.Zero || look != Vector2.Zero;
    }

    private static float Axis(InputState input, char positive, char negative) =>
        (input.IsHeld(positive) ? 1f : 0f) - (input.IsHeld(negative) ? 1f : 0f);

    private bool PollModels(double now)
    {
        bool changed = false;
        foreach ((string path, ModelWatcher watcher) in _watchers)
        {
            ReloadResult result = watcher.Poll(out string? error);
            if (result == ReloadResult.Reloaded)
            {
                SdfModel fresh = watcher.Current;
                error = Compile(fresh);
                if (error is null)
                {
                    _renderer.Forget(_shown[path]);
                    _shown[path] = fresh;
                    changed = true;
                    string steps = fresh.Metadata.TryGetValue("training.steps", out string? s) ? $", {s} training steps" : "";
                    _options.Log.WriteLine($"Reloaded {path} ({fresh.Network.Describe()}{steps})");
                    SetStatus($"reloaded {Path.GetFileName(path)}", now);
                }
                else
                {
                    _renderer.Forget(fresh);
                    error = $"{path}: {error}; keeping the last good model";
                }
            }
            if (error is not null)
            {
                _options.Warnings.WriteLine($"neuralsdf: warning: {error}");
                SetStatus($"reload failed: {Path.GetFileName(path)} (see the terminal)", now);
            }
        }
        return changed;
    }

    /// <summary>Builds the model's program now (a draw into the probe); null when it worked, else the first lines of the log.</summary>
    private string? Compile(SdfModel model)
    {
        _probe.Bind();
        try
        {
            _renderer.Draw(model, Matrix4x4.Identity, Matrix4x4.CreateLookAt(model.Bounds.Center + Vector3.UnitZ * model.Bounds.Diagonal, model.Bounds.Center, Vector3.UnitY),
                CameraSetup.Perspective(0.8f, 1f, 0.01f * model.Bounds.Diagonal, 4f * model.Bounds.Diagonal));
            return null;
        }
        catch (ShaderCompileException e)
        {
            return $"the sphere-tracing shader failed to compile on {_window.Renderer}: {e.Message}";
        }
        finally
        {
            _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        }
    }

    private void ResizeTargets(int width, int height)
    {
        _interactive?.Dispose();
        _refined?.Dispose();
        _interactive = new OffscreenFramebuffer(_gl, width, height);
        _refined = new OffscreenFramebuffer(_gl, width, height);
        _refinedRows = -1;
    }

    private void RenderInteractive(int width, int height)
    {
        double scale = _resolution.Scale;
        int w = Math.Max(1, (int)Math.Round(width * scale)), h = Math.Max(1, (int)Math.Round(height * scale));
        var clock = Stopwatch.StartNew();
        RenderScene(_interactive!, w, h, Aspect(width, height), rows: null);
        _gl.Finish();
        double milliseconds = clock.Elapsed.TotalMilliseconds;
        _resolution.Record(scale, (long)w * h, milliseconds);
        _statistics.RecordFrame(milliseconds, w, h, width, height);
        Blit(_interactive!, w, h, width, height);
    }

    private void RefineStrip(int width, int height)
    {
        int rows = _resolution.RowsPerFrame(width, height);
        int top = Math.Min(height, _refinedRows + rows);
        RenderScene(_refined!, width, height, Aspect(width, height), (_refinedRows, top - _refinedRows));
        _gl.Finish();
        _refinedRows = top;
        if (_refinedRows < height) return;
        _refinedRows = -1;
        _statistics.ShowsRefined = true;
        Blit(_refined!, width, height, width, height);
    }

    private void SaveScreenshot(int width, int height)
    {
        RenderScene(_refined!, width, height, Aspect(width, height), rows: null);
        byte[] rgba = _refined!.ReadRgba();
        for (int i = 3; i < rgba.Length; i += 4) rgba[i] = 255;
        Directory.CreateDirectory(_options.ScreenshotDirectory);
        string path = ScreenshotPath(_options.ScreenshotDirectory, DateTime.Now);
        PngFile.Write(path, width, height, rgba);
        _refinedRows = -1;
        _statistics.ShowsRefined = true;
        Blit(_refined!, width, height, width, height);
        _options.Log.WriteLine($"Saved screenshot {path}");
    }

    /// <summary>A file name in <paramref name="directory"/> from the local time, with a counter when it is taken.</summary>
    internal static string ScreenshotPath(string directory, DateTime time)
    {
        string stem = Path.Combine(directory, $"neuralsdf-{time:yyyyMMdd-HHmmss-fff}");
        string path = stem + ".png";
        for (int i = 2; File.Exists(path); i++) path = $"{stem}-{i}.png";
        return path;
    }

    /// <summary>Sky, then every object, into <paramref name="target"/>'s lower-left <paramref name="width"/>×<paramref name="height"/>; only <paramref name="rows"/> when given.</summary>
    private void RenderScene(OffscreenFramebuffer target, int width, int height, float aspect, (int First, int Count)? rows)
    {
        target.Bind();
        _gl.Viewport(0, 0, (uint)width, (uint)height);
        if (rows is { } strip)
        {
            _gl.Enable(EnableCap.ScissorTest);
            _gl.Scissor(0, strip.First, (uint)width, (uint)strip.Count);
        }
        _gl.ClearDepth(1);
        _gl.Clear(ClearBufferMask.DepthBufferBit);
        Matrix4x4 view = _camera.ViewMatrix(), projection = _camera.ProjectionMatrix(aspect, SceneBounds());
        _sky.Draw(view, projection);
        DrawObjects(view, projection);
        _gl.Disable(EnableCap.ScissorTest);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
    }

    private void DrawObjects(Matrix4x4 view, Matrix4x4 projection)
    {
        foreach (SceneObject item in _options.Objects) _renderer.Draw(_shown[item.ModelPath], item.World, view, projection);
    }

    /// <summary>Mean sphere-tracing steps per traced pixel, from a small render of the step view (alpha holds steps / MaxSteps).</summary>
    private double MeasureStepsPerPixel(int width, int height)
    {
        SdfShadingMode mode = _renderer.ShadingMode;
        _renderer.ShadingMode = SdfShadingMode.Steps;
        try
        {
            _probe.Bind();
            _gl.ClearColor(0, 0, 0, 0);
            _gl.ClearDepth(1);
            _gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
            float aspect = Aspect(width, height);
            DrawObjects(_camera.ViewMatrix(), _camera.ProjectionMatrix(aspect, SceneBounds()));
            byte[] rgba = _probe.ReadRgba();
            _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
            return StepStatistics.MeanSteps(rgba, _renderer.MaxSteps);
        }
        finally
        {
            _renderer.ShadingMode = mode;
        }
    }

    private void Blit(OffscreenFramebuffer source, int sourceWidth, int sourceHeight, int width, int height)
    {
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, source.Handle);
        _gl.BindFramebuffer(FramebufferTarget.DrawFramebuffer, 0);
        _gl.BlitFramebuffer(0, 0, sourceWidth, sourceHeight, 0, 0, width, height, ClearBufferMask.ColorBufferBit,
            sourceWidth == width && sourceHeight == height ? BlitFramebufferFilter.Nearest : BlitFramebufferFilter.Linear);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        _presented = (source, sourceWidth, sourceHeight);
        if (_showHelp) _overlay.Draw(ViewerKeys.Help.Select(k => $"{k.Key,-12} {k.Action}"), width, height);
        _window.SwapBuffers();
    }

    private void Present(int width, int height)
    {
        if (_presented is { } p && !p.Source.IsDisposed) Blit(p.Source, p.Width, p.Height, width, height);
    }

    private void SetStatus(string status, double now)
    {
        _status = status;
        _statusUntil = now + 5;
    }

    private string Title(double now)
    {
        string names = string.Join(", ", _watchers.Keys.Select(Path.GetFileName));
        string status = now < _statusUntil ? $" | {_status}" : "";
        return $"NeuralSdf | {names} | {ModeName(_renderer.ShadingMode)} | {_statistics.Describe()}{status} | H: help";
    }

    internal static string ModeName(SdfShadingMode mode) => mode switch
    {
        SdfShadingMode.Shaded => "shaded",
        SdfShadingMode.Normals => "normals",
        SdfShadingMode.Steps => "steps",
        SdfShadingMode.EikonalError => "eikonal error",
        _ => mode.ToString(),
    };

    private BoundingBox SceneBounds()
    {
        BoundingBox? all = null;
        foreach (SceneObject item in _options.Objects)
        {
            BoundingBox box = item.WorldBounds(_shown[item.ModelPath].Bounds);
            all = all is { } a ? new BoundingBox(Vector3.Min(a.Min, box.Min), Vector3.Max(a.Max, box.Max)) : box;
        }
        return all!.Value;
    }

    private static float Aspect((int Width, int Height) size) => Aspect(size.Width, size.Height);

    private static float Aspect(int width, int height) => (float)width / Math.Max(1, height);
}
