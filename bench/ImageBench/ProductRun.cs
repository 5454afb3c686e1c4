using System.Diagnostics;
using System.Globalization;
using NeuralSdf.Runtime;
using NeuralSdf.Training;
using NeuralSdf.Training.Images;

namespace NeuralSdf.Bench;

/// <summary>
/// A fit through the product's <see cref="ImageTrainer"/>, measured as a user sees the result: every
/// <see cref="TrainingOptions.CheckpointSeconds"/> the checkpoint's field is sampled by the runtime's CPU evaluator
/// (<see cref="ImageQuality"/>). The trainer's clock cannot be stopped from outside, so the time of each evaluation is
/// subtracted from the times that follow it; the budget still includes it (well under 1 % of it), and the trainer's own
/// snapshot of the field for the checkpoint (a few milliseconds, plus one forward pass over the image for a
/// derivative-only fit) counts as training time.
/// </summary>
internal static class ProductRun
{
    /// <param name="label">The run's column heading.</param>
    /// <param name="image">The image to fit.</param>
    /// <param name="supervision">What the fit is told.</param>
    /// <param name="options">The trainer's options; their checkpoint interval is the evaluation interval.</param>
    /// <param name="stopAt">Stop at the first evaluation at or above this PSNR.</param>
    public static PsnrCurve Fit(string label, SourceImage image, ImageSupervision supervision, TrainingOptions options, double stopAt = double.PositiveInfinity)
    {
        var curve = new PsnrCurve(label);
        double evaluationSeconds = 0;
        using var stop = new CancellationTokenSource();
        void Measure(ImageField field, double loopSeconds, int steps)
        {
            long start = Stopwatch.GetTimestamp();
            double psnr = ImageQuality.Measure(field, image).Psnr;
            curve.Add(loopSeconds - evaluationSeconds, steps, psnr);
            if (psnr >= stopAt) stop.Cancel();
            evaluationSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        ImageTrainingResult result = ImageTrainer.Fit(image, supervision, options,
            checkpoint: c => Measure(new ImageField(c.Field), LoopSeconds(c.Field), c.Step), cancellation: stop.Token);
        if (curve.Points.Count == 0 || curve.Last.Steps != result.Steps) Measure(result.Field, result.Elapsed.TotalSeconds, result.Steps);
        return curve;
    }

    /// <summary>The trainer's clock when it took the snapshot (to 10 ms).</summary>
    private static double LoopSeconds(NeuralField field) => double.Parse(field.Metadata["training.seconds"], CultureInfo.InvariantCulture);
}
