using System.Numerics;
using NeuralSdf.Runtime;
using Silk.NET.OpenGL;

namespace NeuralSdf.Hosting;

/// <summary>Renders a model to an image without a window (EGL, e.g. Mesa llvmpipe on a machine without a GPU).</summary>
public static class HeadlessRender
{
    /// <summary>The largest width or height <see cref="RenderPng"/> accepts.</summary>
    public const int MaxSize = 16384;

    /// <summary>
    /// Renders <paramref name="model"/> (at its own coordinates) seen by <paramref name="camera"/> into a
    /// <paramref name="width"/>×<paramref name="height"/> PNG: alpha 255 where a ray hit the surface, 0 (and black) where it missed,
    /// and the part of the pixel the surface covers on its edges (<see cref="SdfRenderer.EdgeCoverage"/>).
    /// Creates and destroys its own GL context on this thread.
    /// </summary>
    /// <param name="model">The model to draw.</param>
    /// <param name="outputPath">The PNG to write (atomically).</param>
    /// <param name="width">Width in pixels, 1 to <see cref="MaxSize"/>.</param>
    /// <param name="height">Height in pixels, 1 to <see cref="MaxSize"/>.</param>
    /// <param name="camera">Where the camera is and what it looks at.</param>
    /// <param name="mode">What the pixels show (default shaded).</param>
    /// <param name="light">Direction towards the key light in the model's coordinates; null keeps the renderer's default.</param>
    /// <param name="maxSteps">Sphere-tracing steps per pixel (see <see cref="SdfRenderer.MaxSteps"/>).</param>
    /// <exception cref="GlUnavailableException">No OpenGL context could be created; the message names what to install.</exception>
    public static void RenderPng(SdfModel model, string outputPath, int width, int height, CameraSetup camera,
        SdfShadingMode mode = SdfShadingMode.Shaded, Vector3? light = null, int maxSteps = 128)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(camera);
        CheckSize(width, nameof(width));
        CheckSize(height, nameof(height));
        byte[] rgba = Render(model, width, height, camera, mode, light, maxSteps);
        PngFile.Write(outputPath, width, height, rgba);
    }

    /// <summary>
    /// Renders <paramref name="model"/> like <see cref="RenderPng"/> (same parameters) and returns the image as RGBA8
    /// (<c>4 × width × height</c> bytes, first row at the top) instead of writing a file.
    /// Creates and destroys its own GL context on this thread.
    /// </summary>
    /// <exception cref="GlUnavailableException">No OpenGL context could be created; the message names what to install.</exception>
    public static byte[] RenderRgba(SdfModel model, int width, int height, CameraSetup camera,
        SdfShadingMode mode = SdfShadingMode.Shaded, Vector3? light = null, int maxSteps = 128)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(camera);
        CheckSize(width, nameof(width));
        CheckSize(height, nameof(height));
        return Render(model, width, height, camera, mode, light, maxSteps);
    }

    private static byte[] Render(SdfModel model, int width, int height, CameraSetup camera, SdfShadingMode mode, Vector3? light, int maxSteps)
    {
        using var context = new HeadlessGlContext();
        GL gl = context.Gl;
        using var framebuffer = new OffscreenFramebuffer(gl, width, height);
        using var renderer = new SdfRenderer(gl) { ShadingMode = mode, MaxSteps = maxSteps, EdgeCoverage = true };
        if (light is { } direction) renderer.LightDirection = direction;
        framebuffer.Bind();
        gl.ClearColor(0, 0, 0, 0);
        gl.ClearDepth(1);
        gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
        float aspect = (float)width / height;
        renderer.Draw(model, Matrix4x4.Identity, camera.ViewMatrix(), camera.ProjectionMatrix(aspect, model.Bounds));
        byte[] rgba = framebuffer.ReadRgba();
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        return rgba;
    }

    private static void CheckSize(int size, string name)
    {
        if (size < 1 || size > MaxSize)
            throw new ArgumentOutOfRangeException(name, size, $"The image size must be between 1 and {MaxSize} pixels.");
    }
}
