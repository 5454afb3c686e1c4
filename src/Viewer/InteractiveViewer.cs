using NeuralSdf.Hosting;
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
    private const int ProbeWidth = 32, ProbeHeight = 24;
    private const float ShiftSpeedFactor = 4f;

    // A twentieth of the window's width: on slow software GL a moving frame must still fit the budget.
    private const double MinimumScale = 0.05;

    /// <summary>The views N cycles through (albedo, if it was the first view, is left for shaded).</summary>
    private static readonly SdfShadingMode[] Views = [SdfShadingMode.Shaded, SdfShadingMode.Normals, SdfShadingMode.Steps, SdfShadingMode.EikonalError];

    private readonly ViewerOptions _options;
    private readonly Dictionary<string, ModelWatcher> _watchers;
    private readonly Dictionary<string, SdfModel> _shown = [];
    private readonly Dictionary<string, (SdfModel Model, Task Preparation)> _preparing = [];
    private readonly FrameTimes _frameTimes = new();
    private readonly GlfwWindow _window;
    private readonly GL _gl;
    private readonly SdfRenderer _renderer;
    private readonly SkyBackground _sky;
    private readonly OffscreenFramebuffer _probe;
    private readonly ProgressiveFrame _frame;
    private readonly StatusLine _status = new();
    private readonly FlyCamera _camera;
    private readonly float _initialSpeed;
    private EvaluationCounts _evaluations;
    private bool _screenshotPending;

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
        var resolution = new AdaptiveResolution(options.TargetMilliseconds, MinimumScale);

        _window = new GlfwWindow(options.Width, options.Height, "NeuralSdf viewer");
        try
        {
            _gl = _window.Gl;
            _renderer = new SdfRenderer(_gl) { MaxSteps = options.MaxSteps, ShadingMode = options.ShadingMode };
            _sky = new SkyBackground(_gl);
            _probe = new OffscreenFramebuffer(_gl, ProbeWidth, ProbeHeight);
            _frame = new ProgressiveFrame(_window, resolution, ViewerKeys.Help, (_, _, windowWidth, windowHeight) => DrawScene(Aspect(windowWidth, windowHeight)));
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

    /// <summary>Runs until Esc or the window is closed, then prints the frame times.</summary>
    public void Run()
    {
        var clock = new FrameClock();
        double lastProbe = double.NegativeInfinity;
        bool dirty = true, probeDue = true;
        while (!_window.ShouldClose)
        {
            clock.NextFrame(busy: dirty || _frame.IsRefining || _window.Input.AnyMovementKeyHeld || _screenshotPending);
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            double now = clock.Now;
            dirty |= HandleKeys();
            dirty |= MoveCamera(clock.Seconds);
            if (clock.PollDue()) dirty |= PollModels(now);
            (int width, int height) = _window.FramebufferSize;
            if (width <= 0 || height <= 0) continue;

            bool changed = _frame.Update(now, width, height, dirty, refineNow: _screenshotPending);
            bool drew = changed || _frame.IsRefining;
            probeDue |= changed;
            dirty = false;
            _frame.RefinePiece(width, height);
            // F12 waits for the full-resolution picture, refined a piece per frame like any other.
            if (_screenshotPending && !_frame.IsRefining && _frame.Statistics.ShowsRefined) SaveScreenshot(width, height);
            if (probeDue && now - lastProbe >= 0.5)
            {
                probeDue = false;
                lastProbe = now;
                _evaluations = MeasureEvaluations(width, height);
                drew = true;
            }
            _frame.RepaintIfAsked(width, height);
            _window.Title = Title(now);
            if (drew) _frameTimes.Record(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        _options.Log.WriteLine(_frameTimes.Describe(_options.TargetMilliseconds));
    }

    /// <summary>Frees the GL objects and closes the window.</summary>
    public void Dispose()
    {
        _renderer.Dispose();
        _sky.Dispose();
        _probe.Dispose();
        _frame.Dispose();
        _window.Dispose();
    }

    private bool HandleKeys()
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
                    _renderer.ShadingMode = Views[(Array.IndexOf(Views, _renderer.ShadingMode) + 1) % Views.Length];
                    changed = true;
                    break;
                case 'H':
                    _frame.ShowHelp = !_frame.ShowHelp;
                    changed = true;
                    break;
                case Glfw.KeyTab:
                    _window.Input.ReleaseAll();
                    _window.CaptureMouse(!_window.Input.MouseCaptured);
                    break;
                case Glfw.KeyF12:
                    _screenshotPending = true;
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

    // A changed file is read here, then its Lipschitz bound and distance grid (CPU work of a second or more for a large
    // network on a slow machine) are made on a worker thread while frames go on; a later poll compiles and shows it.
    private bool PollModels(double now)
    {
        bool changed = false;
        foreach ((string path, ModelWatcher watcher) in _watchers)
        {
            ReloadResult result = watcher.Poll(out string? error);
            if (result == ReloadResult.Reloaded)
            {
                SdfModel fresh = watcher.Current;
                _preparing[path] = (fresh, Task.Run(() => (fresh.LipschitzBound, fresh.DistanceGrid)));
            }
            if (_preparing.TryGetValue(path, out var preparing) && preparing.Preparation.IsCompleted)
            {
                _preparing.Remove(path);
                SdfModel fresh = preparing.Model;
                error = preparing.Preparation.Exception is { } failure ? failure.InnerException?.Message ?? failure.Message : Compile(fresh);
                if (error is null)
                {
                    _renderer.Forget(_shown[path]);
                    _shown[path] = fresh;
                    changed = true;
                    string steps = fresh.Metadata.TryGetValue("training.steps", out string? s) ? $", {s} training steps" : "";
                    _options.Log.WriteLine($"Reloaded {path} ({fresh.Network.Describe()}{steps})");
                    _status.Set($"reloaded {Path.GetFileName(path)}", now);
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
                _status.Set($"reload failed: {Path.GetFileName(path)} (see the terminal)", now);
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

    private void SaveScreenshot(int width, int height)
    {
        _screenshotPending = false;
        byte[] rgba = _frame.ReadShown();
        for (int i = 3; i < rgba.Length; i += 4) rgba[i] = 255;
        string path = ScreenshotFile.Write(_options.ScreenshotDirectory, width, height, rgba);
        _options.Log.WriteLine($"Saved screenshot {path}");
    }

    /// <summary>Sky, then every object, into the bound framebuffer's viewport, for a window of that <paramref name="aspect"/>.</summary>
    private void DrawScene(float aspect)
    {
        _gl.ClearDepth(1);
        _gl.Clear(ClearBufferMask.DepthBufferBit);
        Matrix4x4 view = _camera.ViewMatrix(), projection = _camera.ProjectionMatrix(aspect, SceneBounds());
        _sky.Draw(view, projection);
        DrawObjects(view, projection);
    }

    private void DrawObjects(Matrix4x4 view, Matrix4x4 projection)
    {
        foreach (SceneObject item in _options.Objects) _renderer.Draw(_shown[item.ModelPath], item.World, view, projection);
    }

    /// <summary>A shaded pixel's network evaluations, split by purpose, from a small render of the evaluations view.</summary>
    private EvaluationCounts MeasureEvaluations(int width, int height)
    {
        SdfShadingMode mode = _renderer.ShadingMode;
        _renderer.ShadingMode = SdfShadingMode.Evaluations;
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
            return EvaluationCounts.FromPixels(rgba);
        }
        finally
        {
            _renderer.ShadingMode = mode;
        }
    }

    private string Title(double now)
    {
        string names = string.Join(", ", _watchers.Keys.Select(Path.GetFileName));
        FrameStatistics frames = _frame.Statistics;
        return $"NeuralSdf | {names} | {ModeName(_renderer.ShadingMode)} | {frames.Rate}, {Describe(_evaluations)}, {frames.Resolution}{_status.TitlePart(now)} | H: help";
    }

    // "10.5 evals/px (ray 6.5, normal 4.0, shadow 0.0, AO 0.0)": distance-evaluation equivalents per covered pixel.
    private static string Describe(EvaluationCounts e) =>
        $"{e.Total:0.0} evals/px (ray {e.Primary:0.0}, normal {EvaluationCounts.GradientCost * e.Normal:0.0}, shadow {e.Shadow:0.0}, AO {e.Occlusion:0.0})";

    internal static string ModeName(SdfShadingMode mode) => mode switch
    {
        SdfShadingMode.Shaded => "shaded",
        SdfShadingMode.Normals => "normals",
        SdfShadingMode.Steps => "steps",
        SdfShadingMode.EikonalError => "eikonal error",
        SdfShadingMode.Albedo => "albedo",
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
