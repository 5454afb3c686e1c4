using System.CommandLine;
using NeuralSdf.Training;

namespace NeuralSdf.Cli;

/// <summary>
/// The training options every fitting command shares (<c>fit</c>, <c>fit-image</c>, <c>blend</c>), with that command's
/// defaults: budget, architecture, optimizer, device, checkpoints, resume, report and <c>--view</c>. One instance per command.
/// </summary>
internal sealed class TrainingCommandOptions
{
    /// <summary>How often a fit watched with <c>--view</c> checkpoints unless told otherwise, in seconds.</summary>
    public const double ViewCheckpointSeconds = 5;

    private readonly TrainingOptions _defaults;

    /// <param name="defaults">The command's defaults.</param>
    /// <param name="file">What the command writes, for the descriptions: "model" or "field".</param>
    /// <param name="batch">What <c>--batch</c> counts.</param>
    /// <param name="report">What the report holds.</param>
    public TrainingCommandOptions(TrainingOptions defaults, string file, string batch, string report)
    {
        _defaults = defaults;
        Steps = new("--steps") { Description = $"Optimizer steps (default {TrainingOptions.DefaultSteps} unless --minutes is given)" };
        Minutes = new("--minutes") { Description = "Time budget in minutes (with --steps, whichever ends first)" };
        Hidden = new("--hidden") { Description = "Width of each hidden layer", DefaultValueFactory = _ => defaults.HiddenWidth };
        Layers = new("--layers") { Description = "Number of hidden (sine) layers", DefaultValueFactory = _ => defaults.HiddenLayers };
        Omega = new("--omega") { Description = "ω₀ of the sine layers", DefaultValueFactory = _ => defaults.Omega0 };
        Batch = new("--batch") { Description = batch, DefaultValueFactory = _ => defaults.BatchSize };
        LearningRate = new("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => defaults.LearningRate };
        DecayStart = new("--decay-start")
        {
            Description = "Fraction of the budget at the full learning rate before it decays (a cosine to 5 %)", DefaultValueFactory = _ => defaults.DecayStart,
        };
        Seed = new("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
        Device = new("--device") { Description = "auto (CUDA when available), cpu or cuda", DefaultValueFactory = _ => "auto" };
        Backend = new("--backend")
        {
            Description = "How steps are computed: auto (NeuralSdf's fused CPU kernels on the CPU, TorchSharp on CUDA), torch, or cpu (the fused kernels; shapes only)",
            DefaultValueFactory = _ => defaults.Backend,
        };
        Threads = new("--threads") { Description = "CPU threads for training (default: one per core)" };
        CheckpointSeconds = new("--checkpoint-seconds")
        {
            Description = $"Rewrite the {file} file this often while training (default {defaults.CheckpointSeconds:0} s, {ViewCheckpointSeconds:0} s with --view)",
            DefaultValueFactory = _ => defaults.CheckpointSeconds,
        };
        Resume = new("--resume") { Description = $"Continue training from this {file} file (and its .state sidecar); --steps counts from the first run" };
        View = new("--view") { Description = $"Open the viewer on the {file} file at the first checkpoint; it reloads each checkpoint (needs a display)" };
        NoReport = new("--no-report") { Description = $"Skip the report beside the {file} ({report})" };
    }

    public Option<int?> Steps { get; }
    public Option<double?> Minutes { get; }
    public Option<int> Hidden { get; }
    public Option<int> Layers { get; }
    public Option<double> Omega { get; }
    public Option<int> Batch { get; }
    public Option<double> LearningRate { get; }
    public Option<double> DecayStart { get; }
    public Option<long> Seed { get; }
    public Option<string> Device { get; }
    public Option<string> Backend { get; }
    public Option<int?> Threads { get; }
    public Option<double> CheckpointSeconds { get; }
    public Option<string?> Resume { get; }
    public Option<bool> View { get; }
    public Option<bool> NoReport { get; }

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Steps, Minutes, Hidden, Layers, Omega, Batch, LearningRate, DecayStart, Seed, Device, Backend, Threads, CheckpointSeconds, Resume, NoReport, View })
            command.Options.Add(option);
    }

    /// <summary>Whether <paramref name="option"/> was on the command line (not only its default).</summary>
    public static bool IsGiven(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>The options as given, over the command's defaults; <c>--view</c> shortens the checkpoint interval unless it was set.</summary>
    public TrainingOptions Read(ParseResult parse) => Read(parse, _defaults);

    /// <summary>
    /// The options as given, over <paramref name="defaults"/> where an option was left out (a command whose defaults depend
    /// on another of its options, as <c>fit-image</c>'s on <c>--supervise</c>).
    /// </summary>
    public TrainingOptions Read(ParseResult parse, TrainingOptions defaults)
    {
        T Value<T>(Option<T> option, T fallback) => parse.GetResult(option) is null or { Implicit: true } ? fallback : parse.GetValue(option)!;
        return defaults with
        {
            Steps = parse.GetValue(Steps),
            Minutes = parse.GetValue(Minutes),
            HiddenWidth = Value(Hidden, defaults.HiddenWidth),
            HiddenLayers = Value(Layers, defaults.HiddenLayers),
            Omega0 = Value(Omega, defaults.Omega0),
            BatchSize = Value(Batch, defaults.BatchSize),
            LearningRate = Value(LearningRate, defaults.LearningRate),
            DecayStart = Value(DecayStart, defaults.DecayStart),
            Seed = parse.GetValue(Seed),
            Device = parse.GetValue(Device)!,
            Backend = Value(Backend, defaults.Backend),
            Threads = parse.GetValue(Threads),
            CheckpointSeconds = Value(CheckpointSeconds, parse.GetValue(View) ? ViewCheckpointSeconds : defaults.CheckpointSeconds),
        };
    }
}
