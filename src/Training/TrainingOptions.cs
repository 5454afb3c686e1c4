namespace NeuralSdf.Training;

/// <summary>
/// Everything a fit can be told. The defaults are what measured best on a 2-core CPU
/// (see bench/RESULTS.md); the SIREN paper's GPU recipe is 4 hidden layers of 256.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The step count used when neither <see cref="Steps"/> nor <see cref="Minutes"/> is given.</summary>
    public const int DefaultSteps = 8000;

    /// <summary>Optimizer steps to run; with <see cref="Minutes"/> too, whichever ends first.</summary>
    public int? Steps { get; init; }

    /// <summary>Wall-clock budget in minutes; with <see cref="Steps"/> too, whichever ends first.</summary>
    public double? Minutes { get; init; }

    /// <summary>Which loss to minimize; <see cref="TrainingRecipe.Auto"/> supervises the signed distance whenever the input allows.</summary>
    public TrainingRecipe Recipe { get; init; } = TrainingRecipe.Auto;

    /// <summary>For a mesh: the solid its winding number encloses, or a thin shell around its surface (an open or single-sided mesh).</summary>
    public ShellMode Shell { get; init; } = ShellMode.Auto;

    /// <summary>The shell's whole thickness in the input's units; null: <see cref="Supervision.SurfaceClosure.DefaultThicknessShare"/> of its diagonal.</summary>
    public double? ShellThickness { get; init; }

    /// <summary>Number of sine layers.</summary>
    public int HiddenLayers { get; init; } = 3;

    /// <summary>Width of every sine layer.</summary>
    public int HiddenWidth { get; init; } = 128;

    /// <summary>ω₀ of every sine layer.</summary>
    public double Omega0 { get; init; } = 30;

    /// <summary>
    /// Surface points per step; the same number of space points is drawn too. At an equal number of points seen, smaller
    /// batches fitted better (batches of 4,096, 2,048, 1,024 and 512 over 6.5 M points: normal consistency 0.963, 0.967, 0.971
    /// and 0.973 on a held-out cow), and below 1,024 the per-step overhead eats the gain (bench/RESULTS.md).
    /// </summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Adam learning rate: with batches of 1,024, 5e-4 fitted best of 1e-4 to 1e-3 (bench/RESULTS.md).</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>
    /// Fraction of the run (by steps or time, whichever is further) trained at <see cref="LearningRate"/> before a cosine
    /// decay to 5 % of it (see <see cref="LearningRateSchedule"/>).
    /// </summary>
    public double DecayStart { get; init; } = LearningRateSchedule.DefaultDecayStart;

    /// <summary>Seed for initialization and sampling; the same seed and thread count give the same model on the CPU.</summary>
    public long Seed { get; init; }

    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>
    /// How a shape fit computes its steps: <c>auto</c> (the fused CPU kernels on the CPU, TorchSharp on CUDA), <c>torch</c>
    /// (TorchSharp, the reference) or <c>cpu</c> (the fused CPU kernels). Image fields always train on TorchSharp.
    /// </summary>
    public string Backend { get; init; } = "auto";

    /// <summary>Threads for training on the CPU; null: one per core.</summary>
    public int? Threads { get; init; }

    /// <summary>How often the model file is rewritten while training, in seconds.</summary>
    public double CheckpointSeconds { get; init; } = 30;

    /// <summary>Largest gradient norm; larger gradients are scaled down to it.</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Half-size of the normalized box the input is fitted into (the network sees [−1, 1]³).</summary>
    public float NormalizedExtent { get; init; } = 0.9f;

    /// <summary>Throws <see cref="TrainingOptionException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        if (Steps is <= 0) throw new TrainingOptionException(nameof(Steps), $"must be positive; got {Steps}");
        if (Minutes is { } m && !(m > 0)) throw new TrainingOptionException(nameof(Minutes), $"must be positive; got {m}");
        if (HiddenLayers is < 1 or > 16) throw new TrainingOptionException(nameof(HiddenLayers), $"must be 1 to 16; got {HiddenLayers}");
        if (HiddenWidth is < 4 or > 1024) throw new TrainingOptionException(nameof(HiddenWidth), $"must be 4 to 1024; got {HiddenWidth}");
        if (!(Omega0 > 0) || Omega0 > 1000) throw new TrainingOptionException(nameof(Omega0), $"must be in (0, 1000]; got {Omega0}");
        if (BatchSize is < 16 or > 1 << 20) throw new TrainingOptionException(nameof(BatchSize), $"must be 16 to 1,048,576; got {BatchSize}");
        if (!(LearningRate > 0) || LearningRate > 1) throw new TrainingOptionException(nameof(LearningRate), $"must be in (0, 1]; got {LearningRate}");
        if (!(DecayStart >= 0 && DecayStart < 1)) throw new TrainingOptionException(nameof(DecayStart), $"must be in [0, 1); got {DecayStart}");
        if (ShellThickness is { } shell && !(shell > 0 && double.IsFinite(shell))) throw new TrainingOptionException(nameof(ShellThickness), $"must be positive; got {shell}");
        if (Threads is < 1) throw new TrainingOptionException(nameof(Threads), $"must be at least 1; got {Threads}");
        if (!(CheckpointSeconds >= 0)) throw new TrainingOptionException(nameof(CheckpointSeconds), $"must not be negative; got {CheckpointSeconds}");
        if (!TrainingBackends.Choices.Contains(Backend.ToLowerInvariant())) throw new TrainingOptionException(nameof(Backend), $"'{Backend}' is not one of {string.Join(", ", TrainingBackends.Choices)}");
        if (!ComputeDevice.Choices.Contains(Device.ToLowerInvariant())) throw new TrainingOptionException(nameof(Device), $"'{Device}' is not one of {string.Join(", ", ComputeDevice.Choices)}");
    }
}
