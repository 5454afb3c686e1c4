using NeuralSdf.Runtime;
using Silk.NET.OpenGL;

namespace NeuralSdf.Hosting.Tests;

[Collection("GL")]
[Trait("Category", "GL")]
public sealed class OffscreenFramebufferTests
{
    [SkippableFact]
    public void ReadsAreTopDown()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        GL gl = context.Gl;
        using var framebuffer = new OffscreenFramebuffer(gl, 5, 4);
        framebuffer.Bind();
        gl.ClearColor(0, 0, 1, 1);
        gl.ClearDepth(0.25);
        gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
        // Paint GL's bottom row (y = 0) red: it must come back as the last row.
        gl.Enable(EnableCap.ScissorTest);
        gl.Scissor(0, 0, 5, 1);
        gl.ClearColor(1, 0, 0, 1);
        gl.ClearDepth(0.75);
        gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
        gl.Disable(EnableCap.ScissorTest);

        byte[] rgba = framebuffer.ReadRgba();
        float[] depth = framebuffer.ReadDepth();
        Assert.Equal(5 * 4 * 4, rgba.Length);
        Assert.Equal<byte>([0, 0, 255, 255], rgba[..4]);
        Assert.Equal<byte>([255, 0, 0, 255], rgba[^4..]);
        Assert.Equal(0.25f, depth[0]);
        Assert.Equal(0.75f, depth[^1]);
        framebuffer.Dispose();
        framebuffer.Dispose();
    }
}
