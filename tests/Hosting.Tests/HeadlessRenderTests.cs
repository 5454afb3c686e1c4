using System.Diagnostics;
using NeuralSdf.Runtime;
using Xunit.Abstractions;

namespace NeuralSdf.Hosting.Tests;

[Collection("GL")]
[Trait("Category", "GL")]
public sealed class HeadlessRenderTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void RenderPngWritesHitsWithTheirCoverageOnATransparentBackground()
    {
        using (Requirements.GlContext()) { } // skip (or fail under CI) with the reason when there is no GL
        SdfModel model = TestModels.RandomSiren(31, 32, 32);
        CameraSetup camera = CameraSetup.Frame(model.Bounds, 45f, 1.5f);
        var clock = Stopwatch.StartNew();
        byte[] rgba = HeadlessRender.RenderRgba(model, 48, 32, camera);
        output.WriteLine($"48×32 {model.Network.Describe()}: {clock.ElapsedMilliseconds} ms including context creation and shader compile");

        int opaque = 0, transparent = 0, partial = 0, other = 0;
        for (int i = 3; i < rgba.Length; i += 4)
        {
            if (rgba[i] == 255) opaque++;
            else if (rgba[i] == 0 && rgba[i - 1] == 0 && rgba[i - 2] == 0 && rgba[i - 3] == 0) transparent++;
            else if (rgba[i] != 0) partial++; // a silhouette's pixel, partly covered
            else other++;
        }
        Assert.True(opaque > 0 && transparent > 0 && partial < opaque && other == 0,
            $"{opaque} opaque, {transparent} transparent, {partial} partly covered, {other} transparent but coloured pixels");

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

    [SkippableFact]
    public void SupersamplingKeepsTheSilhouetteAndSoftensOnlyItsEdges()
    {
        using (Requirements.GlContext()) { }
        // A fitted torus: a smooth surface, so every pixel away from its edges is fully covered at any sample.
        SdfModel model = SdfModel.Load(RepositoryFiles.Path("samples", "HostRenderer", "torus.nsdf"));
        CameraSetup camera = CameraSetup.Frame(model.Bounds, 45f, 1.5f);
        byte[] one = HeadlessRender.RenderRgba(model, 60, 40, camera, new RenderSettings { Mode = SdfShadingMode.Albedo });
        byte[] sixteen = HeadlessRender.RenderRgba(model, 60, 40, camera, new RenderSettings { Mode = SdfShadingMode.Albedo, Samples = 16 });
        int inside = 0, changedInside = 0, outside = 0, changedOutside = 0, partial = 0;
        for (int y = 1; y < 39; y++)
        for (int x = 1; x < 59; x++)
        {
            int i = 4 * (y * 60 + x);
            // Pixels whose 3×3 neighbourhood is all hit (or all missed) at one sample lie away from the edges.
            bool allHit = true, allMissed = true;
            for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
            {
                byte a = one[4 * ((y + dy) * 60 + x + dx) + 3];
                allHit &= a == 255;
                allMissed &= a == 0;
            }
            if (sixteen[i + 3] is > 0 and < 255) partial++;
            if (allHit) { inside++; if (Math.Abs(sixteen[i + 3] - 255) > 2) changedInside++; }
            if (allMissed) { outside++; if (sixteen[i + 3] > 2) changedOutside++; }
        }
        string report = $"{inside} inner pixels ({changedInside} changed), {outside} outer ({changedOutside} changed), {partial} partly covered at 16 samples";
        Assert.True(inside > 100 && outside > 100 && partial > 20 && changedInside <= inside / 50 && changedOutside <= outside / 50, report);
    }

    [SkippableFact]
    public void ABackgroundFillsEveryMissAndLeavesNoPixelTranslucent()
    {
        using (Requirements.GlContext()) { }
        SdfModel model = TestModels.RandomSiren(34, 32, 32);
        CameraSetup camera = CameraSetup.Frame(model.Bounds, 45f, 1.5f);
        byte[] clear = HeadlessRender.RenderRgba(model, 48, 32, camera);
        byte[] filled = HeadlessRender.RenderRgba(model, 48, 32, camera, new RenderSettings { Background = new System.Numerics.Vector4(0.2f, 0.4f, 0.6f, 1f) });
        int misses = 0, wrong = 0;
        for (int i = 0; i < clear.Length; i += 4)
        {
            if (filled[i + 3] != 255) wrong++;
            if (clear[i + 3] == 0)
            {
                misses++;
                if (filled[i] != 51 || filled[i + 1] != 102 || filled[i + 2] != 153) wrong++;
            }
            else if (clear[i + 3] == 255 && !clear.AsSpan(i, 4).SequenceEqual(filled.AsSpan(i, 4))) wrong++;
        }
        Assert.True(misses > 100 && wrong == 0, $"{misses} misses; {wrong} pixels not as composited");
    }

    [Fact]
    public void SettingsThatDoNotFitAreRejectedBeforeAnyGlWork()
    {
        SdfModel model = TestModels.RandomSiren(35, 6, 10);
        CameraSetup camera = CameraSetup.Frame(model.Bounds, 45f, 1f);
        Assert.Throws<ArgumentOutOfRangeException>(() => HeadlessRender.RenderRgba(model, 8, 8, camera, new RenderSettings { Samples = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => HeadlessRender.RenderRgba(model, 8, 8, camera, new RenderSettings { Samples = 81 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => HeadlessRender.RenderRgba(model, 8, 8, camera, new RenderSettings { Background = new System.Numerics.Vector4(2, 0, 0, 1) }));
        Assert.Throws<ArgumentException>(() => HeadlessRender.RenderRgba(model, 8, 8, camera, new RenderSettings { Mode = SdfShadingMode.Steps, Samples = 4 }));
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
