using System.Globalization;
using NeuralSdf.Training.Images;

namespace NeuralSdf.Bench;

/// <summary>What the bench runs.</summary>
internal enum BenchMode
{
    /// <summary>SIREN against ReLU + positional encoding, PSNR against time.</summary>
    Compare,

    /// <summary>The Poisson fits of the cameraman (from its gradients, from its Laplacian), PSNR against time.</summary>
    Poisson,

    /// <summary>Makes the 256² images from scikit-image's 512² ones (2 × 2 box average).</summary>
    Prepare,

    /// <summary>How close a fit held to Sobel targets through the network's own derivative can come (<see cref="GradientCeiling"/>).</summary>
    GradientCeiling,
}

/// <summary>The command line, parsed once; lists are comma-separated (<c>--seconds 60,300</c>).</summary>
internal sealed record BenchOptions
{
    public BenchMode Mode { get; init; } = BenchMode.Compare;

    /// <summary>Training budgets of the comparison, in seconds.</summary>
    public IReadOnlyList<double> Seconds { get; init; } = [60];

    /// <summary>The Poisson fits' time limit.</summary>
    public double Minutes { get; init; } = 30;

    /// <summary>Seconds of training between full-image evaluations of the Poisson fits, and between rows of the comparison's table; null picks one.</summary>
    public double? Every { get; init; }

    /// <summary>Images to fit; empty means the defaults of the mode.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>Learning rates tried for the ReLU + PE baseline; the best is compared. Empty (<c>--baseline-lr none</c>): SIREN only.</summary>
    public IReadOnlyList<double> BaselineRates { get; init; } = [1e-3, 1e-4];

    /// <summary>SIREN learning rates to compare (the first is the one set against the baseline); null: the product's default.</summary>
    public IReadOnlyList<double>? SirenRates { get; init; }

    /// <summary>Where the learning rate's decay starts, for every run (null: the product's image default).</summary>
    public double? DecayStart { get; init; }

    /// <summary>Supervisions of the Poisson fits; null means the mode's own.</summary>
    public IReadOnlyList<ImageSupervision>? Supervisions { get; init; }

    /// <summary>Pixels per step of the Poisson fits (65,536 = the whole 256² image, as the paper); null: the product's default for each supervision.</summary>
    public IReadOnlyList<int>? Batches { get; init; }

    /// <summary>SIREN learning rates of the Poisson fits (null: the product's default for each supervision).</summary>
    public IReadOnlyList<double>? Rates { get; init; }

    /// <summary>Gradient-norm clips of the Poisson fits; infinity turns clipping off.</summary>
    public IReadOnlyList<double> Clips { get; init; } = [1];

    /// <summary>Stop a Poisson fit at its first evaluation at or above the paper's PSNR.</summary>
    public bool StopAtTarget { get; init; }

    /// <summary>libtorch's intra-op threads for every run; null keeps its default (one per core).</summary>
    public int? Threads { get; init; }

    /// <summary>Runs each measurement when the CPUs are quiet, again when others took them (<see cref="QuietGate"/>).</summary>
    public QuietGate Gate { get; init; } = DefaultGate(3);

    /// <summary>Prepare: the folder with scikit-image's originals, the folder to write, the file names.</summary>
    public string? From { get; init; }

    public string? To { get; init; }

    public IReadOnlyList<string> Names { get; init; } = ["camera.png", "astronaut.png", "brick.png"];

    public const string Usage =
        "ImageBench [--mode compare|poisson|prepare|gradient-ceiling] [--seconds 60,300] [--minutes 30] [--every S] [--image PATH]... [--threads N] [--tries 3 | --no-gate] [--decay-start 0.5]\n" +
        "  compare:    [--baseline-lr 1e-3,1e-4] [--siren-lr 1e-3]\n" +
        "  poisson:    [--supervision gradients,laplacian] [--batch 8192,65536] [--lr 1e-3] [--clip 1,inf] [--stop-at-target]\n" +
        "  prepare:    --from SKIMAGE_DATA_DIR --to DIR [NAMES...]";

    /// <exception cref="ArgumentException">An argument is unknown or malformed; the message names it.</exception>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var images = new List<string>();
        var names = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--mode" => options with { Mode = ParseMode(Value()) },
                "--seconds" => options with { Seconds = List(Value(), Number) },
                "--minutes" => options with { Minutes = Number(Value()) },
                "--every" => options with { Every = Number(Value()) },
                "--image" => AddTo(images, Value(), options),
                "--baseline-lr" => options with { BaselineRates = Value() is var rates && rates == "none" ? [] : List(rates, Number) },
                "--siren-lr" => options with { SirenRates = List(Value(), Number) },
                "--supervision" => options with { Supervisions = List(Value(), ParseSupervision) },
                "--batch" => options with { Batches = List(Value(), Integer) },
                "--decay-start" => options with { DecayStart = Number(Value()) },
                "--lr" => options with { Rates = List(Value(), Number) },
                "--clip" => options with { Clips = List(Value(), Number) },
                "--stop-at-target" => options with { StopAtTarget = true },
                "--no-gate" => options with { Gate = QuietGate.Off },
                "--tries" => options with { Gate = DefaultGate(Integer(Value())) },
                "--threads" => options with { Threads = Integer(Value()) },
                "--from" => options with { From = Value() },
                "--to" => options with { To = Value() },
                _ when !args[i].StartsWith("--") => AddTo(names, args[i], options),
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        if (options.Seconds.Any(s => !(s > 0)) || !(options.Minutes > 0) || options.Every is <= 0 || options.Threads is < 1)
            throw new ArgumentException("--seconds, --minutes, --every and --threads must be positive");
        return options with { Images = images, Names = names.Count > 0 ? names : options.Names };
    }

    /// <summary>Start at ≤ 5 % CPU pressure over 10 s, keep a run at ≤ 10 % (quiet 15 s runs measured 1–3 %), wait ≤ 20 min.</summary>
    private static QuietGate DefaultGate(int tries) => new(0.05, 0.10, Math.Max(1, tries), TimeSpan.FromMinutes(20));

    private static BenchOptions AddTo(List<string> list, string value, BenchOptions options)
    {
        list.Add(value);
        return options;
    }

    private static BenchMode ParseMode(string text) => text switch
    {
        "compare" => BenchMode.Compare,
        "poisson" => BenchMode.Poisson,
        "prepare" => BenchMode.Prepare,
        "gradient-ceiling" => BenchMode.GradientCeiling,
        _ => throw new ArgumentException($"--mode '{text}' is not one of compare, poisson, prepare, gradient-ceiling"),
    };

    private static ImageSupervision ParseSupervision(string text) => text switch
    {
        "values" => ImageSupervision.Values,
        "gradients" => ImageSupervision.Gradients,
        "laplacian" => ImageSupervision.Laplacian,
        _ => throw new ArgumentException($"--supervision '{text}' is not one of values, gradients, laplacian"),
    };

    private static IReadOnlyList<T> List<T>(string text, Func<string, T> parse) => text.Split(',').Select(s => parse(s.Trim())).ToArray();

    private static double Number(string text) =>
        text is "inf" or "none" ? double.PositiveInfinity
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
        : throw new ArgumentException($"'{text}' is not a number");

    private static int Integer(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw new ArgumentException($"'{text}' is not an integer");
}
