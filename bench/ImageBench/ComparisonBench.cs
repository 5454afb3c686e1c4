using System.Globalization;
using NeuralSdf.Training;
using NeuralSdf.Training.Images;
using TorchSharp;

namespace NeuralSdf.Bench;

/// <summary>
/// SIREN (the product's <see cref="ImageTrainer"/> with its defaults) against ReLU + positional encoding (the SIREN paper's
/// baseline, in the bench's copy of the same loop) on the same image, with the same parameter count, batch, schedule and
/// time budget: PSNR of the whole image against training seconds.
/// </summary>
internal static class ComparisonBench
{
    /// <summary>The baseline's parameter count may differ from the SIREN's by at most this fraction.</summary>
    private const double ParameterTolerance = 0.02;

    public static void Run(BenchOptions options, IReadOnlyList<string> images)
    {
        foreach (string path in images)
        {
            SourceImage image = ImageReader.Read(path);
            using var targets = new PixelTargets(image, ImageSupervision.Values);
            foreach (double budget in options.Seconds)
                Compare(image, targets, budget, options.Every ?? Math.Max(5, budget / 20), options);
        }
    }

    private static void Compare(SourceImage image, PixelTargets targets, double budget, double every, BenchOptions options)
    {
        TrainingOptions siren = ImageTrainer.DefaultOptions with
        {
            Minutes = budget / 60, CheckpointSeconds = every, Device = "cpu", DecayStart = options.DecayStart ?? ImageTrainer.DefaultOptions.DecayStart,
        };
        long sirenParameters = SirenParameterCount(image.Channels, siren);
        Console.WriteLine();
        Console.WriteLine($"## {Path.GetFileName(image.SourcePath)} ({image.Width}×{image.Height}, {image.Channels} channel{(image.Channels == 1 ? "" : "s")}), {budget:0} s per run, measured every {every:0.#} s");
        Console.WriteLine($"SIREN {siren.HiddenLayers}×{siren.HiddenWidth}, ω₀ {siren.Omega0}: {sirenParameters:N0} parameters; batch {siren.BatchSize:N0}, lr {siren.LearningRate:G3} (decay from {siren.DecayStart:P0} of the budget), clip {siren.GradientClip}, seed {siren.Seed}");

        QuietGate gate = options.Gate;
        var curves = new List<PsnrCurve>();
        foreach (double rate in options.SirenRates ?? [siren.LearningRate])
        {
            string label = options.SirenRates is null ? "SIREN" : $"SIREN lr {rate:G3}";
            curves.Add(Report(gate.Run(label, () => ProductRun.Fit(label, image, ImageSupervision.Values, siren with { LearningRate = rate }))));
        }
        if (options.LoopCheck)
        {
            curves.Add(Report(gate.Run("SIREN, bench loop", () =>
            {
                using var generator = new torch.Generator((ulong)siren.Seed + 1);
                using var network = new SirenModule(2, image.Channels, siren.HiddenLayers, siren.HiddenWidth, siren.Omega0, generator);
                return BenchLoop.Run("SIREN, bench loop", network, targets, Settings(siren, budget, every, siren.LearningRate)).Curve;
            })));
        }
        var baselines = new List<PsnrCurve>();
        foreach (int frequencies in options.BaselineRates.Count == 0 ? Array.Empty<int>() : options.Frequencies)
        {
            int width = PositionalReluMlp.WidthMatching(sirenParameters, 2, image.Channels, frequencies, siren.HiddenLayers);
            long parameters = PositionalReluMlp.ParameterCount(2, image.Channels, frequencies, siren.HiddenLayers, width);
            double mismatch = (double)parameters / sirenParameters - 1;
            if (Math.Abs(mismatch) > ParameterTolerance)
                throw new InvalidOperationException($"no ReLU width matches {sirenParameters:N0} parameters within 2 %; the nearest, {width}, gives {parameters:N0}");
            Console.WriteLine($"ReLU + PE, L = {frequencies} ({PositionalReluMlp.EncodedWidth(2, frequencies)} inputs), {siren.HiddenLayers}×{width}: {parameters:N0} parameters ({mismatch:+0.00%;-0.00%} against SIREN)");
            foreach (double rate in options.BaselineRates)
            {
                string label = $"ReLU+PE L={frequencies} lr {rate:G3}";
                (LoopRun run, RunConditions conditions) = gate.Run(label, () =>
                {
                    using var generator = new torch.Generator((ulong)siren.Seed + 1);
                    using var network = new PositionalReluMlp(2, image.Channels, frequencies, siren.HiddenLayers, width, generator);
                    return BenchLoop.Run(label, network, targets, Settings(siren, budget, every, rate));
                });
                Report((run.Curve, conditions));
                Console.WriteLine($"    gradient norm before clipping: {GradientNormSummary.Describe(run.GradientNorms, siren.GradientClip)}");
                baselines.Add(run.Curve);
                curves.Add(run.Curve);
            }
        }
        PrintTable(curves, baselines, budget, every);
    }

    private static LoopSettings Settings(TrainingOptions siren, double budget, double every, double rate) =>
        new(budget, rate, siren.DecayStart, siren.BatchSize, siren.GradientClip, every, siren.Seed);

    private static long SirenParameterCount(int channels, TrainingOptions options)
    {
        using var generator = new torch.Generator(1);
        using var network = new SirenModule(2, channels, options.HiddenLayers, options.HiddenWidth, options.Omega0, generator);
        return network.parameters().Sum(p => p.numel());
    }

    private static PsnrCurve Report((PsnrCurve Curve, RunConditions Conditions) run)
    {
        (PsnrCurve curve, RunConditions conditions) = run;
        PsnrPoint last = curve.Last;
        Console.WriteLine($"  {curve.Label}: {last.Psnr:F2} dB after {last.Seconds:F1} s, {last.Steps:N0} steps ({last.Steps / last.Seconds:F1} steps/s); {conditions.Describe()}");
        return curve;
    }

    /// <summary>
    /// Seconds → PSNR of every run; the last column is the first SIREN minus the best baseline at that time (the best of its
    /// learning rates and encodings, per row).
    /// </summary>
    private static void PrintTable(IReadOnlyList<PsnrCurve> curves, IReadOnlyList<PsnrCurve> baselines, double budget, double every)
    {
        Console.WriteLine();
        Console.WriteLine($"| seconds | {string.Join(" | ", curves.Select(c => c.Label + " dB"))} | SIREN − best ReLU+PE |");
        Console.WriteLine($"|---:|{string.Concat(curves.Select(_ => "---:|"))}---:|");
        var times = new List<double>();
        for (double t = every; t < budget - 1e-9; t += every) times.Add(t);
        times.Add(budget);
        foreach (double t in times)
        {
            double difference = baselines.Count == 0 ? double.NaN : curves[0].At(t) - baselines.Max(b => b.At(t));
            Console.WriteLine($"| {t:0.#} | {string.Join(" | ", curves.Select(c => Db(c.At(t))))} | {(double.IsNaN(difference) ? "" : difference.ToString("+0.00;−0.00", CultureInfo.InvariantCulture))} |");
        }
        Console.WriteLine($"| steps | {string.Join(" | ", curves.Select(c => c.Last.Steps.ToString("N0", CultureInfo.InvariantCulture)))} | |");
    }

    private static string Db(double psnr) => double.IsNaN(psnr) ? "" : psnr.ToString("F2", CultureInfo.InvariantCulture);
}
