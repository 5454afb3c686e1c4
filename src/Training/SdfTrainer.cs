using System.Diagnostics;
using System.Numerics;
using System.Globalization;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Cpu;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>What a shape fit produced.</summary>
/// <param name="Model">The fitted model, in the input's units.</param>
/// <param name="Steps">Steps taken, over all runs when resumed.</param>
/// <param name="Elapsed">Training time.</param>
/// <param name="FinalLoss">Loss terms of the last step.</param>
/// <param name="Cancelled">True when the fit stopped early on the cancellation token (Ctrl-C).</param>
/// <param name="Checkpoint">The final state, to save for a later <c>--resume</c>.</param>
/// <param name="History">The progress reports of this run (every few steps), for plots.</param>
public sealed record TrainingResult(SdfModel Model, int Steps, TimeSpan Elapsed, LossTerms FinalLoss, bool Cancelled, TrainingCheckpoint Checkpoint,
    IReadOnlyList<TrainingProgress<LossTerms>> History);

/// <summary>What a fit makes of a mesh (<see cref="SdfTrainer.PlanShell"/>).</summary>
/// <param name="Closure">The mesh's closure, when it was measured (<see cref="ShellMode.Auto"/>).</param>
/// <param name="HalfThickness">The shell's half-thickness in the mesh's units, or null for the solid its winding number encloses.</param>
public sealed record ShellPlan(SurfaceClosure? Closure, float? HalfThickness);

/// <summary>
/// Fits a SIREN to the signed distance of a surface, through the shared <see cref="TrainingLoop"/>. The loss is the SIREN
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
    /// <summary>
    /// The ω₀ that a shell fit (<see cref="ShellMode"/>) takes by default on the command line. A shell 0.8 % of the diagonal
    /// thick asks the network to turn its gradient round within that distance, and at ω₀ 30 a 1-minute fit of an open
    /// hemisphere left its wall open near the rim (48 hole pixels in 7 views at 256²): ω₀ 60, 13; ω₀ 75, 3; ω₀ 90, 0 in three
    /// fits (bench/RESULTS.md). The surface is bumpier for it.
    /// </summary>
    public const double ShellOmega0 = 90;

    /// <summary>
    /// The learning rate a shell fit takes by default on the command line, with <see cref="ShellOmega0"/>: at lr 1e-4 a
    /// 1-minute fit of a single quad kept 5 hole pixels in 9 views, at 3e-4 none (and the hemisphere none either).
    /// </summary>
    public const double ShellLearningRate = 3e-4;

    /// <summary>
    /// The batch a shell fit takes by default on the command line: a thin wall needs many points a step. At an equal number of
    /// points seen (3.3 M, what a minute on an old 2-core AVX2 machine gives), batches of 1,024 left 99 hole pixels in 9 views of
    /// an open hemisphere and 46 of a half bunny; batches of 4,096, 1 and 1 (bench/RESULTS.md).
    /// </summary>
    public const int ShellBatchSize = 4096;

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
    public static TrainingResult Fit(InputGeometry geometry, TrainingOptions options, IProgress<TrainingProgress<LossTerms>>? progress = null,
        Action<TrainingCheckpoint>? checkpoint = null, CancellationToken cancellation = default, TrainingCheckpoint? resume = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        bool normalsEstimated = !geometry.IsMesh && geometry.Normals is null;
        if (normalsEstimated) geometry = PointCloudNormals.Estimate(geometry);
        Device device = ComputeDevice.Resolve(options.Device);
        bool fused = TrainingBackends.UsesFusedPath(options.Backend, device);
        if (!fused && options.Threads is { } threads) set_num_threads(threads);

        SdfModel? resumed = resume?.Model;
        BoundingBox inputBounds = BoundingBox.Of(geometry.Positions);
        if (!(Math.Max(inputBounds.Size.X, Math.Max(inputBounds.Size.Y, inputBounds.Size.Z)) > 0))
            throw new TrainingInputException($"{geometry.SourcePath}: all {geometry.Positions.Length:N0} points coincide; a shape needs extent");
        int step = resume?.Step ?? 0;

        ISignedDistance? field = SignedDistanceFor(geometry, options.Recipe);
        float shell = 0;
        if (field is MeshSignedDistance meshField)
        {
            if (PlanShell(geometry, meshField, options).HalfThickness is { } half)
            {
                shell = half;
                field = new ShellSignedDistance(meshField, half);
            }
            else geometry = TriangleOrientation.Outward(geometry, meshField).Geometry;
        }
        else if (options.Shell == ShellMode.On)
        {
            throw new TrainingInputException($"a shell is fitted around a mesh with the supervised recipe; {geometry.SourcePath} is {(geometry.IsMesh ? "fitted with the SIREN recipe" : "a point cloud")}");
        }
        // The shell reaches past the surface by its half-thickness.
        BoundingBox bounds = resumed?.Bounds ?? (shell > 0 ? inputBounds.Inflate(shell) : inputBounds);
        SdfNormalization normalization = resumed?.Normalization ?? SdfNormalization.Fit(bounds, options.NormalizedExtent);
        // A resumed run draws fresh samples rather than replaying the first run's.
        var sampler = new SurfaceSampler(geometry, normalization, options.Seed + step, field, shellHalfThickness: shell);
        // Both backends start from TorchSharp's initialization, so a seed gives them the same first weights.
        using var initGenerator = new Generator((ulong)options.Seed + 1);
        using var network = resumed is null
            ? new SirenModule(3, 1, options.HiddenLayers, options.HiddenWidth, options.Omega0, initGenerator)
            : new SirenModule(resumed.Network);
        byte[] optimizerState = resume?.OptimizerState ?? [];
        FusedSdfBackend? fusedBackend = null;
        ITrainingBackend<LossTerms> backend;
        if (fused)
            backend = fusedBackend = new FusedSdfBackend(network.ToNetwork(), sampler, options.BatchSize, options.Threads ?? Environment.ProcessorCount, optimizerState);
        else
        {
            network.to(device);
            backend = new TorchTrainingBackend<LossTerms>(network, new SdfObjective(sampler, options.BatchSize), device, options.LearningRate, optimizerState);
        }
        string backendName = fusedBackend?.Description ?? "torch";

        NeuralField ToField(LoopState<LossTerms> state) => new SdfModel(fusedBackend?.Network ?? network.ToNetwork(), normalization, bounds,
            Metadata(geometry, normalsEstimated, options, sampler.IsSupervised, shell, device, backendName, state)).Field;
        LoopResult<LossTerms> run;
        using (backend) run = TrainingLoop.Run(backend, options, ToField, resume, progress, checkpoint, cancellation);
        TrainingCheckpoint final = run.Final!;
        return new TrainingResult(final.Model, run.Steps, run.Elapsed, run.FinalLoss, run.Cancelled, final, run.History);
    }

    /// <summary>
    /// What a fit of <paramref name="mesh"/> with <paramref name="options"/> makes of it: with <see cref="ShellMode.Auto"/>,
    /// the mesh's closure measured over the fitting domain and a shell's half-thickness when its winding number leaves too
    /// much space undecided; with <see cref="ShellMode.On"/> or <see cref="ShellMode.Off"/>, that, unmeasured. A point cloud, or
    /// the SIREN recipe left to <see cref="ShellMode.Auto"/>, gets the solid, unmeasured.
    /// </summary>
    /// <param name="mesh">A triangle mesh.</param>
    /// <param name="options">Its <see cref="TrainingOptions.Shell"/>, <see cref="TrainingOptions.ShellThickness"/> and <see cref="TrainingOptions.NormalizedExtent"/> count.</param>
    public static ShellPlan PlanShell(InputGeometry mesh, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(options);
        // The SIREN recipe has no distance to shape a shell with: it fits what its surface terms give.
        if (!mesh.IsMesh || (options.Recipe == TrainingRecipe.Siren && options.Shell == ShellMode.Auto)) return new ShellPlan(null, null);
        return PlanShell(mesh, new MeshSignedDistance(mesh.Positions, mesh.Triangles), options);
    }

    private static ShellPlan PlanShell(InputGeometry mesh, MeshSignedDistance field, TrainingOptions options)
    {
        double diagonal = mesh.Bounds.Diagonal;
        if (options.Shell != ShellMode.Auto)
        {
            float? half = options.Shell == ShellMode.Off ? null : (float)((options.ShellThickness ?? SurfaceClosure.DefaultThicknessShare * diagonal) / 2);
            return new ShellPlan(null, half);
        }
        // The probes cover what the network sees: [−1, 1]³ in normalized units.
        SdfNormalization normalization = SdfNormalization.Fit(mesh.Bounds, options.NormalizedExtent);
        var domain = new BoundingBox(normalization.ToWorld(-Vector3.One), normalization.ToWorld(Vector3.One));
        SurfaceClosure closure = SurfaceClosure.Measure(mesh, field, domain, unchecked((int)options.Seed));
        return new ShellPlan(closure, closure.ShellHalfThickness(ShellMode.Auto, options.ShellThickness));
    }

    private static ISignedDistance? SignedDistanceFor(InputGeometry geometry, TrainingRecipe recipe)
    {
        if (recipe == TrainingRecipe.Siren) return null;
        ISignedDistance? field = SignedDistanceFactory.For(geometry);
        if (field is null && recipe == TrainingRecipe.Supervised)
            throw new TrainingInputException($"the supervised recipe needs a signed distance, but {geometry.SourcePath} is a point cloud without normals");
        return field;
    }

    private static Dictionary<string, string> Metadata(InputGeometry geometry, bool normalsEstimated, TrainingOptions options, bool supervised, float shell,
        Device device, string backend, LoopState<LossTerms> state)
    {
        (int step, TimeSpan elapsed, LossTerms loss, double rate, int rollbacks) = state;
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
            ["training.backend"] = backend,
            ["training.date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["training.tool"] = "neuralsdf " + typeof(SdfTrainer).Assembly.GetName().Version,
        };
        if (normalsEstimated) metadata["training.normals"] = "estimated";
        if (shell > 0) metadata["training.shell_thickness"] = F(2 * shell);
        return metadata;
    }
}
