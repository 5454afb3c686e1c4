using NeuralSdf.Runtime;
using StbImageSharp;

namespace NeuralSdf.Cli.Tests;

/// <summary>
/// <c>neuralsdf view</c> in its own process on a private Xvfb display, driven by xdotool: keys and mouse move the
/// camera, N changes the view, F12 saves screenshots, a rewritten model file is reloaded, Esc quits.
/// </summary>
[Collection("GL")]
[Trait("Category", "Window")]
public sealed class ViewCommandTests : IDisposable
{
    // Small window and network, so llvmpipe draws a full frame in well under a second.
    private static readonly string[] Small = ["--size", "160x120"];
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-view-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteModel(string name, int seed)
    {
        string path = Path.Combine(_folder, name);
        TestModels.WithMedianUnitGradient(TestModels.RandomSiren(seed, 16, 16)).Save(path);
        return path;
    }

    [SkippableFact]
    public void KeysAndMouseMoveTheCameraNChangesTheViewAndEscExitsZero()
    {
        using var display = new XvfbDisplay();
        string model = WriteModel("a.nsdf", 41);
        string shots = Path.Combine(_folder, "shots");
        using var viewer = new ViewerSession(display, _folder, ["view", model, "--screenshot-dir", shots, .. Small]);
        viewer.WaitForWindow();

        ImageResult start = viewer.Screenshot();
        viewer.Hold("w", 400);
        ImageResult forward = viewer.Screenshot();
        AssertDiffer(start, forward, "W (forward)");

        viewer.Key("r");
        AssertSame(start, viewer.Screenshot(), "R (reset) should bring back the first view exactly");
        display.Run("mousedown", "3");
        display.Run("mousemove_relative", "--", "30", "0");
        display.Run("mouseup", "3");
        AssertDiffer(start, viewer.Screenshot(), "dragging with the right button (look)");

        viewer.Key("r");
        AssertSame(start, viewer.Screenshot(), "R again");
        viewer.Key("Tab");
        display.Run("mousemove_relative", "--", "0", "25");
        ImageResult captured = viewer.Screenshot();
        AssertDiffer(start, captured, "moving the mouse captured by Tab (look without a button)");
        viewer.Key("Tab");
        display.Run("mousemove_relative", "--", "0", "25");
        AssertSame(captured, viewer.Screenshot(), "after the second Tab released the mouse, moving it should not look");

        viewer.Key("r");
        ImageResult shaded = viewer.Screenshot();
        AssertSame(start, shaded, "R once more");
        var views = new List<ImageResult> { shaded };
        for (int i = 0; i < 3; i++)
        {
            viewer.Key("n");
            views.Add(viewer.Screenshot());
        }
        string[] names = ["shaded", "normals", "steps", "eikonal error"];
        for (int a = 0; a < views.Count; a++)
        for (int b = a + 1; b < views.Count; b++)
            AssertDiffer(views[a], views[b], $"the {names[a]} and {names[b]} views");
        viewer.Key("n");
        AssertSame(shaded, viewer.Screenshot(), "the fourth N should cycle back to the shaded view");

        viewer.Key("Escape");
        Assert.True(viewer.WaitForExit() == 0, viewer.Describe());
        string[] files = Directory.GetFiles(shots).Select(Path.GetFileName).ToArray()!;
        Assert.Equal(viewer.Saved().Length, files.Length);
        Assert.All(files, f => Assert.Matches(@"^neuralsdf-\d{8}-\d{6}-\d{3}(-\d+)?\.png$", f));
    }

    [SkippableFact]
    public void AModelRewrittenOnDiskIsReloadedAndACorruptOneIsSurvived()
    {
        using var display = new XvfbDisplay();
        string model = WriteModel("watched.nsdf", 42);
        string other = WriteModel("other.nsdf", 43);
        using var viewer = new ViewerSession(display, _folder, ["view", model, "--screenshot-dir", _folder, .. Small]);
        viewer.WaitForWindow();
        ImageResult before = viewer.Screenshot();

        // Half a model file, written in place: the viewer must keep the last good model and say why.
        byte[] otherBytes = File.ReadAllBytes(other);
        File.WriteAllBytes(model, otherBytes[..(otherBytes.Length / 2)]);
        viewer.WaitFor(() => viewer.Errors.Any(l => l.Contains("keeping the last good model", StringComparison.Ordinal)), "the reload warning");
        Assert.False(viewer.HasExited, viewer.Describe());
        AssertSame(before, viewer.Screenshot(), "after a corrupt file the last good model should still be shown");

        File.Copy(other, model, overwrite: true);
        viewer.WaitFor(() => viewer.Output.Any(l => l.StartsWith($"Reloaded {model}", StringComparison.Ordinal)), "the reload");
        AssertDiffer(before, viewer.Screenshot(), "the reloaded model");

        viewer.Key("Escape");
        Assert.True(viewer.WaitForExit() == 0, viewer.Describe());
    }

    [SkippableFact]
    public void ASceneFilePlacesSeveralModels()
    {
        using var display = new XvfbDisplay();
        WriteModel("a.nsdf", 44);
        string scene = Path.Combine(_folder, "scene.json");
        File.WriteAllText(scene, """{ "objects": [ { "model": "a.nsdf" } ] }""");
        string twoScene = Path.Combine(_folder, "two.json");
        File.WriteAllText(twoScene, """{ "objects": [ { "model": "a.nsdf" }, { "model": "a.nsdf", "position": [6, 0, 0], "rotation": [0, 90, 0], "scale": 0.5 } ] }""");
        ImageResult one, two;
        using (var viewer = new ViewerSession(display, _folder, ["view", "--scene", scene, "--screenshot-dir", _folder, .. Small]))
        {
            viewer.WaitForWindow();
            one = viewer.Screenshot();
            viewer.Key("Escape");
            Assert.True(viewer.WaitForExit() == 0, viewer.Describe());
        }
        using (var viewer = new ViewerSession(display, _folder, ["view", "--scene", twoScene, "--screenshot-dir", _folder, .. Small]))
        {
            viewer.WaitForWindow();
            Assert.Contains(viewer.Output, l => l.StartsWith("Viewing 2 object(s)", StringComparison.Ordinal));
            two = viewer.Screenshot();
            viewer.Key("Escape");
            Assert.True(viewer.WaitForExit() == 0, viewer.Describe());
        }
        AssertDiffer(one, two, "one object and two");
    }

    [SkippableFact]
    public void FitWithViewOpensTheViewerOnTheModelBeingTrained()
    {
        using var display = new XvfbDisplay();
        using var fit = new ViewerSession(display, _folder,
            ["fit", CliProcess.RepositoryFile("meshes", "torus.obj"), "-o", "torus.nsdf", "--view", "--checkpoint-seconds", "1",
             "--steps", "150", "--layers", "2", "--hidden", "16", "--omega", "15", "--lr", "3e-4", "--batch", "256", "--device", "cpu", "--no-report"]);
        fit.WaitForWindow();
        fit.WaitFor(() => fit.Output.Any(l => l.StartsWith("Training is done", StringComparison.Ordinal)), "the end of training");
        fit.Key("Escape");
        Assert.True(fit.WaitForExit() == 0, fit.Describe());
        Assert.True(SdfModel.Load(Path.Combine(_folder, "torus.nsdf")).Metadata["training.steps"] == "150");
    }

    [SkippableFact]
    public void WithoutADisplayViewFailsWithOneLineThatSuggestsXvfbRun()
    {
        Requirements.NativeLibrary("libglfw.so.3", "libglfw3");
        string model = WriteModel("a.nsdf", 45);
        var start = CliProcess.StartInfo(_folder, "view", model);
        start.Environment.Remove("DISPLAY");
        start.Environment.Remove("WAYLAND_DISPLAY");
        (int exitCode, string error) = RunToEnd(start);
        Assert.True(exitCode == 1 && error.Trim().Split('\n').Length == 1 && error.Contains("DISPLAY is not set") && error.Contains("xvfb-run"),
            $"exit {exitCode}: {error}");
    }

    [SkippableFact]
    public void AnOpenGLOlderThan43FailsWithOneLine()
    {
        using var display = new XvfbDisplay();
        string model = WriteModel("a.nsdf", 46);
        var start = CliProcess.StartInfo(_folder, "view", model);
        start.Environment["DISPLAY"] = display.Name;
        // Mesa then offers at most OpenGL 3.3, as an old driver would.
        start.Environment["MESA_GL_VERSION_OVERRIDE"] = "3.3";
        (int exitCode, string error) = RunToEnd(start);
        Assert.True(exitCode == 1 && error.Trim().Split('\n').Length == 1 && error.Contains("OpenGL 4.3 core is not available"), $"exit {exitCode}: {error}");
    }

    private static (int ExitCode, string StandardError) RunToEnd(System.Diagnostics.ProcessStartInfo start)
    {
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
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
