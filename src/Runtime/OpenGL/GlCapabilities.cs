using System.Runtime.CompilerServices;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>What the current context offers, asked once per <see cref="GL"/> instance.</summary>
internal static class GlCapabilities
{
    private static readonly ConditionalWeakTable<GL, Info> Cache = new();

    private sealed record Info(int Major, int Minor, bool DebugLabels, bool ClipControl);

    /// <summary>Whether <c>glClipControl</c> exists (GL 4.5 core or ARB_clip_control).</summary>
    public static bool HasClipControl(GL gl) => Get(gl).ClipControl;

    /// <summary>Whether <c>glObjectLabel</c> exists (GL 4.3 core or KHR_debug).</summary>
    public static bool HasDebugLabels(GL gl) => Get(gl).DebugLabels;

    /// <summary>Throws unless the context is GL 4.3 or newer (compute shaders and shader storage buffers).</summary>
    public static void RequireGl43(GL gl, string who)
    {
        Info info = Get(gl);
        if (info.Major < 4 || (info.Major == 4 && info.Minor < 3))
            throw new GlNotSupportedException($"{who} needs OpenGL 4.3 (shader storage buffers); the current context is {info.Major}.{info.Minor}.");
    }

    private static Info Get(GL gl) => Cache.GetValue(gl, g =>
    {
        int major = g.GetInteger(GetPName.MajorVersion);
        int minor = g.GetInteger(GetPName.MinorVersion);
        bool labels = major > 4 || (major == 4 && minor >= 3) || g.IsExtensionPresent("GL_KHR_debug");
        bool clipControl = major > 4 || (major == 4 && minor >= 5) || g.IsExtensionPresent("GL_ARB_clip_control");
        return new Info(major, minor, labels, clipControl);
    });
}
