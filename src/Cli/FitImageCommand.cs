using System.CommandLine;
using NeuralSdf.Runtime;
using NeuralSdf.Training;
using NeuralSdf.Training.Images;

namespace NeuralSdf.Cli;

/// <summary><c>neuralsdf fit-image IMAGE -o FIELD</c>: fits a SIREN image field to an image, from its values, gradients or Laplacian.</summary>
internal static class FitImageCommand
{
    private static readonly TrainingOptions Defaults = ImageTrainer.DefaultOptions;
    private static readonly Argument<string> Input = new("image") { Description = "Image: .png .jpg .jpeg .bmp .tga .hdr (grey, RGB or RGBA; 8 or 16 bits, or HDR)" };
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Field file to write (default: IMAGE's name with .nsdf, in the current folder)" };
    private static readonly Option<string> Supervise = new("--supervise") { Description = "What the fit sees: values (pixels), gradients (the Poisson equation from the image's gradients), laplacian, or values+gradients", DefaultValueFactory = _ => "values" };
    private static readonly Option<int?> Steps = new("--steps") { Description = $"Optimizer steps (default {TrainingOptions.DefaultSteps} unless --minutes is given)" };
    private static readonly Option<double?> Minutes = new("--minutes") { Description = "Time budget in minutes (with --steps, whichever ends first)" };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "Width of each hidden layer", DefaultValueFactory = _ => Defaults.HiddenWidth };
    private static readonly Option<int> Layers = new("--layers") { Description = "Number of hidden (sine) layers", DefaultValueFactory = _ => Defaults.HiddenLayers };
    private static readonly Option<double> Omega = new("--omega") { Description = "ω₀ of the sine layers", DefaultValueFactory = _ => Defaults.Omega0 };
    private static readonly Option<int> Batch = new("--batch") { Description = "Pixels per step (the whole image when it has fewer)", DefaultValueFactory = _ => Defaults.BatchSize };
    private static readonly Option<double> LearningRate = new("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => Defaults.LearningRate };
    private static readonly Option<long> Seed = new("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> Device = new("--device") { Description = "auto (CUDA when available), cpu or cuda", DefaultValueFactory = _ => "auto" };
    private static readonly Option<int?> Threads = new("--threads") { Description = "CPU threads for training (default: one per core)" };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue training from this field file (and its .state sidecar); --steps counts from the first run" };
    private static readonly Option<bool> NoReport = new("--no-report") { Description = "Skip FIELD.report.html (source, fit and error side by side, PSNR and SSIM against time)" };
    private static readonly Option<double> CheckpointSeconds = new("--checkpoint-seconds") { Description = $"Rewrite the field file this often while training (default {Defaults.CheckpointSeconds:0} s, {ViewCheckpointSeconds:0} s with --view)", DefaultValueFactory = _ => Defaults.CheckpointSeconds };
    private static readonly Option<bool> View = new("--view") { Description = "Open the image viewer on the field file at the first checkpoint; it reloads each checkpoint (needs a display)" };

    private const double ViewCheckpointSeconds = 5;

    public static Command Create()
    {
        var command = new Command("fit-image", "Fit a neural image field to an image (from its pixels, its gradients or its Laplacian)")
        {
            Input, Output, Supervise, Steps, Minutes, Hidden, Layers, Omega, Batch, LearningRate, Seed, Device, Threads, CheckpointSeconds, Resume, NoReport, View,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string input = parse.GetValue(Input)!;
            string? resume = parse.GetValue(Resume);
            string output = parse.GetValue(Output) ?? resume ?? Path.GetFileNameWithoutExtension(input) + ".nsdf";
            ImageSupervision supervision = ParseSupervision(parse.GetValue(Supervise)!);
            var options = Defaults with
            {
                Steps = parse.GetValue(Steps),
                Minutes = parse.GetValue(Minutes),
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
            SourceImage image = ImageReader.Read(input);
            return Fit(image, supervision, output, options, resume, report: !parse.GetValue(NoReport), view: parse.GetValue(View)).ExitCode;
        }));
        return command;
    }

    public static ImageSupervision ParseSupervision(string text) => text.ToLowerInvariant() switch
    {
        "values" => ImageSupervision.Values,
        "gradients" => ImageSupervision.Gradients,
        "laplacian" => ImageSupervision.Laplacian,
        "values+gradients" => ImageSupervision.ValuesAndGradients,
        _ => throw new UsageException($"--supervise '{text}' is not one of values, gradients, laplacian, values+gradients"),
    };

    /// <summary>
    /// Fits and writes the field, then (unless told not to, or interrupted) its report and a PNG of the fit; shared with <c>blend</c>.
    /// With <paramref name="view"/>, a viewer process opens on the field file at the first checkpoint, and the fit waits
    /// for it to be closed at the end.
    /// </summary>
    public static (int ExitCode, ImageTrainingResult? Result) Fit(SourceImage image, ImageSupervision supervision, string output, TrainingOptions options,
        string? resumeFrom, bool report, string? pngBeside = null, bool view = false)
    {
        options.Validate();
        if (!output.EndsWith(".nsdf", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--output '{output}' should end in .nsdf");
        TrainingCheckpoint? resume = null;
        if (resumeFrom is not null)
        {
            resume = TrainingCheckpoint.Load(resumeFrom, out string? warning, FieldKind.Image);
            if (warning is not null) Console.Error.WriteLine($"neuralsdf: warning: {warning}");
            Console.WriteLine($"Resuming {resumeFrom} at step {resume.Step:N0} ({resume.Field.Network.Describe()}); architecture options are taken from it");
        }
        Console.WriteLine($"{image.SourcePath}: {image.Width}×{image.Height}, {image.Channels} channel{(image.Channels == 1 ? "" : "s")}, " +
                          $"{(image.IsHdr ? "HDR (linear)" : $"{image.BitsPerChannel}-bit")}; supervising {ImageTrainer.SupervisionName(supervision)}");
        Console.WriteLine($"Fitting {options.HiddenLayers}×{options.HiddenWidth} SIREN (ω₀ {options.Omega0}), {Math.Min(options.BatchSize, image.Width * image.Height):N0} pixels/step, " +
                          $"lr {options.LearningRate:G3}, {TrainingConsole.Budget(options)}; Ctrl-C stops and saves.");

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
            ImageTrainingResult result = TrainingConsole.Run<ImageTrainingResult, ImageLossTerms>((progress, token) =>
                ImageTrainer.Fit(image, supervision, options, progress, Save, token, resume), Describe, cancel.Token);
            Save(result.Checkpoint);
            var quality = ImageQuality.Measure(result.Field, image);
            Console.WriteLine($"{(result.Cancelled ? "Interrupted; saved" : "Wrote")} {output}: {result.Field.Field.Network.Describe()}, {result.Steps:N0} steps in " +
                              $"{result.Elapsed.TotalSeconds:0.0} s, PSNR {quality.Psnr:0.00} dB, SSIM {quality.Ssim:0.0000}{(quality.Aligned ? " (means aligned)" : "")}");
            if (pngBeside is not null)
            {
                ImagePng.Write(pngBeside, image.Width, image.Height, image.Channels, quality.Fit);
                Console.WriteLine($"Wrote {pngBeside}");
            }
            if (report && !result.Cancelled) ImageFitReport.Write(ImageFitReport.PathFor(output), image, supervision, options, result, quality);
            if (viewer is not null)
            {
                Console.WriteLine("Training is done; the viewer shows the final field (Esc closes it)");
                int viewerExit = viewer.WaitForExit();
                if (viewerExit != ExitCodes.Success) Console.Error.WriteLine($"neuralsdf: warning: the viewer exited with code {viewerExit}");
            }
            return (result.Cancelled ? ExitCodes.Interrupted : ExitCodes.Success, result);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            viewer?.Dispose();
        }
    }

    private static string Describe(TrainingProgress<ImageLossTerms> p) =>
        $"step {p.Step:N0}/{p.TotalSteps:N0}  PSNR {(double.IsNaN(p.Loss.Psnr) ? "…" : $"{p.Loss.Psnr:0.00} dB")}  loss {p.Loss.Total:0.0000}  " +
        $"{p.Elapsed.TotalSeconds:0}s, ETA {p.Remaining.TotalSeconds:0}s";
}
