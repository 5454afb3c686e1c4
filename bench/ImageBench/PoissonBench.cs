using System.Globalization;
using NeuralSdf.Training;
using NeuralSdf.Training.Images;

namespace NeuralSdf.Bench;

/// <summary>
/// The SIREN paper's Poisson experiment on the 256² cameraman through the product's <see cref="ImageTrainer"/>: fits from
/// the image's gradients only and from its Laplacian only, PSNR (means aligned) against training time up to a limit, and
/// the time each first reaches the paper's PSNR.
/// </summary>
internal static class PoissonBench
{
    /// <summary>Rows of the printed table, at most (the runs are measured more often).</summary>
    private const int TableRows = 30;

    /// <summary>The SIREN paper's PSNR on the 256² cameraman: from gradients 32.91 dB, from the Laplacian 14.95 dB.</summary>
    public static double PaperPsnr(ImageSupervision supervision) => supervision switch
    {
        ImageSupervision.Gradients => 32.91,
        ImageSupervision.Laplacian => 14.95,
        _ => throw new ArgumentOutOfRangeException(nameof(supervision), supervision, "the paper's Poisson fits are from gradients or the Laplacian"),
    };

    public static void Run(BenchOptions options, string path)
    {
        SourceImage image = ImageReader.Read(path);
        double every = options.Every ?? 10;
        Console.WriteLine();
        Console.WriteLine($"## Poisson: {Path.GetFileName(path)} ({image.Width}×{image.Height}), up to {options.Minutes:0.##} min per run, measured every {every:0.#} s");
        var runs = new List<(PsnrCurve Curve, double Target)>();
        foreach (ImageSupervision supervision in options.Supervisions ?? [ImageSupervision.Gradients, ImageSupervision.Laplacian])
        foreach (int batch in options.Batches ?? [ImageTrainer.DefaultOptionsFor(supervision).BatchSize])
        foreach (double rate in options.Rates ?? [ImageTrainer.DefaultOptionsFor(supervision).LearningRate])
        foreach (double clip in options.Clips)
        {
            TrainingOptions fit = ImageTrainer.DefaultOptionsFor(supervision) with
            {
                Minutes = options.Minutes, BatchSize = batch, LearningRate = rate, GradientClip = clip, CheckpointSeconds = every, Device = "cpu",
                DecayStart = options.DecayStart ?? ImageTrainer.DefaultOptionsFor(supervision).DecayStart,
            };
            string label = string.Create(CultureInfo.InvariantCulture,
                $"{ImageTrainer.SupervisionName(supervision)} batch {Math.Min(batch, image.Width * image.Height):N0} lr {rate:G3} clip {ClipName(clip)}");
            double target = PaperPsnr(supervision);
            (PsnrCurve curve, RunConditions conditions) = options.Gate.Run(label,
                () => ProductRun.Fit(label, image, supervision, fit, options.StopAtTarget ? target : double.PositiveInfinity));
            Console.WriteLine($"  {label}: {Outcome(curve, target)}; {conditions.Describe()}");
            PrintTable([curve], every);
            runs.Add((curve, target));
        }
        if (runs.Count > 1) PrintTable(runs.Select(r => r.Curve).ToList(), every);
        Console.WriteLine();
        foreach ((PsnrCurve curve, double target) in runs) Console.WriteLine($"- {curve.Label}: {Outcome(curve, target)}");
    }

    /// <summary>"1", "0.1" or "off" (an infinite clip).</summary>
    private static string ClipName(double clip) => double.IsInfinity(clip) ? "off" : clip.ToString("G3", CultureInfo.InvariantCulture);

    private static string Outcome(PsnrCurve curve, double target)
    {
        PsnrPoint last = curve.Last, best = curve.Best;
        string speed = $"{last.Steps:N0} steps in {last.Seconds:F0} s ({1000 * last.Seconds / last.Steps:F0} ms/step)";
        return curve.FirstReaching(target) is { } hit
            ? $"the paper's {target:F2} dB first reached at {hit.Seconds:F0} s, step {hit.Steps:N0} ({hit.Psnr:F2} dB); best {best.Psnr:F2} dB at {best.Seconds:F0} s; {speed}"
            : $"the paper's {target:F2} dB not reached; best {best.Psnr:F2} dB at {best.Seconds:F0} s (step {best.Steps:N0}); {speed}";
    }

    private static void PrintTable(IReadOnlyList<PsnrCurve> curves, double every)
    {
        double end = curves.Max(c => c.Last.Seconds);
        double rowEvery = Math.Max(every, Math.Ceiling(end / TableRows / every) * every);
        Console.WriteLine();
        Console.WriteLine($"| seconds | {string.Join(" | ", curves.Select(c => c.Label + " dB"))} |");
        Console.WriteLine($"|---:|{string.Concat(curves.Select(_ => "---:|"))}");
        var times = new List<double>();
        for (double t = rowEvery; t < end - 0.5; t += rowEvery) times.Add(t);
        times.Add(end);
        foreach (double t in times)
            Console.WriteLine($"| {t:0} | {string.Join(" | ", curves.Select(c => c.At(t) is var p && double.IsNaN(p) ? "" : p.ToString("F2", CultureInfo.InvariantCulture)))} |");
        Console.WriteLine($"| steps | {string.Join(" | ", curves.Select(c => c.Last.Steps.ToString("N0", CultureInfo.InvariantCulture)))} |");
    }
}
