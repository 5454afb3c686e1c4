using NeuralSdf.Hosting;
using System.Runtime.InteropServices;

namespace NeuralSdf.Viewer;

/// <summary>
/// The few GLFW 3 entry points the viewer uses, loaded from the native library at run time so that a missing
/// library is one clear error rather than a <see cref="DllNotFoundException"/>. Call from the main thread only.
/// </summary>
internal static unsafe class Glfw
{
    public const string InstallHint = "install the Debian package libglfw3";

    public const int Release = 0;
    public const int Press = 1;
    public const int Repeat = 2;

    public const int MouseButtonLeft = 0;
    public const int MouseButtonRight = 1;

    public const int KeyTab = 258;
    public const int KeyEscape = 256;
    public const int KeyF12 = 301;
    public const int KeyRight = 262;
    public const int KeyLeft = 263;
    public const int KeyDown = 264;
    public const int KeyUp = 265;
    public const int KeyMinus = 45;
    public const int KeyEqual = 61;
    public const int KeyKeypadSubtract = 333;
    public const int KeyKeypadAdd = 334;
    public const int KeyLeftShift = 340;
    public const int KeyRightShift = 344;
    public const int KeyLast = 348;

    public const int ContextVersionMajor = 0x00022002;
    public const int ContextVersionMinor = 0x00022003;
    public const int OpenGlForwardCompat = 0x00022006;
    public const int OpenGlProfile = 0x00022008;
    public const int OpenGlCoreProfile = 0x00032001;
    public const int DepthBits = 0x00021005;

    public const int Cursor = 0x00033001;
    public const int CursorNormal = 0x00034001;
    public const int CursorDisabled = 0x00034003;

    private static readonly string[] LibraryNames = ["libglfw.so.3", "libglfw.so", "glfw3.dll", "libglfw.3.dylib"];
    private static nint _library;

    public static delegate* unmanaged<int> Init;
    public static delegate* unmanaged<void> Terminate;
    public static delegate* unmanaged<byte**, int> GetError;
    public static delegate* unmanaged<int, int, void> WindowHint;
    public static delegate* unmanaged<void> DefaultWindowHints;
    public static delegate* unmanaged<int, int, byte*, nint, nint, nint> CreateWindow;
    public static delegate* unmanaged<nint, void> DestroyWindow;
    public static delegate* unmanaged<nint, void> MakeContextCurrent;
    public static delegate* unmanaged<byte*, nint> GetProcAddressRaw;
    public static delegate* unmanaged<int, void> SwapInterval;
    public static delegate* unmanaged<nint, void> SwapBuffers;
    public static delegate* unmanaged<void> PollEvents;
    public static delegate* unmanaged<double, void> WaitEventsTimeout;
    public static delegate* unmanaged<nint, int> WindowShouldClose;
    public static delegate* unmanaged<nint, int, void> SetWindowShouldClose;
    public static delegate* unmanaged<nint, byte*, void> SetWindowTitleRaw;
    public static delegate* unmanaged<nint, int*, int*, void> GetFramebufferSize;
    public static delegate* unmanaged<nint, int, int, void> SetInputMode;
    public static delegate* unmanaged<double> GetTime;
    public static delegate* unmanaged<nint, delegate* unmanaged<nint, int, int, int, int, void>, nint> SetKeyCallback;
    public static delegate* unmanaged<nint, delegate* unmanaged<nint, double, double, void>, nint> SetCursorPosCallback;
    public static delegate* unmanaged<nint, delegate* unmanaged<nint, int, int, int, void>, nint> SetMouseButtonCallback;
    public static delegate* unmanaged<nint, delegate* unmanaged<nint, double, double, void>, nint> SetScrollCallback;
    public static delegate* unmanaged<nint, delegate* unmanaged<nint, void>, nint> SetWindowRefreshCallback;

    /// <summary>Loads the library once.</summary>
    /// <exception cref="GlUnavailableException">No GLFW 3 library was found.</exception>
    public static void Load()
    {
        if (_library != 0) return;
        nint library = 0;
        if (!LibraryNames.Any(name => NativeLibrary.TryLoad(name, out library)))
            throw new GlUnavailableException($"GLFW 3 (libglfw.so.3) was not found, so no window can be opened; {InstallHint}.");
        Init = (delegate* unmanaged<int>)Export(library, "glfwInit");
        Terminate = (delegate* unmanaged<void>)Export(library, "glfwTerminate");
        GetError = (delegate* unmanaged<byte**, int>)Export(library, "glfwGetError");
        WindowHint = (delegate* unmanaged<int, int, void>)Export(library, "glfwWindowHint");
        DefaultWindowHints = (delegate* unmanaged<void>)Export(library, "glfwDefaultWindowHints");
        CreateWindow = (delegate* unmanaged<int, int, byte*, nint, nint, nint>)Export(library, "glfwCreateWindow");
        DestroyWindow = (delegate* unmanaged<nint, void>)Export(library, "glfwDestroyWindow");
        MakeContextCurrent = (delegate* unmanaged<nint, void>)Export(library, "glfwMakeContextCurrent");
        GetProcAddressRaw = (delegate* unmanaged<byte*, nint>)Export(library, "glfwGetProcAddress");
        SwapInterval = (delegate* unmanaged<int, void>)Export(library, "glfwSwapInterval");
        SwapBuffers = (delegate* unmanaged<nint, void>)Export(library, "glfwSwapBuffers");
        PollEvents = (delegate* unmanaged<void>)Export(library, "glfwPollEvents");
        WaitEventsTimeout = (delegate* unmanaged<double, void>)Export(library, "glfwWaitEventsTimeout");
        WindowShouldClose = (delegate* unmanaged<nint, int>)Export(library, "glfwWindowShouldClose");
        SetWindowShouldClose = (delegate* unmanaged<nint, int, void>)Export(library, "glfwSetWindowShouldClose");
        SetWindowTitleRaw = (delegate* unmanaged<nint, byte*, void>)Export(library, "glfwSetWindowTitle");
        GetFramebufferSize = (delegate* unmanaged<nint, int*, int*, void>)Export(library, "glfwGetFramebufferSize");
        SetInputMode = (delegate* unmanaged<nint, int, int, void>)Export(library, "glfwSetInputMode");
        GetTime = (delegate* unmanaged<double>)Export(library, "glfwGetTime");
        SetKeyCallback = (delegate* unmanaged<nint, delegate* unmanaged<nint, int, int, int, int, void>, nint>)Export(library, "glfwSetKeyCallback");
        SetCursorPosCallback = (delegate* unmanaged<nint, delegate* unmanaged<nint, double, double, void>, nint>)Export(library, "glfwSetCursorPosCallback");
        SetMouseButtonCallback = (delegate* unmanaged<nint, delegate* unmanaged<nint, int, int, int, void>, nint>)Export(library, "glfwSetMouseButtonCallback");
        SetScrollCallback = (delegate* unmanaged<nint, delegate* unmanaged<nint, double, double, void>, nint>)Export(library, "glfwSetScrollCallback");
        SetWindowRefreshCallback = (delegate* unmanaged<nint, delegate* unmanaged<nint, void>, nint>)Export(library, "glfwSetWindowRefreshCallback");
        _library = library;
    }

    public static nint GetProcAddress(string name)
    {
        nint text = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            return GetProcAddressRaw((byte*)text);
        }
        finally
        {
            Marshal.FreeCoTaskMem(text);
        }
    }

    public static void SetWindowTitle(nint window, string title)
    {
        nint text = Marshal.StringToCoTaskMemUTF8(title);
        try
        {
            SetWindowTitleRaw(window, (byte*)text);
        }
        finally
        {
            Marshal.FreeCoTaskMem(text);
        }
    }

    /// <summary>GLFW's description of the last error on this thread, or "unknown error".</summary>
    public static string LastError()
    {
        byte* description = null;
        int code = GetError(&description);
        string text = description == null ? "" : Marshal.PtrToStringUTF8((nint)description) ?? "";
        return code == 0 ? "unknown error" : $"{text.TrimEnd('.')} (GLFW error 0x{code:X})";
    }

    private static nint Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out nint address)
            ? address
            : throw new GlUnavailableException($"The GLFW library lacks {name}: GLFW 3.3 or newer is needed; {InstallHint}.");
}
