using NeuralSdf.Hosting;
using NeuralSdf.Runtime.Shaders;
using System.Numerics;
using Silk.NET.OpenGL;
using Xunit.Abstractions;

namespace NeuralSdf.Runtime.Tests;

[Collection("GL")]
[Trait("Category", "GL")]
public sealed class SdfRendererTests(ITestOutputHelper output)
{
    private const int Width = 96, Height = 72;
    private const double RendererHitTolerance = 1e-4; // SdfRenderer.HitTolerance's default

    // The model is rotated, scaled and moved, so the ray's trip into model space and the depth's trip back are tested.
    private static readonly Matrix4x4 World =
        Matrix4x4.CreateRotationY(0.5f) * Matrix4x4.CreateRotationX(-0.2f) * Matrix4x4.CreateScale(1.5f) * Matrix4x4.CreateTranslation(-2f, 1f, 0.5f);

    [SkippableFact]
    public void HitPixelsUnprojectOntoTheZeroLevelSetWithinHalfTheirFootprint()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = TestModels.RandomSiren(21, 32, 32);
        (Matrix4x4 view, Matrix4x4 projection) = Camera(model);
        (byte[] rgba, float[] depth) = Render(context.Gl, model, view, projection, clearDepth: 1f);
        using (var defaults = new SdfRenderer(context.Gl)) Assert.Equal(RendererHitTolerance, defaults.HitTolerance, 1e-9);

        Matrix4x4.Invert(World * view * projection, out Matrix4x4 clipToModel);
        int hits = 0, misses = 0, badAlpha = 0;
        double maxDistance = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int pixel = y * Width + x;
                byte alpha = rgba[4 * pixel + 3];
                if (alpha == 0) { misses++; continue; }
                if (alpha != 255) { badAlpha++; continue; }
                hits++;
                Vector3 p = Unproject(x, y, depth[pixel], clipToModel);
                // A ray stops within half its pixel's footprint of the surface: the pixel's width at the hit's depth.
                float footprint = 0.5f * Vector3.Distance(p, Unproject(x + 1, y, depth[pixel], clipToModel));
                maxDistance = Math.Max(maxDistance, Math.Abs(model.Distance(p)) / Math.Max(footprint, RendererHitTolerance * model.Bounds.Diagonal));
            }
        }
        // A hit stops at |d| below half the pixel footprint (or HitTolerance, 1e-4 of the diagonal, if larger); reading
        // depth back and unprojecting it in float adds a little.
        const double limit = 1.1;
        double hitFraction = (double)hits / (Width * Height);
        string report = $"{model.Network.Describe()} on {context.Renderer}: {hits} hits, {misses} misses (hit fraction {hitFraction:P1}), " +
            $"{badAlpha} pixels with other alpha; max |d_cpu| at unprojected hits = {maxDistance:F2} half-footprints (limit {limit})";
        output.WriteLine(report);
        Assert.True(badAlpha == 0 && hitFraction > 0.02 && hitFraction < 0.98 && maxDistance < limit, report);
    }

    [SkippableFact]
    public void SixViewsWithAShortStepBudgetMissNothingThatTenThousandStepsHit()
    {
        // A random SIREN is no distance field: its gradient reaches several times 1, so steps of the raw distance would
        // pass through thin parts, and rays grazing its folds run out of steps. The reference traces with 10,000 steps.
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = TestModels.RandomSiren(23, 32, 32);
        float quarter = MathF.PI / 2;
        Matrix4x4[] turns = [Matrix4x4.Identity, Matrix4x4.CreateRotationY(quarter), Matrix4x4.CreateRotationY(2 * quarter),
            Matrix4x4.CreateRotationY(3 * quarter), Matrix4x4.CreateRotationX(quarter), Matrix4x4.CreateRotationX(-quarter)];
        int lostHits = 0, pinholes = 0, hits = 0;
        foreach (Matrix4x4 turn in turns)
        {
            Matrix4x4 world = turn * World;
            (Matrix4x4 view, Matrix4x4 projection) = Camera(model, world);
            (byte[] fast, _) = Render(context.Gl, model, view, projection, 1f, maxSteps: 48, world: world);
            (byte[] reference, _) = Render(context.Gl, model, view, projection, 1f, maxSteps: 10_000, world: world);
            bool Hit(byte[] rgba, int x, int y) => rgba[4 * (y * Width + x) + 3] != 0;
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    if (Hit(fast, x, y)) { hits++; continue; }
                    bool enclosed = x > 0 && y > 0 && x < Width - 1 && y < Height - 1;
                    for (int dy = -1; dy <= 1 && enclosed; dy++)
                        for (int dx = -1; dx <= 1 && enclosed; dx++)
                            if ((dx, dy) != (0, 0) && !Hit(fast, x + dx, y + dy)) enclosed = false;
                    if (Hit(reference, x, y)) lostHits++;
                    else if (enclosed) pinholes++; // the network's own: 10,000 steps see through there too
                }
            }
        }
        string report = $"Lipschitz bound {model.LipschitzBound:F2}; over six views at 48 steps, {hits} hits, {lostHits} misses where " +
            $"10,000 steps hit, {pinholes} misses enclosed by hits that 10,000 steps miss too";
        output.WriteLine(report);
        Assert.True(lostHits == 0 && hits > 6 * Width * Height / 50, report);
    }

    [SkippableFact]
    public void EdgeCoverageBringsAlphaCloserToTheSilhouettesTrueCoverage()
    {
        // The true coverage: a trace at 4 × 4 the pixels without coverage, each pixel the share of its 16 hits (the cone
        // test then stops an eighth of a pixel out).
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = SdfModel.Load(RepositoryFiles.Path("samples", "HostRenderer", "torus.nsdf"));
        (Matrix4x4 view, Matrix4x4 projection) = Camera(model);
        (byte[] plain, _) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Albedo);
        (byte[] covered, _) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Albedo, edgeCoverage: true);
        (byte[] fine, _) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Albedo, scale: 4);
        double plainError = 0, coveredError = 0;
        int partial = 0, partialInside = 0, added = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                double truth = 0;
                for (int dy = 0; dy < 4; dy++)
                    for (int dx = 0; dx < 4; dx++)
                        if (fine[4 * ((4 * y + dy) * 4 * Width + 4 * x + dx) + 3] != 0) truth += 1 / 16.0;
                int i = 4 * (y * Width + x);
                plainError += Math.Abs(plain[i + 3] / 255.0 - truth);
                coveredError += Math.Abs(covered[i + 3] / 255.0 - truth);
                if (covered[i + 3] != 0 && plain[i + 3] == 0) added++;
                if (covered[i + 3] is 0 or 255) continue;
                partial++;
                if (truth >= 1) partialInside++;
            }
        }
        string report = $"summed |alpha − true coverage|: {plainError:F1} without edge coverage, {coveredError:F1} with; " +
            $"{partial} partly covered pixels, {partialInside} of them fully covered in truth; {added} pixels added";
        output.WriteLine(report);
        Assert.True(partial > 20 && added == 0 && coveredError < 0.75 * plainError && partialInside <= partial / 4, report);
    }

    [SkippableFact]
    public void DepthAlreadyInTheBufferHidesTheSurfaceBehindIt()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = TestModels.RandomSiren(22, 32, 32);
        (Matrix4x4 view, Matrix4x4 projection) = Camera(model);
        (byte[] freeRgba, float[] freeDepth) = Render(context.Gl, model, view, projection, clearDepth: 1f);
        float[] hitDepths = Enumerable.Range(0, Width * Height).Where(i => freeRgba[4 * i + 3] == 255).Select(i => freeDepth[i]).Order().ToArray();
        Assert.True(hitDepths.Length > 100, $"only {hitDepths.Length} hits to test with");

        // A plane in front of every hit hides everything.
        (byte[] hiddenRgba, _) = Render(context.Gl, model, view, projection, clearDepth: hitDepths[0] * 0.999f);
        int visible = Enumerable.Range(0, Width * Height).Count(i => hiddenRgba[4 * i + 3] != 0);
        Assert.True(visible == 0, $"{visible} pixels drawn in front of a depth plane at {hitDepths[0] * 0.999f} (nearest hit {hitDepths[0]})");

        // A plane through the middle of the hits hides exactly the hits behind it.
        float plane = hitDepths[hitDepths.Length / 2];
        (byte[] cutRgba, float[] cutDepth) = Render(context.Gl, model, view, projection, clearDepth: plane);
        int wrong = 0, shown = 0;
        for (int i = 0; i < Width * Height; i++)
        {
            bool expected = freeRgba[4 * i + 3] == 255 && freeDepth[i] < plane;
            bool drawn = cutRgba[4 * i + 3] == 255;
            if (drawn) shown++;
            if (expected != drawn || (drawn && cutDepth[i] != freeDepth[i])) wrong++;
        }
        Assert.True(wrong == 0 && shown > 0 && shown < hitDepths.Length,
            $"plane at depth {plane}: {shown} of {hitDepths.Length} hits drawn, {wrong} pixels disagree with the unoccluded depth");
    }

    [SkippableFact]
    public void ForgetAndDisposeFreeTheCachedModelAndCanBeRepeated()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = TestModels.RandomSiren(24, 6, 10);
        using var framebuffer = new OffscreenFramebuffer(context.Gl, 8, 8);
        framebuffer.Bind();
        var renderer = new SdfRenderer(context.Gl);
        (Matrix4x4 view, Matrix4x4 projection) = Camera(model);
        renderer.Draw(model, World, view, projection);
        renderer.Forget(model);
        renderer.Forget(model);
        renderer.Draw(model, World, view, projection);
        renderer.Dispose();
        renderer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => renderer.Draw(model, World, view, projection));
        Assert.Equal(GLEnum.NoError, context.Gl.GetError());
    }

    [SkippableFact]
    public void AStorageTheDriverCannotHoldIsRefusedWithTheLimitNamed()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        using var renderer = new SdfRenderer(context.Gl, GlslWeightStorage.UniformBuffer);
        SdfModel large = TestModels.RandomSiren(26, 128, 128, 128); // 135,184 bytes of weights
        long limit = GlWeightStorageLimits.Query(context.Gl).MaxUniformBlockBytes;
        Skip.If(limit >= 135_184, $"this driver's uniform blocks hold {limit:N0} bytes");
        (Matrix4x4 view, Matrix4x4 projection) = Camera(large);
        var e = Assert.Throws<GlNotSupportedException>(() => renderer.Draw(large, World, view, projection));
        Assert.Contains("135,184-byte uniform block", e.Message);
        Assert.Contains("GL_MAX_UNIFORM_BLOCK_SIZE", e.Message);
        Assert.Equal(GlslWeightStorage.TextureBuffer, GlWeightStorageLimits.Query(context.Gl).Choose(large));
    }

    [SkippableFact]
    public void SingularMatricesAreRejectedAtTheDoor()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        using var renderer = new SdfRenderer(context.Gl);
        SdfModel model = TestModels.RandomSiren(25, 6, 10);
        var e = Assert.Throws<ArgumentException>(() => renderer.Draw(model, Matrix4x4.CreateScale(0f), Matrix4x4.Identity, Matrix4x4.Identity));
        Assert.Contains("cannot be inverted", e.Message);
    }

    [SkippableFact]
    public void NormalsViewShowsTheCpuGradientInViewSpace()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = TestModels.RandomSiren(26, 32, 32);
        (Matrix4x4 view, Matrix4x4 projection) = Camera(model);
        (byte[] rgba, float[] depth) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Normals);
        Matrix4x4.Invert(World * view * projection, out Matrix4x4 clipToModel);
        Matrix4x4.Invert(World * view, out Matrix4x4 viewToModel);
        Matrix4x4 normalToView = Matrix4x4.Transpose(viewToModel);
        int hits = 0;
        double worst = 0;
        foreach ((int x, int y) in HitPixels(rgba))
        {
            hits++;
            Vector3 p = Unproject(x, y, depth[y * Width + x], clipToModel);
            Vector3 n = Vector3.Normalize(Vector3.TransformNormal(model.Gradient(p), normalToView));
            int pixel = 4 * (y * Width + x);
            var shown = new Vector3(rgba[pixel], rgba[pixel + 1], rgba[pixel + 2]) / 255f * 2f - Vector3.One;
            worst = Math.Max(worst, (shown - n).Length());
        }
        // 8-bit colors hold each component to ±1/255 of the 0..1 range, ±0.008 of the −1..1 normal.
        Assert.True(hits > 100 && worst < 0.03, $"{hits} hits; largest |shown normal − CPU normal| = {worst:0.0000}");
    }

    [SkippableFact]
    public void EikonalViewIsRedWhereTheGradientIsLongerThanOneAndBlueWhereShorter()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = TestModels.WithMedianUnitGradient(TestModels.RandomSiren(27, 32, 32));
        (Matrix4x4 view, Matrix4x4 projection) = Camera(model);
        (byte[] rgba, float[] depth) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.EikonalError);
        Matrix4x4.Invert(World * view * projection, out Matrix4x4 clipToModel);
        int longer = 0, shorter = 0, wrong = 0;
        foreach ((int x, int y) in HitPixels(rgba))
        {
            float length = model.Gradient(Unproject(x, y, depth[y * Width + x], clipToModel)).Length();
            if (Math.Abs(length - 1) < 0.02) continue;
            int pixel = 4 * (y * Width + x);
            bool red = rgba[pixel] > rgba[pixel + 2];
            if (length > 1) longer++;
            else shorter++;
            if (red != length > 1) wrong++;
        }
        Assert.True(wrong == 0 && longer > 10 && shorter > 10, $"{longer} pixels with |∇f| > 1, {shorter} with |∇f| < 1; {wrong} shown in the wrong color");
    }

    [SkippableFact]
    public void StepsViewDrawsEveryRayThatEntersTheBoundsWithItsStepCountInAlpha()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = TestModels.RandomSiren(28, 32, 32);
        (Matrix4x4 view, Matrix4x4 projection) = Camera(model);
        const int maxSteps = 4;
        (byte[] shaded, _) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Shaded, maxSteps);
        (byte[] steps, _) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Steps, maxSteps);
        int drawnShaded = 0, drawnSteps = 0, hitsNotDrawn = 0, offLevel = 0;
        for (int i = 0; i < Width * Height; i++)
        {
            byte alpha = steps[4 * i + 3];
            if (shaded[4 * i + 3] != 0) drawnShaded++;
            if (alpha != 0) drawnSteps++;
            if (shaded[4 * i + 3] != 0 && alpha == 0) hitsNotDrawn++;
            // alpha = steps / maxSteps, in 8 bits: one of 64, 128, 191, 255 (±1).
            if (alpha != 0 && Enumerable.Range(1, maxSteps).All(k => Math.Abs(alpha - 255.0 * k / maxSteps) > 1)) offLevel++;
        }
        Assert.True(hitsNotDrawn == 0 && offLevel == 0 && drawnSteps > drawnShaded && drawnShaded > 0,
            $"{drawnShaded} hits shaded, {drawnSteps} pixels in the step view; {hitsNotDrawn} hits missing from it, {offLevel} alphas not a multiple of 1/{maxSteps}");
    }

    [SkippableTheory]
    [InlineData("torus")]
    [InlineData("random")]
    public void EmptySpaceSkippingHitsTheSamePixelsWithFewerNetworkEvaluations(string name)
    {
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = name == "torus" ? SdfModel.Load(RepositoryFiles.Path("samples", "HostRenderer", "torus.nsdf")) : TestModels.RandomSiren(25, 32, 32);
        (Matrix4x4 view, Matrix4x4 projection) = Camera(model);
        (byte[] skipped, float[] skippedDepth) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Evaluations);
        (byte[] plain, float[] plainDepth) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Evaluations, skipping: false);
        int hits = 0, lost = 0, gained = 0, offSilhouette = 0;
        long primarySkipped = 0, primaryPlain = 0, secondarySkipped = 0, secondaryPlain = 0;
        bool PlainHit(int x, int y) => plain[4 * (Math.Clamp(y, 0, Height - 1) * Width + Math.Clamp(x, 0, Width - 1))] != 0;
        for (int i = 0; i < Width * Height; i++)
        {
            bool hitSkipped = skipped[4 * i] != 0, hitPlain = plain[4 * i] != 0;
            if (hitPlain != hitSkipped)
            {
                if (hitPlain) lost++;
                else gained++;
                // On the plain image's silhouette, a neighbour is on the other side of it.
                (int x, int y) = (i % Width, i / Width);
                bool onSilhouette = false;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                        onSilhouette |= PlainHit(x + dx, y + dy) != hitPlain;
                if (!onSilhouette) offSilhouette++;
            }
            if (!(hitPlain && hitSkipped)) continue;
            hits++;
            primarySkipped += skipped[4 * i];
            primaryPlain += plain[4 * i];
            secondarySkipped += skipped[4 * i + 2] + skipped[4 * i + 3];
            secondaryPlain += plain[4 * i + 2] + plain[4 * i + 3];
        }
        string report = $"{name} (Lipschitz bound {model.LipschitzBound:F2}): {hits} hits in both, {lost} lost and {gained} gained by skipping, " +
            $"{offSilhouette} of those away from the silhouette; primary evaluations per hit {(double)primaryPlain / hits:F1} → " +
            $"{(double)primarySkipped / hits:F1}, shadow + occlusion {(double)secondaryPlain / hits:F1} → {(double)secondarySkipped / hits:F1}";
        output.WriteLine(report);
        // The jumps are conservative, so the tracer meets the same surfaces. Where a ray grazes a silhouette within the
        // half-footprint band, whether a step lands in the band depends on where the ray started, so a few pixels there
        // may flip either way; nowhere else on a fitted model. A random SIREN's |∇f| swings far from 1, so its hits often
        // need the skin check's retraces, whose outcome also depends on the start: a few inner pixels may flip there.
        int offSilhouetteAllowed = name == "torus" ? 0 : hits / 200;
        Assert.True(hits > 200 && lost + gained <= hits / 20 && offSilhouette <= offSilhouetteAllowed, report);
        Assert.True(primarySkipped < 0.85 * primaryPlain && secondarySkipped == 0 && secondaryPlain > 0, report);
    }

    [SkippableFact]
    public void AlbedoViewIsOneUnlitColourThatIsNotTheShadedOnes()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = TestModels.RandomSiren(26, 32, 32);
        (Matrix4x4 view, Matrix4x4 projection) = Camera(model);
        (byte[] albedo, _) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Albedo);
        (byte[] shaded, _) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Shaded);
        (int X, int Y)[] hits = HitPixels(albedo).ToArray();
        var colours = hits.Select(h => albedo[4 * (h.Y * Width + h.X)] << 16 | albedo[4 * (h.Y * Width + h.X) + 1] << 8 | albedo[4 * (h.Y * Width + h.X) + 2]).ToHashSet();
        var shadedColours = hits.Select(h => shaded[4 * (h.Y * Width + h.X)] << 16 | shaded[4 * (h.Y * Width + h.X) + 1] << 8 | shaded[4 * (h.Y * Width + h.X) + 2]).ToHashSet();
        Assert.True(hits.Length > 200 && colours.Count == 1 && shadedColours.Count > 50, $"{hits.Length} hits: {colours.Count} albedo colours, {shadedColours.Count} shaded ones");
    }

    [SkippableFact]
    public void ShadedViewLightsTheSideFacingTheLightAndALonePlaneCastsNoShadowOnItself()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        // f = sin(z) in normalized coordinates: in the bounds, its only zero is the plane z = 0, its outside (f > 0) towards the camera.
        var network = new SirenNetwork([new DenseLayer(3, 1, [0f, 0f, 1f / 30f], [0f]), new DenseLayer(1, 1, [1f], [0f])], 30f);
        var model = new SdfModel(network, SdfNormalization.Fit(TestModels.Bounds, 1f), TestModels.Bounds, new Dictionary<string, string>());
        (Matrix4x4 view, Matrix4x4 projection) = Camera(model);
        (byte[] normals, _) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Normals);
        (int X, int Y)[] hits = HitPixels(normals).ToArray();
        Assert.True(hits.Length > 500, $"the plane covers only {hits.Length} pixels");
        // The side the camera sees, from the normals view, taken to world space: light it from the front, then from behind.
        Vector3 seen = Vector3.Normalize(hits.Aggregate(Vector3.Zero, (sum, h) =>
            sum + new Vector3(normals[4 * (h.Y * Width + h.X)], normals[4 * (h.Y * Width + h.X) + 1], normals[4 * (h.Y * Width + h.X) + 2]) / 127.5f - Vector3.One));
        Matrix4x4.Invert(view, out Matrix4x4 viewToWorld);
        Vector3 front = Vector3.TransformNormal(seen, viewToWorld);
        (byte[] litFront, _) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Shaded, light: front);
        (byte[] litBehind, _) = Render(context.Gl, model, view, projection, 1f, SdfShadingMode.Shaded, light: -front);
        int notBrighter = hits.Count(h =>
        {
            int p = 4 * (h.Y * Width + h.X);
            return litFront[p] + litFront[p + 1] + litFront[p + 2] < litBehind[p] + litBehind[p + 1] + litBehind[p + 2] + 150;
        });
        Assert.True(notBrighter == 0, $"{notBrighter} of {hits.Length} plane pixels are not clearly brighter lit from the front than from behind");
    }

    private static IEnumerable<(int X, int Y)> HitPixels(byte[] rgba)
    {
        for (int y = 0; y < Height; y++)
        for (int x = 0; x < Width; x++)
        {
            if (rgba[4 * (y * Width + x) + 3] == 255) yield return (x, y);
        }
    }

    private static (Matrix4x4 View, Matrix4x4 Projection) Camera(SdfModel model, Matrix4x4? world = null)
    {
        BoundingBox worldBounds = Transformed(model.Bounds, world ?? World);
        float aspect = (float)Width / Height;
        CameraSetup camera = CameraSetup.Frame(worldBounds, 40f, aspect);
        return (camera.ViewMatrix(), camera.ProjectionMatrix(aspect, worldBounds));
    }

    private static (byte[] Rgba, float[] Depth) Render(GL gl, SdfModel model, Matrix4x4 view, Matrix4x4 projection, float clearDepth,
        SdfShadingMode mode = SdfShadingMode.Shaded, int maxSteps = 128, Vector3? light = null, Matrix4x4? world = null, bool edgeCoverage = false,
        bool skipping = true, int scale = 1)
    {
        using var framebuffer = new OffscreenFramebuffer(gl, scale * Width, scale * Height);
        using var renderer = new SdfRenderer(gl) { ShadingMode = mode, MaxSteps = maxSteps, EdgeCoverage = edgeCoverage, EmptySpaceSkipping = skipping };
        if (light is { } l) renderer.LightDirection = l;
        framebuffer.Bind();
        gl.ClearColor(0, 0, 0, 0);
        gl.ClearDepth(clearDepth);
        gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
        renderer.Draw(model, world ?? World, view, projection);
        return (framebuffer.ReadRgba(), framebuffer.ReadDepth());
    }

    // Pixel (x, y) counted from the top-left, depth in [0, 1] → model space.
    private static Vector3 Unproject(int x, int y, float depth, Matrix4x4 clipToModel)
    {
        var ndc = new Vector4(2f * (x + 0.5f) / Width - 1f, 1f - 2f * (y + 0.5f) / Height, 2f * depth - 1f, 1f);
        Vector4 p = Vector4.Transform(ndc, clipToModel);
        return new Vector3(p.X, p.Y, p.Z) / p.W;
    }

    private static BoundingBox Transformed(BoundingBox box, Matrix4x4 transform)
    {
        Span<Vector3> corners = stackalloc Vector3[8];
        for (int i = 0; i < 8; i++)
        {
            var corner = new Vector3((i & 1) == 0 ? box.Min.X : box.Max.X, (i & 2) == 0 ? box.Min.Y : box.Max.Y, (i & 4) == 0 ? box.Min.Z : box.Max.Z);
            corners[i] = Vector3.Transform(corner, transform);
        }
        return BoundingBox.Of(corners);
    }
}
