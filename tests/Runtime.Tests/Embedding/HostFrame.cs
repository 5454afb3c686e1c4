using NeuralSdf.Hosting;
using System.Numerics;
using NeuralSdf.Samples.HostRenderer;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.Tests.Embedding;

/// <summary>What one offscreen frame left behind: RGBA8 and window-space depth, rows top-down.</summary>
internal sealed record HostFrame(int Width, int Height, byte[] Rgba, float[] Depth)
{
    /// <summary>The sample model shipped with samples/HostRenderer (a torus, 3 → 32 → 32 → 1), copied next to the tests.</summary>
    public static SdfModel Torus() => SdfModel.Load(Path.Combine(AppContext.BaseDirectory, "torus.nsdf"));

    /// <summary>Clears to (0,0,0,0) and <paramref name="clearDepth"/>, runs <paramref name="draw"/> into a fresh framebuffer, reads it back.</summary>
    public static HostFrame Render(GL gl, int width, int height, float clearDepth, Action draw)
    {
        using var framebuffer = new OffscreenFramebuffer(gl, width, height);
        framebuffer.Bind();
        gl.ClearColor(0, 0, 0, 0);
        gl.ClearDepth(clearDepth);
        gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
        draw();
        return new HostFrame(width, height, framebuffer.ReadRgba(), framebuffer.ReadDepth());
    }

    public bool Drawn(int pixel) => Rgba[4 * pixel + 3] != 0;

    public uint Color(int pixel) => BitConverter.ToUInt32(Rgba, 4 * pixel);

    /// <summary>A camera that frames <paramref name="bounds"/> from the default direction.</summary>
    public static (Matrix4x4 View, Matrix4x4 Projection) Camera(BoundingBox bounds, float aspect)
    {
        CameraSetup camera = CameraSetup.Frame(bounds, 40f, aspect);
        return (camera.ViewMatrix(), camera.ProjectionMatrix(aspect, bounds.Inflate(0.5f * bounds.Diagonal)));
    }

    /// <summary>A quad through <paramref name="center"/> spanned by <paramref name="u"/> and <paramref name="v"/> (half-extents), one color.</summary>
    public static ColoredMesh Quad(GL gl, Vector3 center, Vector3 u, Vector3 v, Vector3 color)
    {
        Vector3 normal = Vector3.Normalize(Vector3.Cross(u, v));
        Vector3[] corners = [center - u - v, center + u - v, center + u + v, center - u + v];
        return new ColoredMesh(gl, new[] { 0, 1, 2, 0, 2, 3 }.Select(i => new ColoredVertex(corners[i], normal, color)).ToList());
    }
}
