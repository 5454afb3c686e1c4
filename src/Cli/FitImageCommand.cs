using System.CommandLine;
using NeuralSdf.Runtime;
using NeuralSdf.Training;
using NeuralSdf.Training.Images;

namespace NeuralSdf.Cli;

/// <summary><c>neuralsdf fit-image IMAGE -o FIELD</c>: fits a SIREN image field to an image, from its values, gradients or Laplacian.</summary>
internal static class FitImageCommand
{
    private static readonly Argument<string> Input = new("image") { Description = "Image: .png .jpg .jpeg .bmp .tga .hdr (grey, RGB or RGBA; 8 or 16 bits, or HDR)" };
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Field file to write (default: IMAGE's name with .nsdf, in the current folder)" };
    private static readonly Option<string> Supervise = new("--supervise") { Description = "What the fit sees: values (pixels), gradients (the Poisson equation from the image's gradients; unless given: lr 1e-4), laplacian (from the Laplacian alone; unless given: the whole image per step up to 131,072 pixels, lr 3e-4, ω₀ 20), or values+gradients", DefaultValueFactory = _ => "values" };
    private static readonly Option<bool> Compare = new("--compare")
    {
        Description = "Then train the SIREN paper's baseline (a ReLU MLP on a positional encoding, the SIREN's parameter count) for the same time and put both in the report",
    };
    private static readonly TrainingCommandOptions Training = new(ImageTrainer.DefaultOptions, "field", "Pixels per step (the whole image when it has fewer)",
        "source, fit and error side by side, PSNR and SSIM against time");

    public static Command Create()
    {
        var command = new Command("fit-image", "Fit a neural image field to an image (from its pixels, its gradients or its Laplacian)") { Input, Output, Supervise, Compare };
        Training.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string input = parse.GetValue(Input)!;
            string? resume = parse.GetValue(Training.Resume);
            string output = parse.GetValue(Output) ?? resume ?? Path.GetFileNameWithoutExtension(input) + ".nsdf";
            ImageSupervision supervision = ParseSupervision(parse.GetValue(Supervise)!);
            TrainingOptions options = Training.Read(parse, ImageTrainer.DefaultOptionsFor(supervision));
            SourceImage image = ImageReader.Read(input);
            bool report = !parse.GetValue(Training.NoReport), compare = parse.GetValue(Compare);
            if (compare && !report) throw new UsageException("--compare puts the baseline in the report, which --no-report turns off");
            return Fit(image, ImageTrainer.SupervisionName(supervision), output, options, resume, report, supervision,
                (progress, checkpoint, token, state) => ImageTrainer.Fit(image, supervision, options, progress, checkpoint, token, state),
                view: parse.GetValue(Training.View), compare: compare).ExitCode;
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

    /// <summary>One run of an image trainer, given its progress sink, checkpoint sink, cancellation and the checkpoint it resumes.</summary>
    public delegate ImageTrainingResult ImageTraining(IProgress<TrainingProgress<ImageLossTerms>> progress, Action<TrainingCheckpoint> checkpoint,
        CancellationToken cancellation, TrainingCheckpoint? resume);

    /// <summary>
    /// Runs <paramref name="train"/> with progress and Ctrl-C, writes the field, then (unless told not to, or interrupted) its
    /// report and, when asked, a PNG of the fit; shared with <c>blend</c>. <paramref name="image"/> is what the fit is measured against.
    /// With <paramref name="view"/>, a viewer process opens on the field file at the first checkpoint, and the fit waits
    /// for it to be closed at the end. With <paramref name="compare"/>, the baseline trains for the fit's time after it
    /// and joins the report.
    /// </summary>
    public static (int ExitCode, ImageTrainingResult? Result) Fit(SourceImage image, string what, string output, TrainingOptions options,
        string? resumeFrom, bool report, ImageSupervision supervision, ImageTraining train, string? pngBeside = null, bool view = false, bool compare = false)
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
                          $"{(image.IsHdr ? "HDR (linear)" : $"{image.BitsPerChannel}-bit")}; supervising {what}");
        Console.WriteLine($"Fitting {options.HiddenLayers}×{options.HiddenWidth} SIREN (ω₀ {options.Omega0}), {Math.Min(options.BatchSize, image.Width * image.Height):N0} pixels/step, " +
                          $"lr {options.LearningRate:G3}, {TrainingConsole.Budget(options)}; Ctrl-C stops and saves.");
        if (supervision == ImageSupervision.Laplacian && options.BatchSize < image.Width * image.Height)
            Console.Error.WriteLine($"neuralsdf: warning: {image.SourcePath} has {image.Width * image.Height:N0} pixels, more than --batch {options.BatchSize}: " +
                                    "a Laplacian fit of random batches has no hold on the image's smooth part (11 dB on the cameraman against 28 dB whole); " +
                                    $"--batch {image.Width * image.Height} takes the whole image every step (about {ImageTrainer.WholeImageLaplacianBytesPerPixel * image.Width * image.Height / 1e9:0.#} GB of memory)");

        using var session = new TrainingSession(output, view);
        ImageTrainingResult result = TrainingConsole.Run<ImageTrainingResult, ImageLossTerms>((progress, token) =>
            train(progress, session.Save, token, resume), Describe, session.Cancellation);
        session.Save(result.Checkpoint);
        var quality = ImageQuality.Measure(result.Field, image);
        Console.WriteLine($"{(result.Cancelled ? "Interrupted; saved" : "Wrote")} {output}: {result.Field.Field.Network.Describe()}, {result.Steps:N0} steps in " +
                          $"{result.Elapsed.TotalSeconds:0.0} s, PSNR {quality.Psnr:0.00} dB, SSIM {quality.Ssim:0.0000}{(quality.Aligned ? " (means aligned)" : "")}");
        if (pngBeside is not null)
        {
            ImagePng.Write(pngBeside, image.Width, image.Height, image.Channels, quality.Fit);
            Console.WriteLine($"Wrote {pngBeside}");
        }
        ImageBaselineResult? baseline = compare && !result.Cancelled ? FitBaseline(image, supervision, options, result, session.Cancellation) : null;
        if (report && !result.Cancelled) ImageFitReport.Write(ImageFitReport.PathFor(output), image, what, supervision, options, result, quality, baseline);
        session.WaitForViewer("field");
        return (result.Cancelled || baseline is { Cancelled: true } ? ExitCodes.Interrupted : ExitCodes.Success, result);
    }

    private static ImageBaselineResult FitBaseline(SourceImage image, ImageSupervision supervision, TrainingOptions options, ImageTrainingResult siren,
        CancellationToken cancellation)
    {
        // The SIREN's own time, so that the two are compared at equal time; its first steps, before the first report, count too.
        TimeSpan budget = siren.Elapsed;
        Console.WriteLine($"Training the baseline for the report: a ReLU MLP on a positional encoding with {siren.Field.Field.Network.ParameterCount:N0} parameters " +
                          $"or the nearest, for the fit's {budget.TotalSeconds:0.0} s; Ctrl-C stops it and writes the report with it as far as it got.");
        ImageBaselineResult baseline = TrainingConsole.Run<ImageBaselineResult, ImageLossTerms>((progress, token) =>
            ImageTrainer.FitBaseline(image, supervision, options, budget, progress, token), Describe, cancellation);
        Console.WriteLine($"Baseline {baseline.HiddenLayers}×{baseline.HiddenWidth} ReLU + PE (L = {baseline.FrequencyCount}, {baseline.Parameters:N0} parameters): " +
                          $"{baseline.Steps:N0} steps in {baseline.Elapsed.TotalSeconds:0.0} s{(baseline.Cancelled ? " (interrupted)" : "")}, " +
                          $"PSNR {baseline.Quality.Psnr:0.00} dB, SSIM {baseline.Quality.Ssim:0.0000}");
        return baseline;
    }

    private static string Describe(TrainingProgress<ImageLossTerms> p) =>
        $"step {p.Step:N0}/{p.TotalSteps:N0}  PSNR {(double.IsNaN(p.Loss.Psnr) ? "…" : $"{p.Loss.Psnr:0.00} dB")}  loss {p.Loss.Total:0.0000}  " +
        $"{p.Elapsed.TotalSeconds:0}s, ETA {p.Remaining.TotalSeconds:0}s";
}
