using System.Numerics;
using NeuralSdf.Hosting;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.Tests;

/// <summary>The image field drawn by the GPU into a host's framebuffer, against the CPU evaluator at the same uv.</summary>
[Collection("GL")]
[Trait("Category", "GL")]
public sealed class ImageFieldRendererTests
{
    [SkippableFact]
    public void ValueViewMatchesTheCpuAtEveryPixelOfAZoomedRegion()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        GL gl = context.Gl;
        ImageField random = TestModels.RandomImageField(7, 3, 16, 16);
        // A random SIREN's outputs vary little; a larger output scale spreads them over the range (the shader clamps to [0, 1]).
        ImageField field = ImageField.Create(random.Field.Network, random.Width, random.Height, OutputAffine.Uniform(3, 6f, 0.5f), "srgb");
        const int width = 48, height = 32;
        // The top-left quarter of the image, magnified: uv (0.1, 0.2)–(0.6, 0.7).
        var region = new UvRegion(new Vector2(0.1f, 0.2f), new Vector2(0.6f, 0.7f));
        using var framebuffer = new OffscreenFramebuffer(gl, width, height);
        using var renderer = new ImageFieldRenderer(gl, field);
        framebuffer.Bind();
        gl.Viewport(0, 0, width, height);
        renderer.Draw(ImageFieldView.Value, region.Min, (region.Max - region.Min) / new Vector2(width, height));
        byte[] rgba = framebuffer.ReadRgba();

        float[] expected = field.Render(width, height, region);
        Assert.True(expected.Max() - expected.Min() > 0.2f, "the test field should vary across the region");
        double worst = 0;
        for (int p = 0; p < width * height; p++)
        {
            for (int k = 0; k < 3; k++) worst = Math.Max(worst, Math.Abs(rgba[4 * p + k] / 255.0 - Math.Clamp(expected[3 * p + k], 0, 1)));
        }
        Assert.True(worst <= 1.0 / 255 + 1e-6, $"max |gpu − cpu| = {worst * 255:0.00} levels of 255 (limit 1)");
        Assert.Equal(GLEnum.NoError, gl.GetError());
    }
}
