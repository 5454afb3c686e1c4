using System.Globalization;
using NeuralSdf.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Images;

/// <summary>What an image fit produced.</summary>
/// <param name="Field">The fitted image field.</param>
/// <param name="Steps">Steps taken, over all runs when resumed.</param>
/// <param name="Elapsed">Training time of this run.</param>
/// <param name="FinalLoss">Loss terms of the last step.</param>
/// <param name="Cancelled">True when the fit stopped early on the cancellation token (Ctrl-C).</param>
/// <param name="Checkpoint">The final state, to save for a later resume.</param>
/// <param name="History">The progress reports of this run (every few steps), for plots.</param>
public sealed record ImageTrainingResult(ImageField Field, int Steps, TimeSpan Elapsed, ImageLossTerms FinalLoss, bool Cancelled, TrainingCheckpoint Checkpoint,
    IReadOnlyList<TrainingProgress<ImageLossTerms>> History);

/// <summary>What a fit of the ReLU + positional-encoding baseline measured (<see cref="ImageTrainer.FitBaseline"/>).</summary>
/// <param name="HiddenLayers">The baseline's ReLU layers.</param>
/// <param name="HiddenWidth">Their width, chosen for the parameter count.</param>
/// <param name="FrequencyCount">The positional encoding's frequencies per input.</param>
/// <param name="Parameters">The baseline's weights and biases.</param>
/// <param name="Steps">Steps taken.</param>
/// <param name="Elapsed">Training time.</param>
/// <param name="Cancelled">True when it stopped early on the cancellation token.</param>
/// <param name="Quality">The final network against the source, measured as <see cref="ImageQuality.Measure"/> measures a field.</param>
/// <param name="History">The progress reports (every few steps), for plots beside the SIREN's.</param>
public sealed record ImageBaselineResult(int HiddenLayers, int HiddenWidth, int FrequencyCount, long Parameters, int Steps, TimeSpan Elapsed, bool Cancelled,
    ImageQuality Quality, IReadOnlyList<TrainingProgress<ImageLossTerms>> History);

/// <summary>
/// Fits a SIREN from (u, v) to an image's channels through the shared <see cref="TrainingLoop"/>, from its values, its
/// gradients, both, or its Laplacian (<see cref="ImageSupervision"/>). Values map to the network's [−1, 1] by a fixed
/// affine for 8- and 16-bit images (0 → −1, 1 → 1) and by each channel's range for HDR ones; a derivative-only fit takes
/// each channel's constant from the source's mean, which it cannot learn.
/// </summary>
public static class ImageTrainer
{
    /// <summary>
    /// The defaults measured best for a 256² image on 2 CPU cores (bench/RESULTS.md); ω₀ 40 against 30: cameraman 39.3 dB
    /// against 36.2 dB in 60 s, brick 51.8 dB against 46.2 dB in 300 s.
    /// </summary>
    public static TrainingOptions DefaultOptions { get; } = new()
    {
        HiddenLayers = 3,
        HiddenWidth = 128,
        Omega0 = 40,
        BatchSize = 8192,
        LearningRate = 1e-3,
    };

    /// <summary>
    /// Images up to this many pixels (362², 512 × 256) are fitted to their Laplacian a whole image per step by default
    /// (<see cref="DefaultOptionsFor"/>). The step's memory grows with the pixels: 1.5 GB resident at 256², 5.5 GB at 512²
    /// (8 s a step on 2 cores), which <c>--batch</c> can still ask for.
    /// </summary>
    public const int WholeImageLaplacianPixels = 1 << 17;

    /// <summary>About what a whole-image Laplacian step holds per pixel, measured (1.5 GB resident at 256², 5.5 GB at 512²).</summary>
    public const double WholeImageLaplacianBytesPerPixel = 20e3;

    /// <summary>
    /// The defaults for <paramref name="supervision"/>, measured on the 256² cameraman on 2 cores: <see cref="DefaultOptions"/>,
    /// with lr 1e-4 (the SIREN paper's) for a fit from gradients alone (10 min: 35.62 dB at ω₀ 40, 34.60 dB at ω₀ 30,
    /// 32.77 dB at ω₀ 20; 29.27 dB at lr 1e-3 before the stencil and the lattice term of the objective), and for a
    /// fit from the Laplacian alone the whole image in every step, which its loss needs to converge (see
    /// <c>WholeImageLaplacianLoss</c>), at lr 3e-4 (24.2 dB in 3 min against 22.6 dB at 1e-3, which also dips on the way)
    /// and ω₀ 20: the Laplacian at the pixel centers ties their values together only through the network's band limit, and
    /// at ω₀ 30 the fit peaks at 24.3 dB after 2 min and drifts down to 21.5 dB at 10 min while its loss still falls
    /// (ω₀ 20: 27.9 dB at 10 min, rising all the way; ω₀ 15: 24.4 dB at 5 min against 25.9).
    /// </summary>
    public static TrainingOptions DefaultOptionsFor(ImageSupervision supervision) => supervision switch
    {
        ImageSupervision.Gradients => DefaultOptions with { LearningRate = 1e-4 },
        ImageSupervision.Laplacian => DefaultOptions with { LearningRate = 3e-4, BatchSize = WholeImageLaplacianPixels, Omega0 = 20 },
        _ => DefaultOptions,
    };

    /// <summary>Fits <paramref name="image"/>. A cancelled token stops after the current step and still returns the field so far.</summary>
    /// <param name="image">The image to fit.</param>
    /// <param name="supervision">What the fit is told: values, gradients, both, or the Laplacian.</param>
    /// <param name="options">Architecture, budget and optimizer settings (<see cref="TrainingOptions.Recipe"/> and <see cref="TrainingOptions.NormalizedExtent"/> do not apply).</param>
    /// <param name="progress">Receives a report every few steps; may be null.</param>
    /// <param name="checkpoint">Called with the state so far every <see cref="TrainingOptions.CheckpointSeconds"/>; may be null.</param>
    /// <param name="cancellation">Stops training early.</param>
    /// <param name="resume">A checkpoint of a fit of the same image to continue (its architecture wins over the options').</param>
    /// <exception cref="TrainingInputException">The resumed field does not match the image.</exception>
    public static ImageTrainingResult Fit(SourceImage image, ImageSupervision supervision, TrainingOptions options, IProgress<TrainingProgress<ImageLossTerms>>? progress = null,
        Action<TrainingCheckpoint>? checkpoint = null, CancellationToken cancellation = default, TrainingCheckpoint? resume = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        (float[] scale, float[] offset) = ValueMap(image);
        ImageTargets targets = ImageTargets.For(image, supervision, offset, scale);
        return Run(image, targets, scale, offset, AlignsMean(supervision), SupervisionName(supervision), options, progress, checkpoint, cancellation, resume);
    }

    /// <summary>
    /// Poisson image editing (seamless cloning): fits a field whose gradients are <paramref name="source"/>'s where
    /// <paramref name="mask"/> is set (its first channel above ½) and <paramref name="background"/>'s elsewhere, and whose
    /// values outside the mask are the background's. The three images must have the same size; source and background the
    /// same channels. The PSNR in the progress is against the background, which the result leaves inside the mask by design.
    /// </summary>
    /// <exception cref="TrainingInputException">The images do not match in size or channels.</exception>
    public static ImageTrainingResult Blend(SourceImage background, SourceImage source, SourceImage mask, TrainingOptions options,
        IProgress<TrainingProgress<ImageLossTerms>>? progress = null, Action<TrainingCheckpoint>? checkpoint = null, CancellationToken cancellation = default,
        TrainingCheckpoint? resume = null)
    {
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(mask);
        foreach (SourceImage other in new[] { source, mask })
        {
            if ((other.Width, other.Height) != (background.Width, background.Height))
                throw new TrainingInputException($"{other.SourcePath} is {other.Width}×{other.Height} but the background {background.SourcePath} is {background.Width}×{background.Height}; blending needs images of one size");
        }
        if (source.Channels != background.Channels)
            throw new TrainingInputException($"{source.SourcePath} has {source.Channels} channels but the background {background.SourcePath} has {background.Channels}; blending needs the same channels");
        (float[] scale, float[] offset) = ValueMap(background);
        ImageTargets targets = ImageTargets.Blend(background, source, mask, offset, scale);
        return Run(background, targets, scale, offset, aligns: false, "blend", options, progress, checkpoint, cancellation, resume);
    }

    /// <summary>
    /// Fits the SIREN paper's baseline to <paramref name="image"/> for <paramref name="budget"/>: a ReLU MLP on a positional
    /// encoding (<see cref="PositionalReluModule"/>, L = <see cref="PositionalReluModule.DefaultFrequencyCount"/>) with the
    /// hidden layers of <paramref name="options"/> and the width that gives it the SIREN's parameter count, trained by the
    /// same loop, loss, batch, learning rate and schedule, for a comparison at equal time and parameters. Its network is
    /// not a field: nothing is checkpointed.
    /// </summary>
    /// <param name="image">The image to fit.</param>
    /// <param name="supervision">What the fit is told, as for <see cref="Fit"/>.</param>
    /// <param name="options">The SIREN's options (its step budget is replaced by <paramref name="budget"/>).</param>
    /// <param name="budget">Training time, usually the SIREN's.</param>
    /// <param name="progress">Receives a report every few steps; may be null.</param>
    /// <param name="cancellation">Stops training early.</param>
    public static ImageBaselineResult FitBaseline(SourceImage image, ImageSupervision supervision, TrainingOptions options, TimeSpan budget,
        IProgress<TrainingProgress<ImageLossTerms>>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        TrainingOptions baselineOptions = options with { Steps = null, Minutes = budget.TotalMinutes };
        baselineOptions.Validate();
        Device device = ComputeDevice.Resolve(options.Device);
        if (options.Threads is { } threads) set_num_threads(threads);
        (float[] scale, float[] offset) = ValueMap(image);
        ImageTargets targets = ImageTargets.For(image, supervision, offset, scale);

        const int frequencies = PositionalReluModule.DefaultFrequencyCount;
        long sirenParameters = SirenModule.ParameterCount(2, image.Channels, options.HiddenLayers, options.HiddenWidth);
        int width = PositionalReluModule.WidthMatching(sirenParameters, 2, image.Channels, frequencies, options.HiddenLayers);
        using var objective = new ImageObjective(targets, image.Pixels.ToArray(), scale, offset, options.BatchSize, options.Seed, device);
        using var initGenerator = new Generator((ulong)options.Seed + 1);
        using var network = new PositionalReluModule(2, image.Channels, frequencies, options.HiddenLayers, width, initGenerator);
        network.to(device);
        LoopResult<ImageLossTerms> run;
        using (var backend = new TorchTrainingBackend<ImageLossTerms>(network, objective, device, options.LearningRate, optimizerState: []))
            run = TrainingLoop.Run(backend, baselineOptions, toField: null, resume: null, progress, checkpoint: null, cancellation);

        bool aligns = AlignsMean(supervision);
        float[] fit = objective.Evaluate(network);
        if (aligns) fit = ImageMetrics.AlignMean(fit, image.Pixels, image.Channels);
        return new ImageBaselineResult(options.HiddenLayers, width, frequencies,
            PositionalReluModule.ParameterCount(2, image.Channels, frequencies, options.HiddenLayers, width), run.Steps, run.Elapsed, run.Cancelled,
            ImageQuality.Of(fit, image, aligns), run.History);
    }

    private static ImageTrainingResult Run(SourceImage image, ImageTargets targets, float[] scale, float[] offset, bool aligns, string supervision,
        TrainingOptions options, IProgress<TrainingProgress<ImageLossTerms>>? progress, Action<TrainingCheckpoint>? checkpoint, CancellationToken cancellation,
        TrainingCheckpoint? resume)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TrainingBackends.RequireTorch(options.Backend, "image fields");
        Device device = ComputeDevice.Resolve(options.Device);
        if (options.Threads is { } threads) set_num_threads(threads);
        ImageField? resumed = resume is null ? null : new ImageField(resume.Field);
        if (resumed is not null && (resumed.Width, resumed.Height, resumed.Channels) != (image.Width, image.Height, image.Channels))
            throw new TrainingInputException($"the field to resume is {resumed.Width}×{resumed.Height} with {resumed.Channels} channels; {image.SourcePath} is {image.Width}×{image.Height} with {image.Channels}");

        int step = resume?.Step ?? 0;
        using var objective = new ImageObjective(targets, image.Pixels.ToArray(), scale, offset, options.BatchSize, options.Seed + step, device);
        using var initGenerator = new Generator((ulong)options.Seed + 1);
        using var network = resumed is null
            ? new SirenModule(2, image.Channels, options.HiddenLayers, options.HiddenWidth, options.Omega0, initGenerator)
            : new SirenModule(resumed.Field.Network);
        network.to(device);

        NeuralField ToField(LoopState<ImageLossTerms> state)
        {
            float[] fieldOffset = aligns ? AlignedOffset(objective.Evaluate(network), targets.Mean, offset) : offset;
            return ImageField.Create(network.ToNetwork(), image.Width, image.Height, new OutputAffine(scale, fieldOffset), image.ColorSpace,
                Metadata(image, supervision, options, device, state)).Field;
        }
        using var backend = new TorchTrainingBackend<ImageLossTerms>(network, objective, device, options.LearningRate, resume?.OptimizerState ?? []);
        LoopResult<ImageLossTerms> run = TrainingLoop.Run(backend, options, ToField, resume, progress, checkpoint, cancellation);
        TrainingCheckpoint final = run.Final!;
        return new ImageTrainingResult(new ImageField(final.Field), run.Steps, run.Elapsed, run.FinalLoss, run.Cancelled, final, run.History);
    }

    /// <summary>Whether a fit told <paramref name="supervision"/> has no constant of its own, and takes the source's mean instead.</summary>
    private static bool AlignsMean(ImageSupervision supervision) => supervision is ImageSupervision.Gradients or ImageSupervision.Laplacian;

    /// <summary>Raw-to-value scale and offset per channel: fixed for LDR (raw −1 → 0, 1 → 1), the channel's range for HDR.</summary>
    private static (float[] Scale, float[] Offset) ValueMap(SourceImage image)
    {
        int c = image.Channels;
        float[] scale = new float[c], offset = new float[c];
        for (int m = 0; m < c; m++)
        {
            if (!image.IsHdr)
            {
                (scale[m], offset[m]) = (0.5f, 0.5f);
                continue;
            }
            float[] plane = image.GetChannel(m);
            float min = plane.Min(), max = plane.Max();
            scale[m] = max > min ? (max - min) / 2 : 1;
            offset[m] = (max + min) / 2;
        }
        return (scale, offset);
    }

    /// <summary>The offsets that give the fit (raw × scale + <paramref name="offset"/> at every pixel) the source's mean per channel.</summary>
    private static float[] AlignedOffset(float[] scaledFit, float[] mean, float[] offset)
    {
        int c = mean.Length;
        double[] sum = new double[c];
        for (int i = 0; i < scaledFit.Length; i++) sum[i % c] += scaledFit[i];
        float[] aligned = new float[c];
        for (int m = 0; m < c; m++) aligned[m] = (float)(offset[m] + mean[m] - sum[m] / (scaledFit.Length / c));
        return aligned;
    }

    private static Dictionary<string, string> Metadata(SourceImage image, string supervision, TrainingOptions options, Device device,
        LoopState<ImageLossTerms> state)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["training.source"] = Path.GetFileName(image.SourcePath),
            ["training.source_kind"] = $"image {image.Width}x{image.Height}, {image.Channels} channel{(image.Channels == 1 ? "" : "s")}, {image.BitsPerChannel}-bit",
            ["training.supervise"] = supervision,
            ["training.steps"] = state.Step.ToString(CultureInfo.InvariantCulture),
            ["training.seconds"] = F(Math.Round(state.Elapsed.TotalSeconds, 2)),
            ["training.loss"] = F(state.Loss.Total),
            ["training.psnr"] = F(Math.Round(state.Loss.Psnr, 3)),
            ["training.learning_rate"] = F(options.LearningRate),
            ["training.learning_rate_last"] = F(state.LearningRate),
            ["training.rollbacks"] = state.Rollbacks.ToString(CultureInfo.InvariantCulture),
            ["training.batch"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["training.seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["training.device"] = device.type.ToString().ToLowerInvariant(),
            ["training.date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["training.tool"] = "neuralsdf " + typeof(ImageTrainer).Assembly.GetName().Version,
        };
    }

    /// <summary>The command-line and metadata name of a supervision mode.</summary>
    public static string SupervisionName(ImageSupervision supervision) => supervision switch
    {
        ImageSupervision.Values => "values",
        ImageSupervision.Gradients => "gradients",
        ImageSupervision.Laplacian => "laplacian",
        ImageSupervision.ValuesAndGradients => "values+gradients",
        _ => throw new ArgumentOutOfRangeException(nameof(supervision), supervision, "Unknown supervision."),
    };
}
