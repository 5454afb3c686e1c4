using System.Diagnostics;
using System.Globalization;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>What a fit produced.</summary>
/// <param name="Model">The fitted model, in the input's units.</param>
/// <param name="Steps">Steps taken, over all runs when resumed.</param>
/// <param name="Elapsed">Training time.</param>
/// <param name="FinalLoss">Loss terms of the last step.</param>
/// <param name="Cancelled">True when the fit stopped early on the cancellation token (Ctrl-C).</param>
/// <param name="Checkpoint">The final state, to save for a later <c>--resume</c>.</param>
/// <param name="History">The progress reports of this run (every few steps), for plots.</param>
public sealed record TrainingResult(SdfModel Model, int Steps, TimeSpan Elapsed, LossTerms FinalLoss, bool Cancelled, TrainingCheckpoint Checkpoint,
    IReadOnlyList<TrainingProgress> History);

/// <summary>
/// Fits a SIREN to the signed distance of a surface with Adam and gradient-norm clipping. The loss is the SIREN
/// paper's, <c>3e3·|f(on)| + 1e2·(1 − cos(∇f, n))(on) + 1e2·exp(−100·|f(space)|) + 5e1·| |∇f| − 1 |</c>, where the
/// supervised recipe replaces the exp term by <c>1e4·|c(f) − c(s)| + 1e3·(1 − cos(∇f, ∇s))</c> against the true signed
/// distance s and its gradient, c clamping to ±0.1 (normalized units) (see <see cref="TrainingRecipe"/>).
/// </summary>
/// <remarks>
/// The supervised terms were measured against the plain recipe and each other (bench/RESULTS.md): the gradient
/// term is what keeps thin parts (ears, legs, tails) from being rounded off or lost, and the clamp spends the
/// network's capacity near the surface rather than on the far field, which the Eikonal term keeps distance-like.
/// </remarks>
public static class SdfTrainer
{
    private const double SurfaceWeight = 3e3, NormalWeight = 1e2, OffSurfaceWeight = 1e2, EikonalWeight = 5e1, SignedDistanceWeight = 1e4,
        DirectionWeight = 1e3;
    private const double OffSurfaceSharpness = 100, SignedDistanceClamp = 0.1;
    private const int ProgressEverySteps = 10;

    /// <summary>Fits <paramref name="geometry"/>. A cancelled token stops after the current step and still returns the model so far.</summary>
    /// <param name="geometry">The surface to fit. A point cloud without normals gets estimated ones (<see cref="PointCloudNormals"/>).</param>
    /// <param name="options">Architecture, budget and optimizer settings.</param>
    /// <param name="progress">Receives a report every few steps; may be null.</param>
    /// <param name="checkpoint">Called with the state so far every <see cref="TrainingOptions.CheckpointSeconds"/>; may be null.</param>
    /// <param name="cancellation">Stops training early.</param>
    /// <param name="resume">
    /// A checkpoint to continue from: its weights, normalization, bounds and (when present) optimizer moments are kept,
    /// so architecture options are ignored; <see cref="TrainingOptions.Steps"/> counts from the start of the first run.
    /// </param>
    public static TrainingResult Fit(InputGeometry geometry, TrainingOptions options, IProgress<TrainingProgress>? progress = null,
        Action<TrainingCheckpoint>? checkpoint = null, CancellationToken cancellation = default, TrainingCheckpoint? resume = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        bool normalsEstimated = !geometry.IsMesh && geometry.Normals is null;
        if (normalsEstimated) geometry = PointCloudNormals.Estimate(geometry);
        Device device = ComputeDevice.Resolve(options.Device);
        if (options.Threads is { } threads) set_num_threads(threads);

        BoundingBox bounds = resume?.Model.Bounds ?? BoundingBox.Of(geometry.Positions);
        SdfNormalization normalization = resume?.Model.Normalization ?? SdfNormalization.Fit(bounds, options.NormalizedExtent);
        int step = resume?.Step ?? 0;
        int totalSteps = options.Steps ?? (options.Minutes is null ? step + TrainingOptions.DefaultSteps : int.MaxValue);
        TimeSpan budget = options.Minutes is { } minutes ? TimeSpan.FromMinutes(minutes) : TimeSpan.MaxValue;

        ISignedDistance? field = SignedDistanceFor(geometry, options.Recipe);
        if (field is MeshSignedDistance meshField) geometry = TriangleOrientation.Outward(geometry, meshField).Geometry;
        // A resumed run draws fresh samples rather than replaying the first run's.
        var sampler = new SurfaceSampler(geometry, normalization, options.Seed + step, field);
        using var initGenerator = new Generator((ulong)options.Seed + 1);
        using var network = resume is null
            ? new SirenSdf(options.HiddenLayers, options.HiddenWidth, options.Omega0, initGenerator)
            : new SirenSdf(resume.Model.Network);
        network.to(device);
        var parameters = network.parameters().ToList();
        using var optimizer = optim.Adam(parameters, options.LearningRate);
        if (resume is { OptimizerState.Length: > 0 }) OptimizerState.Load(optimizer, resume.OptimizerState);
        using var guard = new DivergenceGuard(parameters, optimizer, EarlierRollbacks(resume));

        int firstStep = step;
        var history = new List<TrainingProgress>();
        var clock = Stopwatch.StartNew();
        TimeSpan lastCheckpoint = TimeSpan.Zero;
        LossTerms loss = default;
        double rate = options.LearningRate;
        TrainingCheckpoint Snapshot() => new(new SdfModel(network.ToNetwork(), normalization, bounds,
                Metadata(geometry, normalsEstimated, options, rate, sampler.IsSupervised, device, step, clock.Elapsed, loss, guard.Rollbacks)),
            step, OptimizerState.Save(optimizer));

        while (step < totalSteps && clock.Elapsed < budget && !cancellation.IsCancellationRequested)
        {
            using (NewDisposeScope())
            {
                rate = options.LearningRate * guard.LearningRateScale *
                       LearningRateSchedule.Factor(LearningRateSchedule.Progress(step, totalSteps, clock.Elapsed, budget));
                foreach (ParamGroup group in optimizer.ParamGroups) group.LearningRate = rate;
                optimizer.zero_grad();
                (Tensor total, LossTerms terms) = Loss(network, sampler, options.BatchSize, device);
                if (guard.IsDiverging(terms.Total))
                {
                    guard.RollBack();
                    continue;
                }
                total.backward();
                nn.utils.clip_grad_norm_(parameters, options.GradientClip);
                optimizer.step();
                loss = terms;
            }
            step++;
            guard.Accept(loss.Total, step);

            if (step % ProgressEverySteps == 0 || step == totalSteps)
            {
                var report = new TrainingProgress(step, EstimateTotal(firstStep, step, totalSteps, clock.Elapsed, budget), firstStep, clock.Elapsed, loss);
                history.Add(report);
                progress?.Report(report);
            }
            if (checkpoint is not null && (clock.Elapsed - lastCheckpoint).TotalSeconds >= options.CheckpointSeconds)
            {
                checkpoint(Snapshot());
                lastCheckpoint = clock.Elapsed;
            }
        }
        TrainingCheckpoint final = Snapshot();
        return new TrainingResult(final.Model, step, clock.Elapsed, loss, cancellation.IsCancellationRequested, final, history);
    }

    private static int EarlierRollbacks(TrainingCheckpoint? resume) =>
        resume is not null && resume.Model.Metadata.TryGetValue("training.rollbacks", out string? text) &&
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int rollbacks) && rollbacks > 0 ? rollbacks : 0;

    private static ISignedDistance? SignedDistanceFor(InputGeometry geometry, TrainingRecipe recipe)
    {
        if (recipe == TrainingRecipe.Siren) return null;
        ISignedDistance? field = SignedDistanceFactory.For(geometry);
        if (field is null && recipe == TrainingRecipe.Supervised)
            throw new ArgumentException($"--recipe supervised needs a signed distance, but {geometry.SourcePath} is a point cloud without normals");
        return field;
    }

    private static (Tensor Total, LossTerms Terms) Loss(SirenSdf network, SurfaceSampler sampler, int batch, Device device)
    {
        (Tensor onPoints, Tensor? normals) = sampler.SampleSurface(batch);
        Tensor? targets = null, targetGradients = null;
        Tensor spacePoints;
        if (sampler.IsSupervised) (spacePoints, targets, targetGradients) = sampler.SampleSupervised(batch);
        else spacePoints = sampler.SampleSpace(batch);

        Tensor points = cat([onPoints, spacePoints]).to(device).requires_grad_(true);
        Tensor f = network.forward(points);
        Tensor gradient = autograd.grad([f], [points], [ones_like(f)], retain_graph: true, create_graph: true)[0];

        Tensor fOn = f[..batch], fSpace = f[batch..];
        Tensor surface = fOn.abs().mean();
        Tensor eikonal = (linalg.vector_norm(gradient, ord: 2, dims: [1]) - 1).abs().mean();
        Tensor total = SurfaceWeight * surface + EikonalWeight * eikonal;
        double normalValue = 0, offSurfaceValue = 0, signedDistanceValue = 0, directionValue = 0;
        if (normals is not null)
        {
            Tensor normal = (1 - nn.functional.cosine_similarity(gradient[..batch], normals.to(device), dim: 1)).mean();
            total = total + NormalWeight * normal;
            normalValue = normal.item<float>();
        }
        if (targets is not null && targetGradients is not null)
        {
            Tensor signedDistance = (fSpace.clamp(-SignedDistanceClamp, SignedDistanceClamp) -
                                     targets.to(device).clamp(-SignedDistanceClamp, SignedDistanceClamp)).abs().mean();
            Tensor direction = DirectionLoss(gradient[batch..], targetGradients.to(device));
            total = total + SignedDistanceWeight * signedDistance + DirectionWeight * direction;
            signedDistanceValue = signedDistance.item<float>();
            directionValue = direction.item<float>();
        }
        else
        {
            Tensor offSurface = exp(-OffSurfaceSharpness * fSpace.abs()).mean();
            total = total + OffSurfaceWeight * offSurface;
            offSurfaceValue = offSurface.item<float>();
        }
        var terms = new LossTerms(total.item<float>(), surface.item<float>(), normalValue, offSurfaceValue, signedDistanceValue, directionValue,
            eikonal.item<float>());
        return (total, terms);
    }

    /// <summary>Mean 1 − cos(∇f, ∇s) over the points whose target gradient is defined (non-zero).</summary>
    private static Tensor DirectionLoss(Tensor gradient, Tensor target)
    {
        Tensor defined = (linalg.vector_norm(target, ord: 2, dims: [1]) > 0.5f).to(gradient.dtype);
        Tensor misalignment = 1 - nn.functional.cosine_similarity(gradient, target, dim: 1);
        return (misalignment * defined).sum() / defined.sum().clamp_min(1);
    }

    private static int EstimateTotal(int firstStep, int step, int totalSteps, TimeSpan elapsed, TimeSpan budget)
    {
        if (budget == TimeSpan.MaxValue) return totalSteps;
        long byTime = firstStep + (long)((step - firstStep) * (budget / elapsed));
        return (int)Math.Clamp(Math.Min(byTime, totalSteps), step, int.MaxValue);
    }

    private static Dictionary<string, string> Metadata(InputGeometry geometry, bool normalsEstimated, TrainingOptions options, double rate, bool supervised, Device device, int step,
        TimeSpan elapsed, LossTerms loss, int rollbacks)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, string>
        {
            ["training.source"] = Path.GetFileName(geometry.SourcePath),
            ["training.source_kind"] = geometry.IsMesh ? "mesh" : geometry.Normals is null || normalsEstimated ? "point cloud" : "point cloud with normals",
            ["training.recipe"] = supervised ? "supervised" : "siren",
            ["training.steps"] = step.ToString(CultureInfo.InvariantCulture),
            ["training.seconds"] = F(Math.Round(elapsed.TotalSeconds, 2)),
            ["training.loss"] = F(loss.Total),
            ["training.loss_surface"] = F(loss.Surface),
            ["training.loss_eikonal"] = F(loss.Eikonal),
            ["training.learning_rate"] = F(options.LearningRate),
            ["training.learning_rate_last"] = F(rate),
            ["training.rollbacks"] = rollbacks.ToString(CultureInfo.InvariantCulture),
            ["training.batch"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["training.seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["training.device"] = device.type.ToString().ToLowerInvariant(),
            ["training.date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["training.tool"] = "neuralsdf " + typeof(SdfTrainer).Assembly.GetName().Version,
        };
        if (normalsEstimated) metadata["training.normals"] = "estimated";
        return metadata;
    }
}
