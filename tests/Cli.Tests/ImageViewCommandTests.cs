using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using NeuralSdf.Runtime;
using StbImageSharp;

namespace NeuralSdf.Cli.Tests;

/// <summary>
/// <c>neuralsdf view</c> on an image field: the 2D viewer in its own process on a private Xvfb display, driven by
/// xdotool. Its screenshots are compared with the field's CPU evaluation at the same uv: the value, the analytic
/// gradient magnitude and the Laplacian (the shader's central differences against the CPU's second derivatives).
/// </summary>
[Collection("GL")]
[Trait("Category", "Window")]
public sealed partial class ImageViewCommandTests : IDisposable
{
    // The window has the image's aspect, so F fits the image exactly: screen pixel (x, y) shows uv ((x + ½) / 160, (y + ½) / 120).
    private const int WindowWidth = 160, WindowHeight = 120, SourceWidth = 64, SourceHeight = 48;
    private static readonly string[] Small = ["--size", $"{WindowWidth}x{WindowHeight}"];
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-image-view-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteField(string name, int seed, out ImageField field)
    {
        string path = Path.Combine(_folder, name);
        field = TestImageFields.Random(seed, SourceWidth, SourceHeight, 32, 32);
        field.Save(path);
        return path;
    }

    [SkippableFact]
    public void FFitsTheImageAndEachViewMatchesTheCPUEvaluationNCyclesAndEscExitsZero()
    {
        using var display = new XvfbDisplay();
        string path = WriteField("image.nsdf", 51, out ImageField field);
        string shots = Path.Combine(_folder, "shots");
        using var viewer = new ViewerSession(display, _folder, ["view", path, "--screenshot-dir", shots, .. Small]);
        viewer.WaitForWindow();
        Assert.Contains(viewer.Output, l => l.StartsWith($"Viewing image field {path}", StringComparison.Ordinal));

        ImageResult start = viewer.Screenshot();
        viewer.Key("f");
        ImageResult value = viewer.Screenshot();
        AssertDiffer(start, value, "F (fit) against the first, 1:1 view");
        Vector2[] uv = ImageField.PixelCenters(WindowWidth, WindowHeight, UvRegion.Whole);
        float[] expected = field.Render(WindowWidth, WindowHeight, UvRegion.Whole);
        Assert.True(Spread(expected) > 0.05, $"the test field is too flat to test anything: spread {Spread(expected):0.000}");
        // 8-bit rounding is half a level; float evaluation on GPU and CPU differs by far less (measured: at most 0.50 levels).
        AssertMatches(value, expected, tolerance: 1f / 255, "value view");

        viewer.Key("n");
        ImageResult gradient = viewer.Screenshot();
        float white = WhiteOf(viewer, "gradient magnitude");
        float[] jacobians = new float[uv.Length * 6], values = new float[uv.Length * 3];
        field.Sample(uv, values, jacobians);
        float[] magnitude = new float[uv.Length * 3];
        for (int i = 0; i < magnitude.Length; i++)
        {
            float du = jacobians[2 * i] / SourceWidth, dv = jacobians[2 * i + 1] / SourceHeight;
            magnitude[i] = MathF.Sqrt(du * du + dv * dv) / white;
        }
        Assert.True(Spread(magnitude) > 0.05, $"the gradient view is too flat: spread {Spread(magnitude):0.000}");
        AssertMatches(gradient, magnitude, tolerance: 1f / 255, "gradient magnitude view");

        viewer.Key("n");
        ImageResult laplacian = viewer.Screenshot();
        white = WhiteOf(viewer, "Laplacian");
        float[] exact = new float[uv.Length * 3];
        field.Laplacian(uv, exact);
        float[] shown = exact.Select(l => 0.5f + 0.5f * l / white).ToArray();
        Assert.True(Spread(shown) > 0.05, $"the Laplacian view is too flat: spread {Spread(shown):0.000}");
        // Central differences a quarter pixel wide against exact second derivatives: O(h²) plus float rounding (measured: at most 1.76 levels).
        AssertMatches(laplacian, shown, tolerance: 3f / 255, "Laplacian view (central differences of the analytic gradient)");

        AssertDiffer(value, gradient, "the value and gradient views");
        AssertDiffer(gradient, laplacian, "the gradient and Laplacian views");
        viewer.Key("n");
        AssertSame(value, viewer.Screenshot(), "the third N should cycle back to the value view");

        viewer.Key("Escape");
        Assert.True(viewer.WaitForExit() == 0, viewer.Describe());
        string[] files = Directory.GetFiles(shots).Select(Path.GetFileName).ToArray()!;
        Assert.Equal(viewer.Saved().Length, files.Length);
        Assert.All(files, f => Assert.Matches(@"^neuralsdf-\d{8}-\d{6}-\d{3}(-\d+)?\.png$", f));
    }

    [SkippableFact]
    public void TheWheelDragArrowsAndPlusMinusMoveTheViewAndFAndRBringItBack()
    {
        using var display = new XvfbDisplay();
        string path = WriteField("image.nsdf", 52, out _);
        using var viewer = new ViewerSession(display, _folder, ["view", path, "--screenshot-dir", _folder, .. Small]);
        viewer.WaitForWindow();
        ImageResult start = viewer.Screenshot();
        viewer.Key("f");
        ImageResult fitted = viewer.Screenshot();

        display.Run("click", "4");
        ImageResult zoomed = viewer.Screenshot();
        AssertDiffer(fitted, zoomed, "the wheel (zoom in about the cursor)");
        viewer.WaitFor(() => WindowTitle(display).Contains("zoom 0.32 ", StringComparison.Ordinal), "the title to show the zoom 0.4 / 1.25");
        viewer.Key("f");
        AssertSame(fitted, viewer.Screenshot(), "F after zooming");

        display.Run("mousedown", "1");
        display.Run("mousemove_relative", "--", "30", "10");
        display.Run("mouseup", "1");
        AssertDiffer(fitted, viewer.Screenshot(), "dragging with the left button (pan)");
        viewer.Key("f");
        display.Run("mousedown", "3");
        display.Run("mousemove_relative", "--", "-20", "0");
        display.Run("mouseup", "3");
        AssertDiffer(fitted, viewer.Screenshot(), "dragging with the right button (pan)");
        viewer.Key("f");

        viewer.Hold("Right", 300);
        AssertDiffer(fitted, viewer.Screenshot(), "the right arrow (pan)");
        viewer.Key("f");
        viewer.Hold("s", 300);
        AssertDiffer(fitted, viewer.Screenshot(), "S (pan down)");

        viewer.Key("f", "plus");
        ImageResult plus = viewer.Screenshot();
        AssertDiffer(fitted, plus, "+ (zoom in about the center)");
        viewer.Key("minus");
        AssertSame(fitted, viewer.Screenshot(), "- after + should give the fitted view back");
        viewer.Key("h", "h", "r");
        AssertSame(start, viewer.Screenshot(), "R should bring back the first view exactly");

        viewer.Key("Escape");
        Assert.True(viewer.WaitForExit() == 0, viewer.Describe());
    }

    [SkippableFact]
    public void AnImageFieldRewrittenOnDiskIsReloadedAndACorruptOneIsSurvived()
    {
        using var display = new XvfbDisplay();
        string path = WriteField("watched.nsdf", 53, out _);
        string other = WriteField("other.nsdf", 54, out _);
        using var viewer = new ViewerSession(display, _folder, ["view", path, "--screenshot-dir", _folder, .. Small]);
        viewer.WaitForWindow();
        viewer.Key("f");
        ImageResult before = viewer.Screenshot();

        byte[] otherBytes = File.ReadAllBytes(other);
        File.WriteAllBytes(path, otherBytes[..(otherBytes.Length / 2)]);
        viewer.WaitFor(() => viewer.Errors.Any(l => l.Contains("keeping the last good field", StringComparison.Ordinal)), "the reload warning");
        Assert.False(viewer.HasExited, viewer.Describe());
        AssertSame(before, viewer.Screenshot(), "after a corrupt file the last good field should still be shown");

        File.Copy(other, path, overwrite: true);
        viewer.WaitFor(() => viewer.Output.Any(l => l.StartsWith($"Reloaded {path}", StringComparison.Ordinal)), "the reload");
        AssertDiffer(before, viewer.Screenshot(), "the reloaded field");

        viewer.Key("Escape");
        Assert.True(viewer.WaitForExit() == 0, viewer.Describe());
    }

    [Fact]
    public void MixingAnImageFieldAndAnSdfFailsWithExitCode2AndOneLine()
    {
        string image = WriteField("image.nsdf", 55, out _);
        string sdf = Path.Combine(_folder, "shape.nsdf");
        TestModels.RandomSiren(56, 8, 8).Save(sdf);
        foreach (string[] arguments in new[] { new[] { "view", sdf, image }, ["view", image, sdf], ["view", image, image] })
        {
            CliProcess.Result result = CliProcess.Run(_folder, arguments);
            string error = result.StandardError.Trim();
            Assert.True(result.ExitCode == 2 && error.Split('\n').Length == 1 && error.StartsWith("neuralsdf: error: ", StringComparison.Ordinal) && error.Contains(image),
                $"{string.Join(' ', arguments)}: exit {result.ExitCode}: {result.StandardError}");
        }
    }

    [SkippableFact]
    public void FitImageWithViewOpensTheViewerOnTheFieldBeingTrained()
    {
        using var display = new XvfbDisplay();
        string png = Path.Combine(_folder, "stripes.png");
        float[] pixels = new float[24 * 16];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = 0.5f + 0.4f * MathF.Sin(i % 24 * 0.5f) * MathF.Cos(i / 24 * 0.4f);
        ImagePng.Write(png, 24, 16, 1, pixels);
        using var fit = new ViewerSession(display, _folder,
            ["fit-image", png, "-o", "stripes.nsdf", "--view", "--checkpoint-seconds", "1", "--steps", "120", "--layers", "2", "--hidden", "16",
             "--device", "cpu", "--no-report"]);
        fit.WaitForWindow();
        fit.WaitFor(() => fit.Output.Any(l => l.StartsWith("Training is done", StringComparison.Ordinal)), "the end of training");
        fit.Key("Escape");
        Assert.True(fit.WaitForExit() == 0, fit.Describe());
        Assert.True(ImageField.Load(Path.Combine(_folder, "stripes.nsdf")).Field.Metadata["training.steps"] == "120");
    }

    /// <summary>The value the viewer's last "View: …" line of that view says white stands for.</summary>
    private static float WhiteOf(ViewerSession viewer, string view)
    {
        string line = "";
        viewer.WaitFor(() => (line = viewer.Output.LastOrDefault(l => l.StartsWith($"View: {view}", StringComparison.Ordinal)) ?? "") != "", $"the {view} view's line");
        Match match = WhiteValue().Match(line);
        Assert.True(match.Success, line);
        return float.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"white = \+?([0-9.eE+-]+)")]
    private static partial Regex WhiteValue();

    private static string WindowTitle(XvfbDisplay display) =>
        display.Run("search", "--onlyvisible", "--name", "^NeuralSdf", "getwindowname").Trim();

    /// <summary>Every RGB value of <paramref name="shot"/> against <paramref name="expected"/> (3 channels, rows from the top, in [0, 1], clamped).</summary>
    private static void AssertMatches(ImageResult shot, float[] expected, float tolerance, string what)
    {
        Assert.True(shot.Width == WindowWidth && shot.Height == WindowHeight, $"{what}: the screenshot is {shot.Width}×{shot.Height}");
        float worst = 0, sum = 0;
        int worstAt = 0;
        for (int p = 0; p < WindowWidth * WindowHeight; p++)
        for (int c = 0; c < 3; c++)
        {
            float error = Math.Abs(shot.Data[4 * p + c] / 255f - Math.Clamp(expected[3 * p + c], 0f, 1f));
            sum += error;
            if (error > worst) (worst, worstAt) = (error, p);
        }
        float mean = sum / (3 * WindowWidth * WindowHeight);
        Assert.True(worst <= tolerance,
            $"{what}: the largest difference from the CPU is {worst * 255:0.00} levels at pixel ({worstAt % WindowWidth}, {worstAt / WindowWidth}); " +
            $"tolerance {tolerance * 255:0.0}; mean {mean * 255:0.000} levels");
    }

    private static float Spread(float[] values)
    {
        float[] clamped = values.Select(v => Math.Clamp(v, 0f, 1f)).Order().ToArray();
        return clamped[clamped.Length * 19 / 20] - clamped[clamped.Length / 20];
    }

    private static double DifferingFraction(ImageResult a, ImageResult b)
    {
        Assert.True(a.Width == b.Width && a.Height == b.Height, $"{a.Width}×{a.Height} vs {b.Width}×{b.Height}");
        int differing = 0;
        for (int i = 0; i < a.Width * a.Height; i++)
        {
            int d = Math.Max(Math.Abs(a.Data[4 * i] - b.Data[4 * i]), Math.Max(Math.Abs(a.Data[4 * i + 1] - b.Data[4 * i + 1]), Math.Abs(a.Data[4 * i + 2] - b.Data[4 * i + 2])));
            if (d > 8) differing++;
        }
        return (double)differing / (a.Width * a.Height);
    }

    private static void AssertDiffer(ImageResult a, ImageResult b, string what)
    {
        double fraction = DifferingFraction(a, b);
        Assert.True(fraction > 0.01, $"{what}: only {fraction:P2} of the pixels changed");
    }

    private static void AssertSame(ImageResult a, ImageResult b, string what)
    {
        double fraction = DifferingFraction(a, b);
        Assert.True(fraction == 0, $"{what}: {fraction:P2} of the pixels differ");
    }
}
