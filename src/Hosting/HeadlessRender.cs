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
    /// and the part of the pixel the surface covers on its edges (<see cref="SdfRenderer.EdgeCoverage"/>), unless
    /// <see cref="RenderSettings.Background"/> fills the background. Creates and destroys its own GL context on this thread.
    /// </summary>
    /// <param name="model">The model to draw.</param>
    /// <param name="outputPath">The PNG to write (atomically).</param>
    /// <param name="width">Width in pixels, 1 to <see cref="MaxSize"/>.</param>
    /// <param name="height">Height in pixels, 1 to <see cref="MaxSize"/>.</param>
    /// <param name="camera">Where the camera is and what it looks at.</param>
    /// <param name="settings">Mode, light, steps, samples and background; null for <see cref="RenderSettings.Default"/>.</param>
    /// <exception cref="GlUnavailableException">No OpenGL context could be created; the message names what to install.</exception>
    /// <exception cref="ArgumentException">A setting is out of range or does not go with the mode.</exception>
    public static void RenderPng(SdfModel model, string outputPath, int width, int height, CameraSetup camera, RenderSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        byte[] rgba = RenderRgba(model, width, height, camera, settings);
        PngFile.Write(outputPath, width, height, rgba);
    }

    /// <summary>
    /// Renders <paramref name="model"/> like <see cref="RenderPng"/> (same parameters) and returns the image as RGBA8
    /// (<c>4 × width × height</c> bytes, first row at the top, straight alpha) instead of writing a file.
    /// Creates and destroys its own GL context on this thread.
    /// </summary>
    /// <exception cref="GlUnavailableException">No OpenGL context could be created; the message names what to install.</exception>
    /// <exception cref="ArgumentException">A setting is out of range or does not go with the mode.</exception>
    public static byte[] RenderRgba(SdfModel model, int width, int height, CameraSetup camera, RenderSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(camera);
        CheckSize(width, nameof(width));
        CheckSize(height, nameof(height));
        settings ??= RenderSettings.Default;
        settings.Validate();

        using var context = new HeadlessGlContext();
        GL gl = context.Gl;
        using var framebuffer = new OffscreenFramebuffer(gl, width, height);
        using var renderer = new SdfRenderer(gl)
        {
            ShadingMode = settings.Mode, MaxSteps = settings.MaxSteps, EdgeCoverage = true, EmptySpaceSkipping = settings.EmptySpaceSkipping,
        };
        if (settings.Light is { } direction) renderer.LightDirection = direction;
        Matrix4x4 view = camera.ViewMatrix(), projection = camera.ProjectionMatrix((float)width / height, model.Bounds);
        framebuffer.Bind();
        byte[] rgba;
        if (settings.Samples == 1)
        {
            rgba = Draw(gl, framebuffer, renderer, model, view, projection);
        }
        else
        {
            // An n × n grid of sub-pixel offsets, each a shift of the projection by a fraction of a pixel in NDC.
            int n = settings.SampleGrid;
            var sum = new float[4 * width * height];
            for (int sy = 0; sy < n; sy++)
            for (int sx = 0; sx < n; sx++)
            {
                Matrix4x4 shift = Matrix4x4.Identity;
                shift.M41 = 2f * ((sx + 0.5f) / n - 0.5f) / width;
                shift.M42 = 2f * ((sy + 0.5f) / n - 0.5f) / height;
                Accumulate(sum, Draw(gl, framebuffer, renderer, model, view, projection * shift));
            }
            rgba = Resolve(sum, n * n);
        }
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        if (settings.Background is { } background) Composite(rgba, background);
        return rgba;
    }

    private static byte[] Draw(GL gl, OffscreenFramebuffer framebuffer, SdfRenderer renderer, SdfModel model, Matrix4x4 view, Matrix4x4 projection)
    {
        gl.ClearColor(0, 0, 0, 0);
        gl.ClearDepth(1);
        gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
        renderer.Draw(model, Matrix4x4.Identity, view, projection);
        return framebuffer.ReadRgba();
    }

    // Sums premultiplied colour and alpha, in [0, 1].
    private static void Accumulate(float[] sum, byte[] rgba)
    {
        for (int i = 0; i < rgba.Length; i += 4)
        {
            float alpha = rgba[i + 3] / 255f;
            sum[i] += alpha * rgba[i] / 255f;
            sum[i + 1] += alpha * rgba[i + 1] / 255f;
            sum[i + 2] += alpha * rgba[i + 2] / 255f;
            sum[i + 3] += alpha;
        }
    }

    // The mean of the samples, back to straight RGBA8.
    private static byte[] Resolve(float[] sum, int samples)
    {
        var rgba = new byte[sum.Length];
        for (int i = 0; i < sum.Length; i += 4)
        {
            float alpha = sum[i + 3] / samples;
            if (alpha <= 0) continue;
            for (int c = 0; c < 3; c++) rgba[i + c] = ToByte(sum[i + c] / samples / alpha);
            rgba[i + 3] = ToByte(alpha);
        }
        return rgba;
    }

    // Straight RGBA8 over a straight background colour ("over" in premultiplied terms, then back to straight).
    private static void Composite(byte[] rgba, Vector4 background)
    {
        for (int i = 0; i < rgba.Length; i += 4)
        {
            float alpha = rgba[i + 3] / 255f;
            float under = background.W * (1 - alpha);
            float outAlpha = alpha + under;
            if (outAlpha <= 0)
            {
                rgba[i] = rgba[i + 1] = rgba[i + 2] = rgba[i + 3] = 0;
                continue;
            }
            rgba[i] = ToByte((alpha * rgba[i] / 255f + under * background.X) / outAlpha);
            rgba[i + 1] = ToByte((alpha * rgba[i + 1] / 255f + under * background.Y) / outAlpha);
            rgba[i + 2] = ToByte((alpha * rgba[i + 2] / 255f + under * background.Z) / outAlpha);
            rgba[i + 3] = ToByte(outAlpha);
        }
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(value * 255f), 0f, 255f);

    private static void CheckSize(int size, string name)
    {
        if (size < 1 || size > MaxSize)
            throw new ArgumentOutOfRangeException(name, size, $"The image size must be between 1 and {MaxSize} pixels.");
    }
}
