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
    private static readonly Option<int?> Steps = new("--steps") { Description = $"Optimizer steps (default {TrainingOptions.DefaultSteps} unless --minutes is given)" };
    private static readonly Option<double?> Minutes = new("--minutes") { Description = "Time budget in minutes (with --steps, whichever ends first)" };
    private static readonly Option<TrainingRecipe> Recipe = new("--recipe") { Description = "auto (supervise the true signed distance when the input allows), siren (the paper's loss) or supervised", DefaultValueFactory = _ => TrainingRecipe.Auto };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "Width of each hidden layer", DefaultValueFactory = _ => new TrainingOptions().HiddenWidth };
    private static readonly Option<int> Layers = new("--layers") { Description = "Number of hidden (sine) layers", DefaultValueFactory = _ => new TrainingOptions().HiddenLayers };
    private static readonly Option<double> Omega = new("--omega") { Description = "ω₀ of the sine layers", DefaultValueFactory = _ => new TrainingOptions().Omega0 };
    private static readonly Option<int> Batch = new("--batch") { Description = "Surface points per step (as many space points are added)", DefaultValueFactory = _ => new TrainingOptions().BatchSize };
    private static readonly Option<double> LearningRate = new("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => new TrainingOptions().LearningRate };
    private static readonly Option<long> Seed = new("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> Device = new("--device") { Description = "auto (CUDA when available), cpu or cuda", DefaultValueFactory = _ => "auto" };
    private static readonly Option<int?> Threads = new("--threads") { Description = "CPU threads for training (default: one per core)" };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue training from this model file (and its .state sidecar); --steps counts from the first run" };
    private static readonly Option<bool> NoReport = new("--no-report") { Description = "Skip MODEL.report.html (loss plots, quality against the input, thumbnail; a few seconds after training)" };
    private static readonly Option<double> CheckpointSeconds = new("--checkpoint-seconds") { Description = $"Rewrite the model file this often while training (default {new TrainingOptions().CheckpointSeconds:0} s, {ViewCheckpointSeconds:0} s with --view)", DefaultValueFactory = _ => new TrainingOptions().CheckpointSeconds };
    private static readonly Option<bool> View = new("--view") { Description = "Open the viewer on the model file at the first checkpoint; it reloads each checkpoint (needs a display)" };

    private const double ViewCheckpointSeconds = 5;

    public static Command Create()
    {
        var command = new Command("fit", "Fit a neural SDF to a mesh or point cloud")
        {
            Input, Output, Steps, Minutes, Recipe, Hidden, Layers, Omega, Batch, LearningRate, Seed, Device, Threads, CheckpointSeconds, Resume, NoReport, View,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string input = parse.GetValue(Input)!;
            string? resume = parse.GetValue(Resume);
            string output = parse.GetValue(Output) ?? resume ?? Path.GetFileNameWithoutExtension(input) + ".nsdf";
            var options = new TrainingOptions
            {
                Steps = parse.GetValue(Steps),
                Minutes = parse.GetValue(Minutes),
                Recipe = parse.GetValue(Recipe),
                HiddenWidth = parse.GetValue(Hidden),
                HiddenLayers = parse.GetValue(Layers),
                Omega0 = parse.GetValue(Omega),
                BatchSize = parse.GetValue(Batch),
                LearningRate = parse.GetValue(LearningRate),
                Seed = parse.GetValue(Seed),
                Device = parse.GetValue(Device)!,
                Threads = parse.GetValue(Threads),
                CheckpointSeconds = parse.GetValue(View) && parse.GetResult(CheckpointSeconds) is null or { Implicit: true }
                    ? ViewCheckpointSeconds
                    : parse.GetValue(CheckpointSeconds),
            };
            return Fit(input, output, options, resume, report: !parse.GetValue(NoReport), view: parse.GetValue(View)).ExitCode;
        }));
        return command;
    }

    /// <summary>
    /// Reads, fits and writes the model, then (unless told not to, or interrupted) its report; shared with <c>demo</c>.
    /// With <paramref name="view"/>, a viewer process opens on the model file at the first checkpoint, and the fit
    /// waits for it to be closed at the end.
    /// </summary>
    public static (int ExitCode, SdfModel? Model) Fit(string input, string output, TrainingOptions options, string? resumeFrom = null, bool report = true, bool view = false)
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

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        ViewerProcess? viewer = null;
        void Save(TrainingCheckpoint checkpoint)
        {
            checkpoint.Save(output);
            if (view) viewer ??= ViewerProcess.Start(output);
        }
        try
        {
            TrainingResult result = TrainingConsole.Run(options, (progress, token) =>
                SdfTrainer.Fit(geometry, options, progress, Save, token, resume), cancel.Token);
            Save(result.Checkpoint);
            Console.WriteLine($"{(result.Cancelled ? "Interrupted; saved" : "Wrote")} {output}: {result.Model.Network.Describe()}, {result.Steps:N0} steps in {result.Elapsed.TotalSeconds:0.0} s, final loss {result.FinalLoss.Total:0.###}");
            if (report && !result.Cancelled) WriteReport(new FitRun(input, geometry, output, options, result, resumeFrom));
            if (viewer is not null)
            {
                Console.WriteLine("Training is done; the viewer shows the final model (Esc closes it)");
                int viewerExit = viewer.WaitForExit();
                if (viewerExit != ExitCodes.Success) Console.Error.WriteLine($"neuralsdf: warning: the viewer exited with code {viewerExit}");
            }
            return (result.Cancelled ? ExitCodes.Interrupted : ExitCodes.Success, result.Model);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            viewer?.Dispose();
        }
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
