using System.Runtime.InteropServices;
using Silk.NET.OpenGL;

namespace NeuralSdf.Hosting;

/// <summary>
/// An OpenGL 4.5 core context (4.3 as a fall-back) without a window, through EGL: Mesa's surfaceless platform
/// where it exists, the default display otherwise. It has no default framebuffer: render into an
/// <see cref="OffscreenFramebuffer"/>. The context is made current on the creating thread; use and dispose it there.
/// Whatever EGL context was current on that thread before is made current again on <see cref="Dispose"/>.
/// </summary>
public sealed unsafe class HeadlessGlContext : IDisposable
{
    internal const string InstallHint = "install the Debian packages libegl1 and libgl1-mesa-dri";

    private const int EglPlatformSurfacelessMesa = 0x31DD;
    private const int EglOpenGlApi = 0x30A2;
    private const int EglNone = 0x3038;
    private const int EglSurfaceType = 0x3033;
    private const int EglRenderableType = 0x3040;
    private const int EglOpenGlBit = 0x0008;
    private const int EglExtensions = 0x3055;
    private const int EglContextMajorVersion = 0x3098;
    private const int EglContextMinorVersion = 0x30FB;
    private const int EglContextOpenGlProfileMask = 0x30FD;
    private const int EglContextOpenGlCoreProfileBit = 0x1;
    private const int EglDraw = 0x3059;
    private const int EglRead = 0x305A;

    private static readonly Lock DisplayLock = new();
    private static readonly Dictionary<nint, int> DisplayUsers = [];

    private readonly Egl _egl;
    private readonly (nint Display, nint Draw, nint Read, nint Context, int Api) _previous;
    private nint _display;
    private nint _context;

    /// <summary>Creates the context and makes it current on this thread.</summary>
    /// <exception cref="GlUnavailableException">libEGL is missing, or no display, configuration or context could be had.</exception>
    public HeadlessGlContext()
        : this("libEGL.so.1")
    {
    }

    internal HeadlessGlContext(string eglLibrary)
    {
        _egl = Egl.Load(eglLibrary);
        _previous = (_egl.GetCurrentDisplay(), _egl.GetCurrentSurface(EglDraw), _egl.GetCurrentSurface(EglRead), _egl.GetCurrentContext(), _egl.QueryApi());
        _display = OpenDisplay(_egl);
        try
        {
            if (_egl.BindApi(EglOpenGlApi) == 0)
                throw Unavailable($"eglBindAPI(EGL_OPENGL_API) failed (EGL error 0x{_egl.GetError():X})");
            nint config = ChooseConfig(_egl, _display);
            (_context, Version) = CreateContext(_egl, _display, config);
            if (_egl.MakeCurrent(_display, 0, 0, _context) == 0)
                throw Unavailable($"eglMakeCurrent without a surface failed (EGL error 0x{_egl.GetError():X})");
            Gl = GL.GetApi(name => _egl.GetProcAddress(name));
            Renderer = Gl.GetStringS(StringName.Renderer);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The OpenGL API for this context.</summary>
    public GL Gl { get; } = null!;

    /// <summary>The <c>GL_RENDERER</c> string, e.g. <c>llvmpipe (LLVM 15.0.6, 256 bits)</c>.</summary>
    public string Renderer { get; } = "";

    /// <summary>The context version that was created: 4.5, or 4.3 where 4.5 is not offered.</summary>
    public Version Version { get; } = new(0, 0);

    /// <summary>
    /// Destroys the context and makes the thread's previous EGL context (if any) current again. Safe to call twice.
    /// </summary>
    public void Dispose()
    {
        if (_display == 0) return;
        if (_context != 0)
        {
            _egl.MakeCurrent(_display, 0, 0, 0);
            _egl.DestroyContext(_display, _context);
            _context = 0;
        }
        ReleaseDisplay(_egl, _display);
        _display = 0;
        if (_previous.Context != 0)
        {
            _egl.BindApi(_previous.Api);
            _egl.MakeCurrent(_previous.Display, _previous.Draw, _previous.Read, _previous.Context);
        }
    }

    private static nint OpenDisplay(Egl egl)
    {
        nint display = 0;
        string clientExtensions = Marshal.PtrToStringAnsi(egl.QueryString(0, EglExtensions)) ?? "";
        if (clientExtensions.Contains("EGL_MESA_platform_surfaceless", StringComparison.Ordinal))
        {
            var getPlatformDisplay = (delegate* unmanaged<int, nint, int*, nint>)egl.GetProcAddress("eglGetPlatformDisplayEXT");
            if (getPlatformDisplay != null) display = getPlatformDisplay(EglPlatformSurfacelessMesa, 0, null);
        }
        if (display == 0 || !Initialize(egl, display))
        {
            display = egl.GetDisplay(0);
            if (display == 0 || !Initialize(egl, display))
                throw Unavailable("no EGL display could be initialized (tried Mesa's surfaceless platform and the default display)");
        }
        return display;
    }

    private static bool Initialize(Egl egl, nint display)
    {
        lock (DisplayLock)
        {
            int major, minor;
            if (egl.Initialize(display, &major, &minor) == 0) return false;
            DisplayUsers[display] = DisplayUsers.GetValueOrDefault(display) + 1;
            return true;
        }
    }

    // eglTerminate ends the display for every thread, so only the last user terminates it.
    private static void ReleaseDisplay(Egl egl, nint display)
    {
        lock (DisplayLock)
        {
            int users = DisplayUsers.GetValueOrDefault(display) - 1;
            if (users > 0)
            {
                DisplayUsers[display] = users;
                return;
            }
            DisplayUsers.Remove(display);
            egl.Terminate(display);
        }
    }

    private static nint ChooseConfig(Egl egl, nint display)
    {
        // No surface is ever created, so any surface type will do (0 = no bits required).
        int* attributes = stackalloc int[] { EglRenderableType, EglOpenGlBit, EglSurfaceType, 0, EglNone };
        nint config;
        int count;
        if (egl.ChooseConfig(display, attributes, &config, 1, &count) != 0 && count > 0) return config;
        string extensions = Marshal.PtrToStringAnsi(egl.QueryString(display, EglExtensions)) ?? "";
        if (extensions.Contains("EGL_KHR_no_config_context", StringComparison.Ordinal)) return 0;
        throw Unavailable($"EGL offers no OpenGL configuration (EGL error 0x{egl.GetError():X})");
    }

    private static (nint Context, Version Version) CreateContext(Egl egl, nint display, nint config)
    {
        int* attributes = stackalloc int[]
        {
            EglContextMajorVersion, 0,
            EglContextMinorVersion, 0,
            EglContextOpenGlProfileMask, EglContextOpenGlCoreProfileBit,
            EglNone,
        };
        foreach ((int major, int minor) in new[] { (4, 5), (4, 3) })
        {
            attributes[1] = major;
            attributes[3] = minor;
            nint context = egl.CreateContext(display, config, 0, attributes);
            if (context != 0) return (context, new Version(major, minor));
        }
        throw Unavailable($"no OpenGL 4.5 or 4.3 core context could be created (EGL error 0x{egl.GetError():X})");
    }

    private static GlUnavailableException Unavailable(string problem) =>
        new($"OpenGL is unavailable: {problem}; {InstallHint}.");

    /// <summary>The few EGL entry points we use, loaded from the library at run time.</summary>
    private sealed class Egl
    {
        public delegate* unmanaged<byte*, nint> GetProcAddressRaw;
        public delegate* unmanaged<nint, nint> GetDisplay;
        public delegate* unmanaged<nint, int*, int*, uint> Initialize;
        public delegate* unmanaged<nint, uint> Terminate;
        public delegate* unmanaged<int, uint> BindApi;
        public delegate* unmanaged<nint, int*, nint*, int, int*, uint> ChooseConfig;
        public delegate* unmanaged<nint, nint, nint, int*, nint> CreateContext;
        public delegate* unmanaged<nint, nint, uint> DestroyContext;
        public delegate* unmanaged<nint, nint, nint, nint, uint> MakeCurrent;
        public delegate* unmanaged<int> GetError;
        public delegate* unmanaged<nint, int, nint> QueryString;
        public delegate* unmanaged<nint> GetCurrentDisplay;
        public delegate* unmanaged<int, nint> GetCurrentSurface;
        public delegate* unmanaged<nint> GetCurrentContext;
        public delegate* unmanaged<int> QueryApi;

        public static Egl Load(string libraryName)
        {
            if (!NativeLibrary.TryLoad(libraryName, out nint library))
                throw Unavailable($"{libraryName} was not found");
            var egl = new Egl();
            egl.GetProcAddressRaw = (delegate* unmanaged<byte*, nint>)Export(library, "eglGetProcAddress");
            egl.GetDisplay = (delegate* unmanaged<nint, nint>)Export(library, "eglGetDisplay");
            egl.Initialize = (delegate* unmanaged<nint, int*, int*, uint>)Export(library, "eglInitialize");
            egl.Terminate = (delegate* unmanaged<nint, uint>)Export(library, "eglTerminate");
            egl.BindApi = (delegate* unmanaged<int, uint>)Export(library, "eglBindAPI");
            egl.ChooseConfig = (delegate* unmanaged<nint, int*, nint*, int, int*, uint>)Export(library, "eglChooseConfig");
            egl.CreateContext = (delegate* unmanaged<nint, nint, nint, int*, nint>)Export(library, "eglCreateContext");
            egl.DestroyContext = (delegate* unmanaged<nint, nint, uint>)Export(library, "eglDestroyContext");
            egl.MakeCurrent = (delegate* unmanaged<nint, nint, nint, nint, uint>)Export(library, "eglMakeCurrent");
            egl.GetError = (delegate* unmanaged<int>)Export(library, "eglGetError");
            egl.QueryString = (delegate* unmanaged<nint, int, nint>)Export(library, "eglQueryString");
            egl.GetCurrentDisplay = (delegate* unmanaged<nint>)Export(library, "eglGetCurrentDisplay");
            egl.GetCurrentSurface = (delegate* unmanaged<int, nint>)Export(library, "eglGetCurrentSurface");
            egl.GetCurrentContext = (delegate* unmanaged<nint>)Export(library, "eglGetCurrentContext");
            egl.QueryApi = (delegate* unmanaged<int>)Export(library, "eglQueryAPI");
            return egl;
        }

        public nint GetProcAddress(string name)
        {
            nint utf8 = Marshal.StringToCoTaskMemUTF8(name);
            try
            {
                return GetProcAddressRaw((byte*)utf8);
            }
            finally
            {
                Marshal.FreeCoTaskMem(utf8);
            }
        }

        private static nint Export(nint library, string name) =>
            NativeLibrary.TryGetExport(library, name, out nint address)
                ? address
                : throw Unavailable($"libEGL lacks {name}");
    }
}
