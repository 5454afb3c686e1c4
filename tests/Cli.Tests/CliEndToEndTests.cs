using System.Text.RegularExpressions;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;
using StbImageSharp;

namespace NeuralSdf.Cli.Tests;

/// <summary>The CLI run as a separate process on a tiny budget: fit, mesh, export, render, and the errors a user meets.</summary>
public class CliEndToEndTests : IDisposable
{
    // Small enough to run in a couple of seconds, large enough to have a surface (ω₀ 15 and lr 3e-4 converge fast at this size).
    // No report: it costs seconds of measuring that only FitWritesASelfContainedReportBesideTheModel needs.
    private static readonly string[] TinyFit = ["--steps", "150", "--layers", "2", "--hidden", "32", "--omega", "15", "--lr", "3e-4", "--batch", "512", "--device", "cpu", "--no-report"];
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private CliProcess.Result Run(params string[] arguments) => CliProcess.Run(_folder, arguments);

    private string FitTorus()
    {
        CliProcess.Result fit = Run(["fit", CliProcess.RepositoryFile("meshes", "torus.obj"), "-o", "torus.nsdf", .. TinyFit]);
        Assert.True(fit.ExitCode == 0, $"fit exited {fit.ExitCode}: {fit.StandardError}");
        return Path.Combine(_folder, "torus.nsdf");
    }

    [Fact]
    public void FitWritesALoadableModelInTheInputsUnits()
    {
        string model = FitTorus();
        SdfModel loaded = SdfModel.Load(model);
        BoundingBox inputBounds = GeometryReader.Read(CliProcess.RepositoryFile("meshes", "torus.obj")).Bounds;
        Assert.Equal(inputBounds, loaded.Bounds);
        Assert.Equal("150", loaded.Metadata["training.steps"]);
        // --no-report (in TinyFit) leaves out torus.report.html.
        Assert.Equal(["torus.nsdf", "torus.nsdf.state"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void FitWritesASelfContainedReportBesideTheModel()
    {
        CliProcess.Result fit = Run(["fit", CliProcess.RepositoryFile("meshes", "torus.obj"), "-o", "torus.nsdf", .. TinyFit.Where(a => a != "--no-report")]);
        Assert.True(fit.ExitCode == 0, $"fit exited {fit.ExitCode}: {fit.StandardError}");
        Assert.Contains("Wrote torus.report.html", fit.StandardOutput);
        Assert.Equal(["torus.nsdf", "torus.nsdf.state", "torus.report.html"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());

        string html = File.ReadAllText(Path.Combine(_folder, "torus.report.html"));
        foreach (string expected in new[] { "torus.obj", "2,304", "3→32→32→1", "fused-cpu, ", "Chamfer-L1", "Chamfer-L2", "Hausdorff", "Normal consistency", "F-score at 1 %", "Ghost area", "≤ 0.0025", "≥ 0.98", "≥ 0.96", "≤ 1 %" })
            Assert.True(html.Contains(expected, StringComparison.Ordinal), $"the report lacks '{expected}'");
        Assert.Matches(@"<span class=""(met|missed)"">", html);
        // Self-contained: every src is a data URI, and nothing is linked or fetched.
        string[] sources = Regex.Matches(html, @"\bsrc=""([^""]*)""").Select(m => m.Groups[1].Value).ToArray();
        Assert.All(sources, source => Assert.StartsWith("data:image/png;base64,", source));
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<script", html);

        ImageResult[] images = sources.Select(source =>
        {
            byte[] png = Convert.FromBase64String(source["data:image/png;base64,".Length..]);
            Assert.True(png.AsSpan().StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), $"an image of {png.Length} bytes is not a PNG");
            Assert.InRange(png.Length, 2_000, 2_000_000);
            return ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        }).ToArray();
        ImageResult[] plots = images.Where(i => (i.Width, i.Height) == (760, 380)).ToArray();
        Assert.True(plots.Length == 2, $"expected two 760×380 loss plots; the images are {string.Join(", ", images.Select(i => $"{i.Width}×{i.Height}"))}");
        foreach (ImageResult plot in plots)
        {
            // The title is the only thing in the top rows: dark pixels there mean text was drawn (see ReportFont).
            int dark = CountDark(plot, rows: 30);
            Assert.True(dark > 100, $"the plot's title band has {dark} dark pixels; its text did not render");
        }

        ImageResult? thumbnail = images.SingleOrDefault(i => (i.Width, i.Height) == (256, 256));
        if (thumbnail is null)
        {
            Assert.Contains("No thumbnail", html);
            Assert.False(Requirements.InCi, "CI has OpenGL, so the report should have a thumbnail: " + Regex.Match(html, "No thumbnail[^<]*").Value);
        }
        else
        {
            int hits = Enumerable.Range(0, 256 * 256).Count(i => thumbnail.Data[4 * i + 3] == 255);
            Assert.InRange(hits, 256 * 256 / 50, 256 * 256 * 9 / 10);
        }
    }

    [Fact]
    public void FitWithNoReportWritesNoReport()
    {
        CliProcess.Result fit = Run(["fit", CliProcess.RepositoryFile("meshes", "torus.obj"), "-o", "t.nsdf", "--steps", "20", "--layers", "1", "--hidden", "16", "--batch", "256", "--device", "cpu", "--no-report"]);
        Assert.True(fit.ExitCode == 0, fit.StandardError);
        Assert.DoesNotContain("Measuring the fit", fit.StandardOutput);
        Assert.False(File.Exists(Path.Combine(_folder, "t.report.html")), "--no-report wrote t.report.html");
    }

    private static int CountDark(ImageResult image, int rows)
    {
        int dark = 0;
        for (int i = 0; i < image.Width * rows; i++)
        {
            if (image.Data[4 * i] + image.Data[4 * i + 1] + image.Data[4 * i + 2] < 3 * 128) dark++;
        }
        return dark;
    }

    [Fact]
    public void MeshWritesObjAndPlyThatOurReadersLoad()
    {
        string model = FitTorus();
        foreach (string output in new[] { "torus-out.obj", "torus-out.ply" })
        {
            CliProcess.Result mesh = Run("mesh", model, "-o", output, "--resolution", "32", "--raw");
            Assert.True(mesh.ExitCode == 0, mesh.StandardError);
            InputGeometry read = GeometryReader.Read(Path.Combine(_folder, output));
            Assert.True(read.IsMesh && read.Triangles.Length > 0, $"{output}: {read.Triangles.Length / 3} triangles");
        }
    }

    [Fact]
    public void EvalReportsMetricsAsJson()
    {
        string model = FitTorus();
        CliProcess.Result eval = Run("eval", model, "--reference", CliProcess.RepositoryFile("meshes", "torus.obj"), "--json", "--samples", "5000", "--resolution", "48");
        Assert.True(eval.ExitCode == 0, eval.StandardError);
        using var json = System.Text.Json.JsonDocument.Parse(eval.StandardOutput);
        double chamfer = json.RootElement.GetProperty("chamfer_l1").GetDouble();
        double fScore = json.RootElement.GetProperty("f_score_1_percent").GetDouble();
        Assert.InRange(chamfer, 1e-6, 0.2);
        Assert.InRange(fScore, 0, 1);
        Assert.Equal(5000, json.RootElement.GetProperty("samples").GetInt32());
        Assert.True(json.RootElement.TryGetProperty("ghost_area", out _));

        CliProcess.Result missing = Run("eval", model, "--reference", "nowhere.obj");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nowhere.obj", missing.StandardError);
    }

    [Fact]
    public void ResumeContinuesFromTheSavedStepAndKeepsTheSidecar()
    {
        string model = FitTorus();
        Assert.True(File.Exists(model + ".state"), "fit writes the optimizer state next to the model");
        CliProcess.Result resume = Run(["fit", CliProcess.RepositoryFile("meshes", "torus.obj"), "--resume", "torus.nsdf", "--steps", "170", "--device", "cpu", "--batch", "512", "--no-report"]);
        Assert.True(resume.ExitCode == 0, resume.StandardError);
        Assert.Contains("Resuming torus.nsdf at step 150", resume.StandardOutput);
        Assert.Equal("170", SdfModel.Load(model).Metadata["training.steps"]);
        Assert.Equal("", resume.StandardError.Trim());
    }

    [Fact]
    public void ExportWritesGlslAndPackedWeights()
    {
        string model = FitTorus();
        CliProcess.Result export = Run("export", model, "--glsl", "torus.glsl", "--binding", "3");
        Assert.True(export.ExitCode == 0, export.StandardError);
        string source = File.ReadAllText(Path.Combine(_folder, "torus.glsl"));
        Assert.Contains("float nsdf_distance(vec3 p)", source);
        Assert.Contains("vec3 nsdf_gradient(vec3 p)", source);
        Assert.Contains("binding = 3", source);
        long weightBytes = new FileInfo(Path.Combine(_folder, "torus.weights.bin")).Length;
        Assert.True(weightBytes > 0 && weightBytes % 16 == 0, $"packed weights are {weightBytes} bytes; expected whole vec4s");

        CliProcess.Result inline = Run("export", model, "--glsl", "inline.glsl", "--storage", "inline");
        Assert.True(inline.ExitCode == 0, inline.StandardError);
        Assert.False(File.Exists(Path.Combine(_folder, "inline.weights.bin")));
        Assert.Contains("const vec4 nsdf_weights[", File.ReadAllText(Path.Combine(_folder, "inline.glsl")));

        CliProcess.Result texture = Run("export", model, "--glsl", "texture.glsl", "--storage", "texture", "--binding", "2", "--hlsl", "torus.hlsl");
        Assert.True(texture.ExitCode == 0, texture.StandardError);
        Assert.Contains("layout(binding = 2) uniform samplerBuffer nsdf_weightTexture", File.ReadAllText(Path.Combine(_folder, "texture.glsl")));
        Assert.Equal(weightBytes, new FileInfo(Path.Combine(_folder, "texture.weights.bin")).Length);
        string hlsl = File.ReadAllText(Path.Combine(_folder, "torus.hlsl"));
        Assert.Contains("float nsdf_distance(float3 p)", hlsl);
        Assert.Contains("float3 nsdf_gradient(float3 p)", hlsl);

        CliProcess.Result ubo = Run("export", model, "--glsl", "ubo.glsl", "--storage", "ubo");
        Assert.True(ubo.ExitCode == 0, ubo.StandardError);
        Assert.Contains("uniform nsdf_WeightBlock", File.ReadAllText(Path.Combine(_folder, "ubo.glsl")));

        CliProcess.Result unknown = Run("export", model, "--glsl", "x.glsl", "--storage", "vram");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("vram", unknown.StandardError);
        CliProcess.Result nothing = Run("export", model);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("--glsl", nothing.StandardError);
        Assert.False(File.Exists(Path.Combine(_folder, "x.glsl")));
    }

    [Fact]
    [Trait("Category", "GL")]
    public void RenderWritesAPngWhoseAlphaIsCoverage()
    {
        string model = FitTorus();
        CliProcess.Result render = Run("render", model, "-o", "torus.png", "--size", "80x60", "--eye", "0,-2,3", "--target", "0,0,0", "--fov", "50");
        Assert.True(render.ExitCode == 0, render.StandardError);
        ImageResult image = ImageResult.FromMemory(File.ReadAllBytes(Path.Combine(_folder, "torus.png")), ColorComponents.RedGreenBlueAlpha);
        Assert.Equal((80, 60), (image.Width, image.Height));
        int hits = 0, edges = 0;
        for (int i = 3; i < image.Data.Length; i += 4)
        {
            if (image.Data[i] == 255) hits++;
            else if (image.Data[i] != 0) edges++;
        }
        // Partly covered pixels line the silhouette: a few per edge row, far fewer than the covered ones.
        Assert.True(hits > 0 && hits < 80 * 60 && edges > 0 && edges < hits, $"{hits} covered, {edges} partly covered pixels");
    }

    [Fact]
    [Trait("Category", "GL")]
    public void RenderModesShowNormalsAndStepsAndRejectUnknownOnes()
    {
        string model = CliProcess.RepositoryFile("samples", "HostRenderer", "torus.nsdf");
        CliProcess.Result normals = Run("render", model, "-o", "normals.png", "--size", "64x48", "--mode", "normals");
        CliProcess.Result steps = Run("render", model, "-o", "steps.png", "--size", "64x48", "--mode", "steps", "--max-steps", "64");
        Assert.True(normals.ExitCode == 0 && steps.ExitCode == 0, normals.StandardError + steps.StandardError);
        Match mean = Regex.Match(steps.StandardOutput, @"([0-9.]+) steps per traced pixel");
        Assert.True(mean.Success, steps.StandardOutput);
        Assert.InRange(double.Parse(mean.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 64);

        // A normals image is the unit normal mapped to colour: at a hit, (2c − 1) has length 1.
        ImageResult image = ImageResult.FromMemory(File.ReadAllBytes(Path.Combine(_folder, "normals.png")), ColorComponents.RedGreenBlueAlpha);
        int hits = 0, offUnit = 0;
        for (int i = 0; i < image.Data.Length; i += 4)
        {
            if (image.Data[i + 3] == 0) continue;
            hits++;
            var n = new System.Numerics.Vector3(image.Data[i], image.Data[i + 1], image.Data[i + 2]) / 127.5f - System.Numerics.Vector3.One;
            if (Math.Abs(n.Length() - 1) > 0.03) offUnit++;
        }
        Assert.True(hits > 100 && offUnit == 0, $"{hits} hits, {offUnit} with a colour that is no unit normal");

        // The steps view also prints the network evaluations of a shaded pixel, split by purpose.
        Match split = Regex.Match(steps.StandardOutput, @"primary ray ([0-9.]+), normal ([0-9.]+) .*whole shaded pixel ([0-9.]+)");
        Assert.True(split.Success, steps.StandardOutput);
        Assert.InRange(double.Parse(split.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 3);

        CliProcess.Result unknown = Run("render", model, "-o", "x.png", "--mode", "glossy");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("neuralsdf: error: --mode 'glossy' is not one of shaded, albedo, normals, steps, eikonal", unknown.StandardError.Trim());
        CliProcess.Result dark = Run("render", model, "-o", "x.png", "--light", "0,0,0");
        Assert.Equal(2, dark.ExitCode);
        Assert.False(File.Exists(Path.Combine(_folder, "x.png")));
    }

    [Fact]
    [Trait("Category", "GL")]
    public void RenderSupersamplesOverABackgroundAndRefusesSampleCountsThatAreNoSquare()
    {
        string model = CliProcess.RepositoryFile("samples", "HostRenderer", "torus.nsdf");
        CliProcess.Result albedo = Run("render", model, "-o", "albedo.png", "--size", "64x48", "--mode", "albedo", "--samples", "4", "--background", "#336699");
        Assert.True(albedo.ExitCode == 0, albedo.StandardError);
        Assert.Contains("4 samples per pixel", albedo.StandardOutput);
        ImageResult image = ImageResult.FromMemory(File.ReadAllBytes(Path.Combine(_folder, "albedo.png")), ColorComponents.RedGreenBlueAlpha);
        int background = 0, translucent = 0;
        var surfaceColours = new Dictionary<int, int>();
        for (int i = 0; i < image.Data.Length; i += 4)
        {
            if (image.Data[i + 3] != 255) { translucent++; continue; }
            int rgb = image.Data[i] << 16 | image.Data[i + 1] << 8 | image.Data[i + 2];
            if (rgb == 0x336699) background++;
            else surfaceColours[rgb] = surfaceColours.GetValueOrDefault(rgb) + 1;
        }
        // Unlit, the surface is one colour; its edge pixels mix it with the background.
        int surface = surfaceColours.Values.DefaultIfEmpty(0).Max(), blended = surfaceColours.Values.Sum() - surface;
        Assert.True(translucent == 0 && background > 100 && surface > 100 && blended > 10 && blended < surface,
            $"{background} background, {surface} clay, {blended} blended, {translucent} translucent pixels");

        CliProcess.Result three = Run("render", model, "-o", "x.png", "--samples", "3");
        Assert.Equal(2, three.ExitCode);
        Assert.Contains("--samples must be a square number", three.StandardError);
        CliProcess.Result colour = Run("render", model, "-o", "x.png", "--background", "teal");
        Assert.Equal(2, colour.ExitCode);
        Assert.Contains("--background 'teal' is not a colour", colour.StandardError);
        Assert.False(File.Exists(Path.Combine(_folder, "x.png")));
    }

    [Fact]
    public void MalformedInputGivesOneLineNamingTheFileAndWritesNothing()
    {
        string bad = Path.Combine(_folder, "bad.obj");
        File.WriteAllText(bad, "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 7\n");
        CliProcess.Result fit = Run("fit", bad, "-o", "bad.nsdf", "--steps", "5");
        Assert.Equal(2, fit.ExitCode);
        string line = fit.StandardError.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.Contains("bad.obj", line);
        Assert.Contains("line 4", line);
        Assert.False(File.Exists(Path.Combine(_folder, "bad.nsdf")));
    }

    [Fact]
    public void CorruptModelGivesOneLineAndNoOutput()
    {
        string model = FitTorus();
        byte[] bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(Path.Combine(_folder, "cut.nsdf"), bytes[..(bytes.Length / 2)]);
        foreach (string[] command in new[]
        {
            new[] { "mesh", "cut.nsdf", "-o", "cut.obj" },
            ["export", "cut.nsdf", "--glsl", "cut.glsl"],
            ["render", "cut.nsdf", "-o", "cut.png"],
        })
        {
            CliProcess.Result result = Run(command);
            Assert.Equal(2, result.ExitCode);
            Assert.Matches(@"^neuralsdf: error: cut\.nsdf: .*truncated", result.StandardError.Trim());
            Assert.DoesNotContain('\n', result.StandardError.Trim());
        }
        Assert.Equal(["cut.nsdf", "torus.nsdf", "torus.nsdf.state"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void BadOptionValuesAreRejectedBeforeAnyWork()
    {
        CliProcess.Result rate = Run(["fit", CliProcess.RepositoryFile("meshes", "torus.obj"), "--lr", "-1"]);
        Assert.Equal(2, rate.ExitCode);
        Assert.Equal("neuralsdf: error: --lr must be in (0, 1]; got -1", rate.StandardError.Trim());
        CliProcess.Result decay = Run(["fit", CliProcess.RepositoryFile("meshes", "torus.obj"), "--decay-start", "1"]);
        Assert.Equal(2, decay.ExitCode);
        Assert.Equal("neuralsdf: error: --decay-start must be in [0, 1); got 1", decay.StandardError.Trim());
        CliProcess.Result render = Run("render", "none.nsdf", "-o", "x.png", "--size", "0x10");
        Assert.Equal(2, render.ExitCode);
        Assert.Contains("--size '0x10'", render.StandardError);
    }

    [Fact]
    public void InterruptSavesALoadableModelAndExits130()
    {
        CliProcess.Result interrupted = CliProcess.Interrupt(_folder, ["fit", CliProcess.RepositoryFile("meshes", "torus.obj"), "-o", "long.nsdf",
            "--steps", "1000000", "--layers", "1", "--hidden", "16", "--batch", "256", "--device", "cpu"]);
        Assert.True(interrupted.ExitCode == 130, $"exit {interrupted.ExitCode}: {interrupted.StandardError}");
        Assert.Contains("Interrupted; saved", interrupted.StandardOutput);
        SdfModel model = SdfModel.Load(Path.Combine(_folder, "long.nsdf"));
        Assert.True(int.Parse(model.Metadata["training.steps"]) > 0);
    }
}
