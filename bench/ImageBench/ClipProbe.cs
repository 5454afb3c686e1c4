using NeuralSdf.Training;
using NeuralSdf.Training.Images;
using TorchSharp;

namespace NeuralSdf.Bench;

/// <summary>
/// What the loop's gradient clipping does to each kind of image fit: the product's SIREN and loss, trained through the
/// bench's copy of the loop (the product does not expose its gradient norms), with each step's norm before clipping
/// summarized over the first, middle and last tenth of the run.
/// </summary>
internal static class ClipProbe
{
    public static void Run(BenchOptions options, string path)
    {
        SourceImage image = ImageReader.Read(path);
        double seconds = options.Seconds[0];
        TrainingOptions defaults = ImageTrainer.DefaultOptions;
        Console.WriteLine();
        Console.WriteLine($"## Gradient norms before clipping: {Path.GetFileName(path)}, {seconds:0} s per run, SIREN {defaults.HiddenLayers}×{defaults.HiddenWidth}, the paper's loss (the product's for random batches)");
        foreach (ImageSupervision supervision in options.Supervisions ?? [ImageSupervision.Values, ImageSupervision.Gradients, ImageSupervision.Laplacian])
        {
            using var targets = new PixelTargets(image, supervision);
            foreach (int batch in options.Batches ?? [ImageTrainer.DefaultOptionsFor(supervision).BatchSize])
            foreach (double rate in options.Rates ?? [ImageTrainer.DefaultOptionsFor(supervision).LearningRate])
            foreach (double clip in options.Clips)
            {
                string label = $"{ImageTrainer.SupervisionName(supervision)}, batch {Math.Min(batch, targets.PixelCount):N0}, lr {rate:G3}, clip {GradientNormSummary.ClipName(clip)}";
                (LoopRun run, RunConditions conditions) = options.Gate.Run(label, () =>
                {
                    using var generator = new torch.Generator((ulong)defaults.Seed + 1);
                    using var network = new SirenModule(2, image.Channels, defaults.HiddenLayers, defaults.HiddenWidth, defaults.Omega0, generator);
                    return BenchLoop.Run(label, network, targets, new LoopSettings(seconds, rate, defaults.DecayStart, batch, clip, options.Every ?? seconds / 4, defaults.Seed));
                });
                IReadOnlyList<double> norms = run.GradientNorms;
                int tenth = Math.Max(1, norms.Count / 10);
                PsnrPoint last = run.Curve.Last;
                Console.WriteLine($"- {label}: {last.Psnr:F2} dB after {last.Seconds:F0} s ({last.Steps:N0} steps); {conditions.Describe()}");
                Console.WriteLine($"  - first tenth: {GradientNormSummary.Describe(norms.Take(tenth).ToList(), clip)}");
                Console.WriteLine($"  - middle tenth: {GradientNormSummary.Describe(norms.Skip(norms.Count / 2 - tenth / 2).Take(tenth).ToList(), clip)}");
                Console.WriteLine($"  - last tenth: {GradientNormSummary.Describe(norms.TakeLast(tenth).ToList(), clip)}");
            }
        }
    }
}
