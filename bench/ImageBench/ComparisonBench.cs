using System.Globalization;
using NeuralSdf.Training;
using NeuralSdf.Training.Images;

namespace NeuralSdf.Bench;

/// <summary>
/// SIREN (the product's <see cref="ImageTrainer.Fit"/> with its defaults) against ReLU + positional encoding (the SIREN
/// paper's baseline, <see cref="ImageTrainer.FitBaseline"/>: the same loop, loss, batch and schedule, the same parameter
/// count) on the same image for the same time budget, as <c>fit-image --compare</c> runs them, over several budgets and
/// learning rates. PSNR against training seconds: each run's progress reports (the PSNR of each step's batch of random
/// pixels, every 10 steps) and, at the end, the whole image as the runtime's evaluator samples it.
/// </summary>
internal static class ComparisonBench
{
    public static void Run(BenchOptions options, IReadOnlyList<string> images)
    {
        foreach (string path in images)
        {
            SourceImage image = ImageReader.Read(path);
            foreach (double budget in options.Seconds)
                Compare(image, budget, options.Every ?? Math.Max(5, budget / 20), options);
        }
    }

    private static void Compare(SourceImage image, double budget, double every, BenchOptions options)
    {
        TrainingOptions siren = ImageTrainer.DefaultOptions with
        {
            Minutes = budget / 60, Device = "cpu", DecayStart = options.DecayStart ?? ImageTrainer.DefaultOptions.DecayStart,
        };
        long sirenParameters = SirenModule.ParameterCount(2, image.Channels, siren.HiddenLayers, siren.HiddenWidth);
        Console.WriteLine();
        Console.WriteLine($"## {Path.GetFileName(image.SourcePath)} ({image.Width}×{image.Height}, {image.Channels} channel{(image.Channels == 1 ? "" : "s")}), {budget:0} s per run");
        Console.WriteLine($"SIREN {siren.HiddenLayers}×{siren.HiddenWidth}, ω₀ {siren.Omega0}: {sirenParameters:N0} parameters; batch {siren.BatchSize:N0}, lr {siren.LearningRate:G3} (decay from {siren.DecayStart:P0} of the budget), clip {siren.GradientClip}, seed {siren.Seed}");

        QuietGate gate = options.Gate;
        var curves = new List<PsnrCurve>();
        foreach (double rate in options.SirenRates ?? [siren.LearningRate])
        {
            string label = options.SirenRates is null ? "SIREN" : $"SIREN lr {rate:G3}";
            (ImageTrainingResult result, RunConditions conditions) = gate.Run(label, () => ImageTrainer.Fit(image, ImageSupervision.Values, siren with { LearningRate = rate }));
            ImageQuality quality = ImageQuality.Measure(result.Field, image);
            curves.Add(Report(Curve(label, result.History, result.Steps, result.Elapsed, quality.Psnr), quality.Ssim, conditions));
        }
        var baselines = new List<PsnrCurve>();
        foreach (double rate in options.BaselineRates)
        {
            string label = $"ReLU+PE lr {rate:G3}";
            (ImageBaselineResult result, RunConditions conditions) = gate.Run(label,
                () => ImageTrainer.FitBaseline(image, ImageSupervision.Values, siren with { LearningRate = rate }, TimeSpan.FromSeconds(budget)));
            if (baselines.Count == 0)
            {
                Console.WriteLine($"ReLU + PE, L = {result.FrequencyCount}, {result.HiddenLayers}×{result.HiddenWidth}: {result.Parameters:N0} parameters " +
                                  $"({(double)result.Parameters / sirenParameters - 1:+0.00%;-0.00%} against SIREN)");
            }
            PsnrCurve curve = Report(Curve(label, result.History, result.Steps, result.Elapsed, result.Quality.Psnr), result.Quality.Ssim, conditions);
            baselines.Add(curve);
            curves.Add(curve);
        }
        PrintTable(curves, baselines, budget, every);
    }

    /// <summary>The batch PSNR of the progress reports, then the whole image's at the end.</summary>
    private static PsnrCurve Curve(string label, IReadOnlyList<TrainingProgress<ImageLossTerms>> history, int steps, TimeSpan elapsed, double finalPsnr)
    {
        var curve = new PsnrCurve(label);
        foreach (TrainingProgress<ImageLossTerms> p in history.Where(p => double.IsFinite(p.Loss.Psnr) && p.Step < steps))
            curve.Add(p.Elapsed.TotalSeconds, p.Step, p.Loss.Psnr);
        curve.Add(elapsed.TotalSeconds, steps, finalPsnr);
        return curve;
    }

    private static PsnrCurve Report(PsnrCurve curve, double ssim, RunConditions conditions)
    {
        PsnrPoint last = curve.Last;
        Console.WriteLine($"  {curve.Label}: {last.Psnr:F2} dB, SSIM {ssim:F4} after {last.Seconds:F1} s, {last.Steps:N0} steps ({last.Steps / last.Seconds:F1} steps/s); {conditions.Describe()}");
        return curve;
    }

    /// <summary>
    /// Seconds → PSNR of every run (batch PSNR, the last row the whole image); the last column is the first SIREN minus the
    /// best baseline at that time (the best of its learning rates, per row).
    /// </summary>
    private static void PrintTable(IReadOnlyList<PsnrCurve> curves, IReadOnlyList<PsnrCurve> baselines, double budget, double every)
    {
        Console.WriteLine();
        Console.WriteLine($"| seconds | {string.Join(" | ", curves.Select(c => c.Label + " dB"))} | SIREN − best ReLU+PE |");
        Console.WriteLine($"|---:|{string.Concat(curves.Select(_ => "---:|"))}---:|");
        var times = new List<double>();
        for (double t = every; t < budget - 1e-9; t += every) times.Add(t);
        foreach (double t in times) Row(t.ToString("0.#", CultureInfo.InvariantCulture), curves.Select(c => c.At(t)).ToArray(), baselines.Select(b => b.At(t)).ToArray());
        Row("end, whole image", curves.Select(c => c.Last.Psnr).ToArray(), baselines.Select(b => b.Last.Psnr).ToArray());
        Console.WriteLine($"| steps | {string.Join(" | ", curves.Select(c => c.Last.Steps.ToString("N0", CultureInfo.InvariantCulture)))} | |");
    }

    private static void Row(string when, double[] psnrs, double[] baselines)
    {
        double difference = baselines.Length == 0 ? double.NaN : psnrs[0] - baselines.Max();
        Console.WriteLine($"| {when} | {string.Join(" | ", psnrs.Select(Db))} | {(double.IsNaN(difference) ? "" : difference.ToString("+0.00;−0.00", CultureInfo.InvariantCulture))} |");
    }

    private static string Db(double psnr) => double.IsNaN(psnr) ? "" : psnr.ToString("F2", CultureInfo.InvariantCulture);
}
