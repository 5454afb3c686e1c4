using System.Diagnostics;
using NeuralSdf.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralSdf.Bench;

/// <summary>How the bench's own loop trains.</summary>
/// <param name="Seconds">Training budget, evaluation excluded.</param>
/// <param name="LearningRate">Adam's rate before the schedule.</param>
/// <param name="DecayStart">Where the schedule's cosine decay starts (the product's <see cref="LearningRateSchedule"/>).</param>
/// <param name="BatchSize">Pixels per step (all of them when the image has fewer).</param>
/// <param name="GradientClip">Largest gradient norm (infinity: no clipping).</param>
/// <param name="EverySeconds">Training time between full-image evaluations.</param>
/// <param name="Seed">Seed of the pixel draws.</param>
internal sealed record LoopSettings(double Seconds, double LearningRate, double DecayStart, int BatchSize, double GradientClip, double EverySeconds, long Seed);

/// <summary>What a run of the bench's loop measured.</summary>
/// <param name="Curve">PSNR against training time.</param>
/// <param name="GradientNorms">Each step's gradient norm before clipping.</param>
internal sealed record LoopRun(PsnrCurve Curve, IReadOnlyList<double> GradientNorms);

/// <summary>
/// The product's training loop (<c>TrainingLoop</c>, internal to Training) for any TorchSharp network: Adam, gradient-norm
/// clipping, the product's <see cref="LearningRateSchedule"/> by time; a
/// batch of pixels drawn uniformly with replacement each step. It has no divergence guard, no batch PSNR and no periodic
/// SSIM, so it is, if anything, a little cheaper per step than the product's. Its clock stops while the whole image is
/// evaluated.
/// </summary>
internal static class BenchLoop
{
    public static LoopRun Run(string label, nn.Module<Tensor, Tensor> network, PixelTargets targets, LoopSettings settings)
    {
        var loss = new PixelLoss(targets);
        var parameters = network.parameters().ToList();
        using var optimizer = optim.Adam(parameters, settings.LearningRate);
        var random = new Random(unchecked((int)settings.Seed));
        int batch = Math.Min(settings.BatchSize, targets.PixelCount);
        var curve = new PsnrCurve(label);
        var norms = new List<double>();
        var budget = TimeSpan.FromSeconds(settings.Seconds);
        var clock = Stopwatch.StartNew();
        double nextMeasure = settings.EverySeconds;
        int step = 0;
        while (clock.Elapsed < budget)
        {
            using (NewDisposeScope())
            {
                double rate = settings.LearningRate * LearningRateSchedule.Factor(Math.Min(clock.Elapsed / budget, 1), settings.DecayStart);
                foreach (ParamGroup group in optimizer.ParamGroups) group.LearningRate = rate;
                optimizer.zero_grad();
                Tensor? index = batch < targets.PixelCount ? DrawPixels(random, batch, targets.PixelCount) : null;
                loss.Loss(network, index).backward();
                norms.Add(nn.utils.clip_grad_norm_(parameters, settings.GradientClip));
                optimizer.step();
            }
            step++;
            if (clock.Elapsed.TotalSeconds < nextMeasure) continue;
            clock.Stop();
            curve.Add(clock.Elapsed.TotalSeconds, step, targets.Psnr(network));
            while (nextMeasure <= clock.Elapsed.TotalSeconds) nextMeasure += settings.EverySeconds;
            clock.Start();
        }
        clock.Stop();
        if (curve.Points.Count == 0 || curve.Last.Steps != step) curve.Add(clock.Elapsed.TotalSeconds, step, targets.Psnr(network));
        return new LoopRun(curve, norms);
    }

    private static Tensor DrawPixels(Random random, int count, int pixels)
    {
        long[] index = new long[count];
        for (int i = 0; i < index.Length; i++) index[i] = random.Next(pixels);
        return tensor(index);
    }
}
