using System.CommandLine;
using NeuralSdf.Training;
using NeuralSdf.Training.Images;

namespace NeuralSdf.Cli;

/// <summary>The training options that <c>fit-image</c> and <c>blend</c> share, with the image defaults; one instance per command.</summary>
internal sealed class ImageTrainingOptions
{
    private static readonly TrainingOptions Defaults = ImageTrainer.DefaultOptions;
    private const double ViewCheckpointSeconds = 5;

    public Option<int?> Steps { get; } = new("--steps") { Description = $"Optimizer steps (default {TrainingOptions.DefaultSteps} unless --minutes is given)" };
    public Option<double?> Minutes { get; } = new("--minutes") { Description = "Time budget in minutes (with --steps, whichever ends first)" };
    public Option<int> Hidden { get; } = new("--hidden") { Description = "Width of each hidden layer", DefaultValueFactory = _ => Defaults.HiddenWidth };
    public Option<int> Layers { get; } = new("--layers") { Description = "Number of hidden (sine) layers", DefaultValueFactory = _ => Defaults.HiddenLayers };
    public Option<double> Omega { get; } = new("--omega") { Description = "ω₀ of the sine layers", DefaultValueFactory = _ => Defaults.Omega0 };
    public Option<int> Batch { get; } = new("--batch") { Description = "Pixels per step (the whole image when it has fewer)", DefaultValueFactory = _ => Defaults.BatchSize };
    public Option<double> LearningRate { get; } = new("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => Defaults.LearningRate };
    public Option<long> Seed { get; } = new("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
    public Option<string> Device { get; } = new("--device") { Description = "auto (CUDA when available), cpu or cuda", DefaultValueFactory = _ => "auto" };
    public Option<int?> Threads { get; } = new("--threads") { Description = "CPU threads for training (default: one per core)" };
    public Option<double> CheckpointSeconds { get; } = new("--checkpoint-seconds") { Description = $"Rewrite the field file this often while training (default {Defaults.CheckpointSeconds:0} s, {ViewCheckpointSeconds:0} s with --view)", DefaultValueFactory = _ => Defaults.CheckpointSeconds };
    public Option<string?> Resume { get; } = new("--resume") { Description = "Continue training from this field file (and its .state sidecar); --steps counts from the first run" };
    public Option<bool> View { get; } = new("--view") { Description = "Open the image viewer on the field file at the first checkpoint; it reloads each checkpoint (needs a display)" };
    public Option<bool> NoReport { get; } = new("--no-report") { Description = "Skip FIELD.report.html (source, fit and error side by side, PSNR and SSIM against time)" };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Steps, Minutes, Hidden, Layers, Omega, Batch, LearningRate, Seed, Device, Threads, CheckpointSeconds, Resume, View, NoReport })
            command.Options.Add(option);
    }

    public TrainingOptions Read(ParseResult parse) => Defaults with
    {
        Steps = parse.GetValue(Steps),
        Minutes = parse.GetValue(Minutes),
        HiddenWidth = parse.GetValue(Hidden),
        HiddenLayers = parse.GetValue(Layers),
        Omega0 = parse.GetValue(Omega),
        BatchSize = parse.GetValue(Batch),
        LearningRate = parse.GetValue(LearningRate),
        Seed = parse.GetValue(Seed),
        Device = parse.GetValue(Device)!,
        Threads = parse.GetValue(Threads),
        CheckpointSeconds = parse.GetValue(View) && parse.GetResult(CheckpointSeconds) is null or { Implicit: true }
            ? ViewCheckpointSeconds
            : parse.GetValue(CheckpointSeconds),
    };
}
