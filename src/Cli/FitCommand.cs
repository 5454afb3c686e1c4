using System.CommandLine;
using NeuralSdf.Runtime;
using NeuralSdf.Training;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Cli;

/// <summary><c>neuralsdf fit INPUT -o MODEL</c>: reads a mesh or point cloud and fits a SIREN to its signed distance.</summary>
internal static class FitCommand
{
    private static readonly Argument<string> Input = new("input") { Description = "Mesh or point cloud: .obj .off .ply .xyz .pwn .stl .gltf .glb" };
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Model file to write (default: INPUT's name with .nsdf, in the current folder)" };
    private static readonly Option<TrainingRecipe> Recipe = new("--recipe") { Description = "auto (supervise the true signed distance when the input allows), siren (the paper's loss) or supervised", DefaultValueFactory = _ => TrainingRecipe.Auto };
    private static readonly Option<string> Shell = new("--shell")
    {
        Description = "For a mesh: auto (a thin shell around the surface when the mesh is open or single-sided so that its inside is undecided, else the solid it encloses), off (always the solid) or THICKNESS (always a shell this thick, in the mesh's units)",
        DefaultValueFactory = _ => "auto",
    };
    private static readonly TrainingCommandOptions Training = new(new TrainingOptions(), "model", "Surface points per step (as many space points are added)",
        "loss plots, quality against the input, thumbnail; a few seconds after training");

    public static Command Create()
    {
        var command = new Command("fit", "Fit a neural SDF to a mesh or point cloud") { Input, Output, Recipe, Shell };
        Training.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string input = parse.GetValue(Input)!;
            string? resume = parse.GetValue(Training.Resume);
            string output = parse.GetValue(Output) ?? resume ?? Path.GetFileNameWithoutExtension(input) + ".nsdf";
            (ShellMode shell, double? thickness) = ParseShell(parse.GetValue(Shell)!);
            TrainingOptions options = Training.Read(parse) with { Recipe = parse.GetValue(Recipe), Shell = shell, ShellThickness = thickness };
            return Fit(input, output, options, resume, report: !parse.GetValue(Training.NoReport), view: parse.GetValue(Training.View),
                given: new GivenOptions(TrainingCommandOptions.IsGiven(parse, Training.Omega), TrainingCommandOptions.IsGiven(parse, Training.LearningRate),
                    TrainingCommandOptions.IsGiven(parse, Training.Batch))).ExitCode;
        }));
        return command;
    }

    private static (ShellMode Mode, double? Thickness) ParseShell(string text) => text.ToLowerInvariant() switch
    {
        "auto" => (ShellMode.Auto, null),
        "off" => (ShellMode.Off, null),
        _ when double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double t) && t > 0 && double.IsFinite(t) => (ShellMode.On, t),
        _ => throw new UsageException($"--shell '{text}' is not auto, off or a positive thickness"),
    };

    /// <summary>
    /// Reads, fits and writes the model, then (unless told not to, or interrupted) its report; shared with <c>demo</c>.
    /// With <paramref name="view"/>, a viewer process opens on the model file at the first checkpoint, and the fit
    /// waits for it to be closed at the end. A shell fit takes <see cref="SdfTrainer.ShellOmega0"/>, <see cref="SdfTrainer.ShellLearningRate"/>
    /// and <see cref="SdfTrainer.ShellBatchSize"/> where <paramref name="given"/> says the option was not on the command line.
    /// </summary>
    public static (int ExitCode, SdfModel? Model) Fit(string input, string output, TrainingOptions options, string? resumeFrom = null, bool report = true, bool view = false,
        GivenOptions given = default)
    {
        options.Validate();
        if (!output.EndsWith(".nsdf", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--output '{output}' should end in .nsdf");
        InputGeometry geometry = GeometryReader.Read(input);
        TrainingCheckpoint? resume = null;
        if (resumeFrom is not null)
        {
            resume = TrainingCheckpoint.Load(resumeFrom, out string? warning);
            if (warning is not null) Console.Error.WriteLine($"neuralsdf: warning: {warning}");
            Console.WriteLine($"Resuming {resumeFrom} at step {resume.Step:N0} ({resume.Model.Network.Describe()}); architecture options are taken from it");
        }
        Console.WriteLine($"{input}: {(geometry.IsMesh ? $"mesh, {geometry.Positions.Length:N0} vertices, {geometry.Triangles.Length / 3:N0} triangles" : $"point cloud, {geometry.Positions.Length:N0} points{(geometry.Normals is null ? " without normals (they will be estimated and oriented outward)" : " with normals")}")}");

        if (geometry.IsMesh && resume is null) options = PlanShell(input, geometry, options, given);

        using var session = new TrainingSession(output, view);
        TrainingResult result = TrainingConsole.Run(options, (progress, token) =>
            SdfTrainer.Fit(geometry, options, progress, session.Save, token, resume), session.Cancellation);
        session.Save(result.Checkpoint);
        Console.WriteLine($"{(result.Cancelled ? "Interrupted; saved" : "Wrote")} {output}: {result.Model.Network.Describe()}, {result.Steps:N0} steps in {result.Elapsed.TotalSeconds:0.0} s, final loss {result.FinalLoss.Total:0.###}");
        if (report && !result.Cancelled) WriteReport(new FitRun(input, geometry, output, options, result, resumeFrom));
        session.WaitForViewer("model");
        return (result.Cancelled ? ExitCodes.Interrupted : ExitCodes.Success, result.Model);
    }

    /// <summary>Says what the fit makes of the mesh (measured, with <c>--shell auto</c>), and settles it in the options so that the trainer does not measure again.</summary>
    private static TrainingOptions PlanShell(string input, InputGeometry mesh, TrainingOptions options, GivenOptions given)
    {
        ShellPlan plan = SdfTrainer.PlanShell(mesh, options);
        if (plan.Closure is { } closure) Console.WriteLine(closure.Describe(input, plan.HalfThickness));
        else if (plan.HalfThickness is { } h) Console.WriteLine($"{input}: fitting a shell {2 * h:0.####} thick around the surface (--shell)");
        return plan.HalfThickness is { } half
            ? options with
            {
                Shell = ShellMode.On, ShellThickness = 2.0 * half,
                Omega0 = given.Omega ? options.Omega0 : SdfTrainer.ShellOmega0,
                LearningRate = given.LearningRate ? options.LearningRate : SdfTrainer.ShellLearningRate,
                BatchSize = given.Batch ? options.BatchSize : SdfTrainer.ShellBatchSize,
            }
            : options with { Shell = ShellMode.Off };
    }

    /// <summary>
    /// Writes the report beside the model. The model is already saved, so a report that fails is a warning, not a failed fit.
    /// </summary>
    private static void WriteReport(FitRun run)
    {
        string path = FitReport.PathFor(run.ModelPath);
        Console.WriteLine($"Measuring the fit against {run.InputPath} for the report (marching cubes at {FitReport.EvaluationResolution}, {FitReport.EvaluationSamples:N0} samples a side; --no-report skips this)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            FitReport.Write(path, run);
            Console.WriteLine($"Wrote {path} in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TypeInitializationException or DllNotFoundException)
        {
            Console.Error.WriteLine($"neuralsdf: warning: no report: {e.Message.ReplaceLineEndings(" ")}");
        }
    }
}

/// <summary>Which of the options a shell fit has its own defaults for were on the command line (and so are kept).</summary>
internal readonly record struct GivenOptions(bool Omega, bool LearningRate, bool Batch);
