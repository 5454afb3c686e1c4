using System.Diagnostics;
using NeuralSdf.Runtime;
using Xunit.Abstractions;

namespace NeuralSdf.Hosting.Tests;

[Collection("GL")]
[Trait("Category", "GL")]
public sealed class HeadlessRenderTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void RenderPngWritesOpaqueHitsOnATransparentBackground()
    {
        using (Requirements.GlContext()) { } // skip (or fail under CI) with the reason when there is no GL
        SdfModel model = TestModels.RandomSiren(31, 32, 32);
        CameraSetup camera = CameraSetup.Frame(model.Bounds, 45f, 1.5f);
        var clock = Stopwatch.StartNew();
        byte[] rgba = HeadlessRender.RenderRgba(model, 48, 32, camera);
        output.WriteLine($"48×32 {model.Network.Describe()}: {clock.ElapsedMilliseconds} ms including context creation and shader compile");

        int opaque = 0, transparent = 0, other = 0;
        for (int i = 3; i < rgba.Length; i += 4)
        {
            if (rgba[i] == 255) opaque++;
            else if (rgba[i] == 0 && rgba[i - 1] == 0 && rgba[i - 2] == 0 && rgba[i - 3] == 0) transparent++;
            else other++;
        }
        Assert.True(opaque > 0 && transparent > 0 && other == 0, $"{opaque} opaque, {transparent} transparent, {other} other pixels");

        string path = Path.Combine(Path.GetTempPath(), $"nsdf-render-{Guid.NewGuid():N}.png");
        try
        {
            HeadlessRender.RenderPng(model, path, 48, 32, camera);
            Assert.True(new FileInfo(path).Length > 100);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SizesOutOfRangeAreRejectedBeforeAnyGlWork()
    {
        SdfModel model = TestModels.RandomSiren(32, 6, 10);
        CameraSetup camera = CameraSetup.Frame(model.Bounds, 45f, 1f);
        Assert.Throws<ArgumentOutOfRangeException>(() => HeadlessRender.RenderPng(model, "x.png", 0, 10, camera));
        Assert.Throws<ArgumentOutOfRangeException>(() => HeadlessRender.RenderPng(model, "x.png", 10, HeadlessRender.MaxSize + 1, camera));
    }
}
