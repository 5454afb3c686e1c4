using System.Numerics;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;
using StbImageSharp;

namespace NeuralSdf.Cli.Tests;

/// <summary>
/// Fit, render with a given camera, and compare the PNG's alpha mask with the input's own silhouette, which this
/// test traces on the CPU through the input mesh's exact signed distance with its own camera maths
/// (vertical field of view, +Y up, pixel centres, first row at the top).
/// </summary>
public class SilhouetteTests : IDisposable
{
    private const int Size = 96;
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-silhouette-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    [Trait("Category", "GL")]
    public void RenderedAlphaMatchesTheInputSilhouette()
    {
        string torus = CliProcess.RepositoryFile("meshes", "torus.obj");
        var eye = new Vector3(0.4f, -2.6f, 2.2f);
        var target = new Vector3(0.1f, 0f, 0f);
        const float fov = 55f;

        CliProcess.Result fit = CliProcess.Run(_folder, "fit", torus, "-o", "t.nsdf", "--steps", "400", "--layers", "2", "--hidden", "64",
            "--omega", "15", "--lr", "3e-4", "--batch", "1024", "--device", "cpu", "--no-report");
        Assert.True(fit.ExitCode == 0, fit.StandardError);
        CliProcess.Result render = CliProcess.Run(_folder, "render", "t.nsdf", "-o", "t.png", "--size", $"{Size}x{Size}",
            "--eye", "0.4,-2.6,2.2", "--target", "0.1,0,0", "--fov", "55");
        if (render.StandardError.Contains("libEGL")) Requirements.GlContext().Dispose(); // skips (or fails under CI) with the reason
        Assert.True(render.ExitCode == 0, render.StandardError);

        ImageResult image = ImageResult.FromMemory(File.ReadAllBytes(Path.Combine(_folder, "t.png")), ColorComponents.RedGreenBlueAlpha);
        bool[] expected = TraceSilhouette(GeometryReader.Read(torus), eye, target, fov);
        int both = 0, either = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            bool hit = image.Data[4 * i + 3] == 255;
            if (hit && expected[i]) both++;
            if (hit || expected[i]) either++;
        }
        double iou = both / (double)either;
        Assert.True(either > Size * Size / 20, $"the torus covers only {either} pixels; the camera misses it");
        Assert.True(iou >= 0.95, $"IoU of rendered alpha and exact silhouette: {iou:F3} ({both} / {either} pixels)");
    }

    private static bool[] TraceSilhouette(InputGeometry mesh, Vector3 eye, Vector3 target, float fovDegrees)
    {
        var field = new MeshSignedDistance(mesh.Positions, mesh.Triangles);
        Vector3 forward = Vector3.Normalize(target - eye);
        Vector3 right = Vector3.Normalize(Vector3.Cross(forward, Vector3.UnitY));
        Vector3 up = Vector3.Cross(right, forward);
        float tanHalf = MathF.Tan(fovDegrees * MathF.PI / 360f);
        float far = 3 * Vector3.Distance(eye, target) + mesh.Bounds.Diagonal;
        float epsilon = 1e-4f * mesh.Bounds.Diagonal;

        bool[] hits = new bool[Size * Size];
        Parallel.For(0, Size * Size, i =>
        {
            float x = (2 * (i % Size + 0.5f) / Size - 1) * tanHalf;
            float y = (1 - 2 * (i / Size + 0.5f) / Size) * tanHalf;
            Vector3 direction = Vector3.Normalize(forward + x * right + y * up);
            float t = 0;
            for (int step = 0; step < 512 && t < far; step++)
            {
                float d = field.Distance(eye + t * direction);
                if (d < epsilon) { hits[i] = true; break; }
                t += d;
            }
        });
        return hits;
    }
}
