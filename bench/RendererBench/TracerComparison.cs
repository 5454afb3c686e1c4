using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NeuralSdf.Hosting;
using NeuralSdf.Runtime;
using Silk.NET.OpenGL;

namespace NeuralSdf.Bench;

/// <summary>
/// <c>RendererBench --tracers</c>: frame time and network evaluations per covered pixel of today's tracer against the
/// one before issue 11 (the shader at <see cref="BaselineCommit"/>, read from git), same models, views and run.
/// </summary>
/// <remarks>
/// For each model, view (front, side, above), size and mode (shaded, normals): the median of FRAMES frames of one
/// SdfRenderer.Draw + glFinish after a warm-up, for both tracers, alternating so that drift in the machine hits both.
/// Today's evaluations come from its evaluations view. The baseline has none: its primary steps come from its steps
/// view, its normal is one gradient, and its shadow and occlusion counts are today's with empty-space skipping off
/// (the same 32-step shadow ray and 5 samples, at nearly the same hits). Images of both go to the output folder.
/// </remarks>
internal static class TracerComparison
{
    /// <summary>The last commit before issue 11 changed the tracer.</summary>
    public const string BaselineCommit = "53dc228";

    public static void Run(List<(string Name, SdfModel Model)> cases, int[] sizes, int frames, string imageFolder)
    {
        string baseline = BaselineShader();
        Directory.CreateDirectory(imageFolder);
        using var context = new HeadlessGlContext();
        GL gl = context.Gl;
        Console.WriteLine($"RendererBench --tracers, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {BenchMachine.LoadAverage()}");
        Console.WriteLine($"Machine: {BenchMachine.Description}");
        Console.WriteLine($"GL: {context.Renderer}, OpenGL {context.Version}; baseline tracer: shaders/sphere_trace.frag.glsl at {BaselineCommit}");
        Console.WriteLine($"{frames} timed frames after one warm-up, median; MaxSteps 128; images in {imageFolder}");
        Console.WriteLine();
        Console.WriteLine("| model | view | size | mode | before ms | today ms | speed-up | before ray + normal | today ray + normal | before whole pixel | today whole pixel | covered before / today |");
        Console.WriteLine("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        using var before = new SdfRenderer(gl, baseline);
        using var today = new SdfRenderer(gl);
        using var plain = new SdfRenderer(gl) { EmptySpaceSkipping = false };
        foreach ((string name, SdfModel model) in cases)
        {
            foreach ((string viewName, Vector3 direction) in Views)
            {
                foreach (int size in sizes)
                {
                    CameraSetup framed = CameraSetup.Frame(model.Bounds, 40f, 1f);
                    float distance = Vector3.Distance(framed.Eye, framed.Target);
                    var camera = new CameraSetup(framed.Target + distance * Vector3.Normalize(direction), framed.Target, 40f);
                    Matrix4x4 view = camera.ViewMatrix(), projection = camera.ProjectionMatrix(1f, model.Bounds);
                    using var framebuffer = new OffscreenFramebuffer(gl, size, size);
                    framebuffer.Bind();
                    byte[] Draw(SdfRenderer renderer, SdfShadingMode mode)
                    {
                        renderer.ShadingMode = mode;
                        FrameTimer.Clear(gl);
                        renderer.Draw(model, Matrix4x4.Identity, view, projection);
                        return framebuffer.ReadRgba();
                    }

                    EvaluationCounts counts = EvaluationCounts.FromPixels(Draw(today, SdfShadingMode.Evaluations));
                    EvaluationCounts secondary = EvaluationCounts.FromPixels(Draw(plain, SdfShadingMode.Evaluations));
                    byte[] beforeSteps = Draw(before, SdfShadingMode.Steps);
                    foreach (SdfShadingMode mode in new[] { SdfShadingMode.Shaded, SdfShadingMode.Normals })
                    {
                        byte[] beforeImage = Draw(before, mode), todayImage = Draw(today, mode);
                        var beforeTimes = new List<double>();
                        var todayTimes = new List<double>();
                        for (int f = 0; f < frames; f++)
                        {
                            beforeTimes.Add(FrameTimer.Time(gl, () => before.Draw(model, Matrix4x4.Identity, view, projection)));
                            todayTimes.Add(FrameTimer.Time(gl, () => today.Draw(model, Matrix4x4.Identity, view, projection)));
                        }
                        double beforeMs = 1000 * Median(beforeTimes), todayMs = 1000 * Median(todayTimes);
                        (int coveredBefore, double stepsBefore) = StepsOverCovered(beforeSteps, beforeImage);
                        double beforeRay = stepsBefore + EvaluationCounts.GradientCost;
                        bool shaded = mode == SdfShadingMode.Shaded;
                        double beforeWhole = beforeRay + (shaded ? secondary.Shadow + secondary.Occlusion : 0);
                        double todayWhole = shaded ? counts.Total : counts.PrimaryAndNormal;
                        int coveredToday = CountCovered(todayImage);
                        string stem = $"{Path.GetFileNameWithoutExtension(name)}-{viewName}-{size}-{mode.ToString().ToLowerInvariant()}";
                        PngFile.Write(Path.Combine(imageFolder, stem + "-before.png"), size, size, beforeImage);
                        PngFile.Write(Path.Combine(imageFolder, stem + "-today.png"), size, size, todayImage);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"| {name} | {viewName} | {size}² | {mode.ToString().ToLowerInvariant()} | {beforeMs:F0} | {todayMs:F0} | {beforeMs / todayMs:F2}× | " +
                            $"{beforeRay:F1} | {counts.PrimaryAndNormal:F1} | {beforeWhole:F1} | {todayWhole:F1} | {coveredBefore:N0} / {coveredToday:N0} |"));
                    }
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Evaluations are distance-evaluation equivalents per covered pixel (a gradient counts {EvaluationCounts.GradientCost:F0}); " +
            $"load average at the end {BenchMachine.LoadAverage()}.");
    }

    private static readonly (string Name, Vector3 Direction)[] Views =
        [("front", new Vector3(0.25f, 0.2f, 1f)), ("side", new Vector3(1f, 0.2f, -0.25f)), ("above", new Vector3(0.2f, 1f, 0.35f))];

    private static string BaselineShader()
    {
        var git = Process.Start(new ProcessStartInfo("git", ["show", $"{BaselineCommit}:shaders/sphere_trace.frag.glsl"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        }) ?? throw new InvalidOperationException("git could not be started");
        string source = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
            throw new InvalidOperationException($"git show {BaselineCommit}:shaders/sphere_trace.frag.glsl failed (run from a clone with history): {git.StandardError.ReadToEnd().Trim()}");
        return source;
    }

    // The baseline's mean steps over the pixels it covers (its steps view draws every ray in the bounds).
    private static (int Covered, double Steps) StepsOverCovered(byte[] steps, byte[] image)
    {
        long sum = 0;
        int covered = 0;
        for (int i = 3; i < image.Length; i += 4)
        {
            if (image[i] == 0) continue;
            covered++;
            sum += steps[i];
        }
        return (covered, covered == 0 ? 0 : sum / 255.0 * 128 / covered);
    }

    private static int CountCovered(byte[] image)
    {
        int covered = 0;
        for (int i = 3; i < image.Length; i += 4) if (image[i] != 0) covered++;
        return covered;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
