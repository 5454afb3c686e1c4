using NeuralSdf.Hosting;
using System.Numerics;
using NeuralSdf.Samples.HostRenderer;
using Silk.NET.OpenGL;
using Xunit.Abstractions;

namespace NeuralSdf.Runtime.Tests.Embedding;

/// <summary>
/// A host's rasterized geometry and neural surfaces in one depth buffer: each frame is compared with the same draws
/// made alone, so the expected picture (per pixel, whichever is nearer) comes from the separate renders, not from the
/// renderer's own arithmetic.
/// </summary>
[Collection("GL")]
[Trait("Category", "GL")]
public sealed class CompositingTests(ITestOutputHelper output)
{
    private const int Width = 120, Height = 90;

    [SkippableTheory]
    [InlineData(false, false)]
    [InlineData(true, false)] // reversed-Z: glClipControl(GL_LOWER_LEFT, GL_ZERO_TO_ONE), depth cleared to 0, GL_GREATER
    [InlineData(false, true)] // glClipControl(GL_UPPER_LEFT, GL_NEGATIVE_ONE_TO_ONE): window y flipped
    public void RasterizedOccluderAndNeuralSurfaceHideEachOtherInEitherDrawOrder(bool reversedZ, bool upperLeft)
    {
        using HeadlessGlContext context = Requirements.GlContext();
        GL gl = context.Gl;
        SdfModel model = HostFrame.Torus();
        (Matrix4x4 view, Matrix4x4 projection) = HostFrame.Camera(model.Bounds, (float)Width / Height);
        float clearDepth = 1f;
        using var renderer = new SdfRenderer(gl);
        if (reversedZ)
        {
            // z' = w − z: NDC depth 1 at the near plane and 0 at the far one.
            projection *= new Matrix4x4(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 1, 1);
            clearDepth = 0f;
            renderer.DepthFunction = DepthFunction.Greater;
        }
        gl.ClipControl(upperLeft ? ClipControlOrigin.UpperLeft : ClipControlOrigin.LowerLeft, reversedZ ? ClipControlDepth.ZeroToOne : ClipControlDepth.NegativeOneToOne);
        DepthFunction hostDepthFunction = reversedZ ? DepthFunction.Greater : DepthFunction.Less;

        // A wall through the torus, tilted against the view, so it is in front of part of the surface and behind the rest.
        Matrix4x4.Invert(view, out Matrix4x4 cameraToWorld);
        Vector3 right = Vector3.Normalize(new Vector3(cameraToWorld.M11, cameraToWorld.M12, cameraToWorld.M13));
        Vector3 toEye = Vector3.Normalize(new Vector3(cameraToWorld.M31, cameraToWorld.M32, cameraToWorld.M33));
        float size = model.Bounds.Diagonal;
        using ColoredMesh wall = HostFrame.Quad(gl, model.Bounds.Center + 0.1f * size * toEye, 0.5f * size * Vector3.Normalize(right + 0.8f * toEye), 0.6f * size * Vector3.UnitY,
            new Vector3(0.9f, 0.3f, 0.2f));

        void DrawWall()
        {
            gl.Enable(EnableCap.DepthTest);
            gl.DepthFunc(hostDepthFunction);
            wall.Draw(view, projection);
        }
        void DrawSdf() => renderer.Draw(model, Matrix4x4.Identity, view, projection);

        try
        {
            HostFrame sdf = HostFrame.Render(gl, Width, Height, clearDepth, DrawSdf);
            HostFrame raster = HostFrame.Render(gl, Width, Height, clearDepth, DrawWall);
            HostFrame rasterFirst = HostFrame.Render(gl, Width, Height, clearDepth, () => { DrawWall(); DrawSdf(); });
            HostFrame sdfFirst = HostFrame.Render(gl, Width, Height, clearDepth, () => { DrawSdf(); DrawWall(); });

            bool Nearer(float a, float b) => reversedZ ? a > b : a < b;
            int wallWins = 0, sdfWins = 0, wrong = 0;
            string firstWrong = "";
            for (int i = 0; i < Width * Height; i++)
            {
                HostFrame? expected = (sdf.Drawn(i), raster.Drawn(i)) switch
                {
                    (true, true) => Nearer(sdf.Depth[i], raster.Depth[i]) ? sdf : raster,
                    (true, false) => sdf,
                    (false, true) => raster,
                    _ => null,
                };
                if (sdf.Drawn(i) && raster.Drawn(i))
                {
                    if (expected == sdf) sdfWins++;
                    else wallWins++;
                }
                foreach ((string order, HostFrame frame) in new[] { ("wall first", rasterFirst), ("surface first", sdfFirst) })
                {
                    bool ok = expected is null
                        ? !frame.Drawn(i)
                        : frame.Color(i) == expected.Color(i) && frame.Depth[i] == expected.Depth[i];
                    if (ok) continue;
                    if (wrong++ == 0)
                        firstWrong = $"first at pixel ({i % Width}, {i / Width}), {order}: depth {frame.Depth[i]}, surface alone {sdf.Depth[i]} (drawn {sdf.Drawn(i)}), wall alone {raster.Depth[i]} (drawn {raster.Drawn(i)})";
                }
            }
            // The surface's own depth must put it on the zero level set under the host's matrices and depth convention,
            // within half the pixel's footprint (where a ray stops) or the hit tolerance, 1e-4 of the size, if larger.
            Matrix4x4.Invert(view * projection, out Matrix4x4 clipToWorld);
            Vector3 Unproject(int x, int y, float depth)
            {
                float ndcZ = reversedZ ? depth : 2f * depth - 1f;
                float ndcY = (1f - 2f * (y + 0.5f) / Height) * (upperLeft ? -1f : 1f);
                Vector4 p = Vector4.Transform(new Vector4(2f * (x + 0.5f) / Width - 1f, ndcY, ndcZ, 1f), clipToWorld);
                return new Vector3(p.X, p.Y, p.Z) / p.W;
            }
            double worstDistance = 0;
            for (int i = 0; i < Width * Height; i++)
            {
                if (!sdf.Drawn(i)) continue;
                Vector3 p = Unproject(i % Width, i / Width, sdf.Depth[i]);
                float footprint = 0.5f * Vector3.Distance(p, Unproject(i % Width + 1, i / Width, sdf.Depth[i]));
                worstDistance = Math.Max(worstDistance, Math.Abs(model.Distance(p)) / Math.Max(footprint, 1e-4f * size));
            }
            string report = $"{(reversedZ ? "reversed-Z" : "standard depth")}{(upperLeft ? ", upper-left origin" : "")}: where both cover a pixel the wall is nearer at {wallWins} and the surface at {sdfWins}; " +
                $"{wrong} pixel(s) differ from the nearer of the separate renders. {firstWrong}; surface depth unprojects to |d| ≤ {worstDistance:F2} half-footprints (limit 1.1)";
            output.WriteLine(report);
            Assert.True(wallWins >= 100 && sdfWins >= 100 && wrong == 0 && worstDistance < 1.1, report);
            Assert.Equal(GLEnum.NoError, gl.GetError());
        }
        finally
        {
            gl.ClipControl(ClipControlOrigin.LowerLeft, ClipControlDepth.NegativeOneToOne);
        }
    }

    [SkippableFact]
    public void ManyInstancesOfTwoModelsInOneFrameMatchTheirSeparateDraws()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        GL gl = context.Gl;
        SdfModel torus = HostFrame.Torus();
        SdfModel random = TestModels.RandomSiren(31, 16, 16);
        float size = torus.Bounds.Diagonal;
        Vector3 torusCenter = torus.Bounds.Center;
        // Six instances in a ring around the torus's own position, turned and scaled differently; some overlap on screen.
        var instances = Enumerable.Range(0, 6).Select(k =>
        {
            SdfModel model = k % 3 == 2 ? random : torus;
            float angle = k * MathF.Tau / 6;
            var offset = new Vector3(MathF.Cos(angle), 0.15f * k - 0.4f, MathF.Sin(angle)) * (0.3f * size);
            float scale = (model == random ? 0.35f * size / random.Bounds.Diagonal : 0.6f) * (1 + 0.1f * k);
            Matrix4x4 world = Matrix4x4.CreateTranslation(-model.Bounds.Center) * Matrix4x4.CreateScale(scale) *
                Matrix4x4.CreateRotationY(0.7f * k) * Matrix4x4.CreateRotationX(0.3f * k) * Matrix4x4.CreateTranslation(torusCenter + offset);
            return (Model: model, World: world);
        }).ToArray();
        var scene = new BoundingBox(torusCenter - new Vector3(0.9f * size), torusCenter + new Vector3(0.9f * size));
        (Matrix4x4 view, Matrix4x4 projection) = HostFrame.Camera(scene, (float)Width / Height);

        using var renderer = new SdfRenderer(gl);
        HostFrame[] alone = instances.Select(instance =>
            HostFrame.Render(gl, Width, Height, 1f, () => renderer.Draw(instance.Model, instance.World, view, projection))).ToArray();
        HostFrame together = HostFrame.Render(gl, Width, Height, 1f, () =>
        {
            foreach ((SdfModel model, Matrix4x4 world) in instances) renderer.Draw(model, world, view, projection);
        });

        int wrong = 0, overlaps = 0;
        var visible = new HashSet<int>();
        for (int i = 0; i < Width * Height; i++)
        {
            int nearest = -1, covering = 0;
            for (int k = 0; k < alone.Length; k++)
            {
                if (!alone[k].Drawn(i)) continue;
                covering++;
                if (nearest < 0 || alone[k].Depth[i] < alone[nearest].Depth[i]) nearest = k;
            }
            if (covering > 1) overlaps++;
            if (nearest >= 0) visible.Add(nearest);
            bool ok = nearest < 0
                ? !together.Drawn(i)
                : together.Color(i) == alone[nearest].Color(i) && together.Depth[i] == alone[nearest].Depth[i];
            if (!ok) wrong++;
        }
        string report = $"{instances.Length} instances of 2 models: {visible.Count} visible, {overlaps} pixels covered by more than one, " +
            $"{wrong} pixels differ from the nearest separate draw";
        output.WriteLine(report);
        Assert.True(visible.Count == instances.Length && overlaps >= 20 && wrong == 0, report);
    }
}
