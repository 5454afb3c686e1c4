using NeuralSdf.Runtime;
using Silk.NET.OpenGL;

namespace NeuralSdf.Hosting.Tests;

[Collection("GL")]
[Trait("Category", "GL")]
public sealed class HeadlessGlContextTests
{
    [Fact]
    public void MissingLibEGLIsOneLineNamingThePackages()
    {
        var e = Assert.Throws<GlUnavailableException>(() => new HeadlessGlContext("libEGL-does-not-exist.so.9"));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("libegl1", e.Message);
        Assert.Contains("libgl1-mesa-dri", e.Message);
        Assert.Contains("libEGL-does-not-exist.so.9", e.Message);
    }

    [SkippableFact]
    public void ContextIsGl43OrNewerCoreAndNamesItsRenderer()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        Assert.False(string.IsNullOrWhiteSpace(context.Renderer));
        Assert.True(context.Version >= new Version(4, 3), context.Version.ToString());
        Assert.True(context.Gl.GetInteger(GetPName.MajorVersion) * 10 + context.Gl.GetInteger(GetPName.MinorVersion) >= 43);
        Assert.Equal((int)ContextProfileMask.CoreProfileBit, context.Gl.GetInteger(GetPName.ContextProfileMask) & (int)ContextProfileMask.CoreProfileBit);
        context.Dispose();
        context.Dispose();
    }

    [SkippableFact]
    public void TwoContextsOneAfterAnotherShareTheDisplaySafely()
    {
        using (HeadlessGlContext first = Requirements.GlContext()) Assert.NotEmpty(first.Renderer);
        using HeadlessGlContext second = Requirements.GlContext();
        using var framebuffer = new OffscreenFramebuffer(second.Gl, 4, 4);
        framebuffer.Bind();
        second.Gl.ClearColor(1f, 0f, 0f, 1f);
        second.Gl.Clear(ClearBufferMask.ColorBufferBit);
        Assert.Equal<byte>([255, 0, 0, 255], framebuffer.ReadRgba()[..4]);
    }

    [SkippableFact]
    public void DisposingANestedContextMakesTheOuterOneCurrentAgain()
    {
        using HeadlessGlContext outer = Requirements.GlContext();
        using var framebuffer = new OffscreenFramebuffer(outer.Gl, 2, 2);
        using (HeadlessGlContext inner = Requirements.GlContext())
            Assert.False(inner.Gl.IsFramebuffer(0xFFFF));
        framebuffer.Bind();
        outer.Gl.ClearColor(0f, 1f, 0f, 1f);
        outer.Gl.Clear(ClearBufferMask.ColorBufferBit);
        Assert.Equal<byte>([0, 255, 0, 255], framebuffer.ReadRgba()[..4]);
        Assert.Equal(GLEnum.NoError, outer.Gl.GetError());
    }
}
