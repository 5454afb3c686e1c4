using NeuralSdf.Hosting;
using NeuralSdf.Samples.HostRenderer;
using System.Buffers.Binary;
using Xunit.Abstractions;

namespace NeuralSdf.Runtime.Tests.Embedding;

/// <summary>samples/HostRenderer: a host with its own ground and cubes, and a neural torus between them.</summary>
[Collection("GL")]
[Trait("Category", "GL")]
public sealed class HostRendererSampleTests(ITestOutputHelper output)
{
    private const int Width = 160, Height = 120;

    [SkippableFact]
    public void FrontCubeHidesTheSurfaceAndTheSurfaceHidesTheBackCube()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        using var renderer = new SdfRenderer(context.Gl);
        using var scene = new HostScene(context.Gl, HostFrame.Torus(), (float)Width / Height);
        HostFrame frame = HostFrame.Render(context.Gl, Width, Height, 1f, () => scene.DrawFrame(renderer));
        HostFrame surface = HostFrame.Render(context.Gl, Width, Height, 1f,
            () => renderer.Draw(scene.Model, System.Numerics.Matrix4x4.Identity, scene.View, scene.Projection));
        HostFrame cubes = HostFrame.Render(context.Gl, Width, Height, 1f, () => { scene.Clear(); scene.DrawCubes(); });

        int frontOverSurface = 0, surfaceOverBack = 0, wrong = 0;
        for (int i = 0; i < Width * Height; i++)
        {
            if (!surface.Drawn(i) || !cubes.Drawn(i)) continue;
            bool frontCube = cubes.Rgba[4 * i] > cubes.Rgba[4 * i + 2]; // red front cube, blue back cube
            HostFrame winner = frontCube ? cubes : surface;
            if (frontCube) frontOverSurface++;
            else surfaceOverBack++;
            if (frame.Color(i) != winner.Color(i) || frame.Depth[i] != winner.Depth[i]) wrong++;
        }
        string report = $"front cube over the surface at {frontOverSurface} pixels, surface over the back cube at {surfaceOverBack}; " +
            $"{wrong} of them show something else in the sample's frame";
        output.WriteLine(report);
        Assert.True(frontOverSurface >= 30 && surfaceOverBack >= 30 && wrong == 0, report);
    }

    [SkippableFact]
    public void SampleProgramWritesAPngHeadless()
    {
        using (Requirements.GlContext()) { } // skips (or fails under CI) where there is no GL
        string png = Path.Combine(Path.GetTempPath(), $"nsdf-host-{Guid.NewGuid():N}.png");
        try
        {
            (int exitCode, string printed) = Requirements.Run("dotnet", Path.Combine(AppContext.BaseDirectory, "HostRenderer.dll"), "-o", png, "--size", "64x48");
            output.WriteLine(printed);
            Assert.True(exitCode == 0, printed);
            byte[] bytes = File.ReadAllBytes(png);
            Assert.Equal("\x89PNG", System.Text.Encoding.Latin1.GetString(bytes, 0, 4));
            Assert.Equal((64, 48), (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))));
        }
        finally
        {
            File.Delete(png);
        }
    }
}
