using NeuralSdf.Hosting;
using System.Runtime.InteropServices;
using Silk.NET.OpenGL;

namespace NeuralSdf.Viewer;

/// <summary>
/// A GLFW window with an OpenGL 4.5 core context (4.3 as a fall-back), current on the creating (main) thread, and its
/// input routed into an <see cref="InputState"/>. One window at a time.
/// </summary>
internal sealed unsafe class GlfwWindow : IDisposable
{
    private static GlfwWindow? _open;
    private nint _window;
    private string _title;

    /// <exception cref="GlUnavailableException">No GLFW library, no display, or no OpenGL 4.3 core context.</exception>
    public GlfwWindow(int width, int height, string title)
    {
        if (_open is not null) throw new InvalidOperationException("Only one viewer window can be open at a time.");
        _title = title;
        Glfw.Load();
        if (Glfw.Init() == 0)
        {
            bool noDisplay = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) &&
                             string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
            throw new GlUnavailableException(noDisplay
                ? "no display: DISPLAY is not set, so no window can be opened; run in a desktop session, or under xvfb-run (Debian package xvfb)"
                : $"GLFW could not start: {Glfw.LastError()}");
        }
        try
        {
            (_window, Version) = Create(width, height, title);
            Glfw.MakeContextCurrent(_window);
            Glfw.SwapInterval(0);
            Gl = GL.GetApi(Glfw.GetProcAddress);
            Renderer = Gl.GetStringS(StringName.Renderer);
            Glfw.SetKeyCallback(_window, &OnKey);
            Glfw.SetMouseButtonCallback(_window, &OnMouseButton);
            Glfw.SetCursorPosCallback(_window, &OnCursor);
            Glfw.SetScrollCallback(_window, &OnScroll);
            Glfw.SetWindowRefreshCallback(_window, &OnRefresh);
            _open = this;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public GL Gl { get; } = null!;

    public string Renderer { get; } = "";

    public Version Version { get; } = new(0, 0);

    public InputState Input { get; } = new();

    /// <summary>Set when the window system asks for the contents to be drawn again (exposed, resized).</summary>
    public bool NeedsRefresh { get; set; }

    public bool ShouldClose => Glfw.WindowShouldClose(_window) != 0;

    public void Close() => Glfw.SetWindowShouldClose(_window, 1);

    public (int Width, int Height) FramebufferSize
    {
        get
        {
            int width, height;
            Glfw.GetFramebufferSize(_window, &width, &height);
            return (width, height);
        }
    }

    /// <summary>The title bar's text; setting the text it already has does nothing, so a viewer can set it every frame.</summary>
    public string Title
    {
        set
        {
            if (value == _title) return;
            Glfw.SetWindowTitle(_window, value);
            _title = value;
        }
    }

    /// <summary>Hides the cursor and turns its movement into unbounded look deltas, or gives it back.</summary>
    public void CaptureMouse(bool capture)
    {
        Glfw.SetInputMode(_window, Glfw.Cursor, capture ? Glfw.CursorDisabled : Glfw.CursorNormal);
        Input.MouseCaptured = capture;
    }

    public void SwapBuffers() => Glfw.SwapBuffers(_window);

    /// <summary>Handles pending events; waits up to <paramref name="timeoutSeconds"/> for one when positive.</summary>
    public static void ProcessEvents(double timeoutSeconds)
    {
        if (timeoutSeconds > 0) Glfw.WaitEventsTimeout(timeoutSeconds);
        else Glfw.PollEvents();
    }

    public static double Time => Glfw.GetTime();

    public void Dispose()
    {
        if (_window != 0)
        {
            Glfw.DestroyWindow(_window);
            _window = 0;
        }
        if (_open == this) _open = null;
        Glfw.Terminate();
    }

    private static (nint Window, Version Version) Create(int width, int height, string title)
    {
        nint text = Marshal.StringToCoTaskMemUTF8(title);
        try
        {
            string error = "";
            foreach ((int major, int minor) in new[] { (4, 5), (4, 3) })
            {
                Glfw.DefaultWindowHints();
                Glfw.WindowHint(Glfw.ContextVersionMajor, major);
                Glfw.WindowHint(Glfw.ContextVersionMinor, minor);
                Glfw.WindowHint(Glfw.OpenGlProfile, Glfw.OpenGlCoreProfile);
                Glfw.WindowHint(Glfw.OpenGlForwardCompat, 1);
                Glfw.WindowHint(Glfw.DepthBits, 24);
                nint window = Glfw.CreateWindow(width, height, (byte*)text, 0, 0);
                if (window != 0) return (window, new Version(major, minor));
                error = Glfw.LastError();
            }
            throw new GlUnavailableException(
                $"OpenGL 4.3 core is not available on this display ({error}); install the Debian package libgl1-mesa-dri (Mesa's llvmpipe gives 4.5) or update the graphics driver");
        }
        finally
        {
            Marshal.FreeCoTaskMem(text);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnKey(nint window, int key, int scancode, int action, int mods) => _open?.Input.OnKey(key, action);

    [UnmanagedCallersOnly]
    private static void OnMouseButton(nint window, int button, int action, int mods) => _open?.Input.OnMouseButton(button, action);

    [UnmanagedCallersOnly]
    private static void OnCursor(nint window, double x, double y) => _open?.Input.OnCursor(x, y);

    [UnmanagedCallersOnly]
    private static void OnScroll(nint window, double x, double y) => _open?.Input.OnScroll(y);

    [UnmanagedCallersOnly]
    private static void OnRefresh(nint window)
    {
        if (_open is not null) _open.NeedsRefresh = true;
    }
}
