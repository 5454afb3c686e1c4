using NeuralSdf.Training;
using Spectre.Console;

namespace NeuralSdf.Cli;

/// <summary>Shows training progress: a live bar on a terminal, a plain line every few seconds when output is redirected.</summary>
internal static class TrainingConsole
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    /// <summary>A shape fit: the plan on one line, then its progress.</summary>
    public static TrainingResult Run(TrainingOptions options, Func<IProgress<TrainingProgress<LossTerms>>, CancellationToken, TrainingResult> fit, CancellationToken cancellation)
    {
        Console.WriteLine($"Fitting {options.HiddenLayers}×{options.HiddenWidth} SIREN (ω₀ {options.Omega0}), {options.BatchSize:N0}+{options.BatchSize:N0} points/step, lr {options.LearningRate:G3}, " +
            $"{Budget(options)}; Ctrl-C stops and saves.");
        return Run(fit, Describe, cancellation);
    }

    /// <summary>The step or time budget of <paramref name="options"/> in words.</summary>
    public static string Budget(TrainingOptions options) =>
        $"{(options.Steps is { } s ? $"{s:N0} steps" : "")}{(options.Steps is not null && options.Minutes is not null ? " or " : "")}{(options.Minutes is { } m ? $"{m:0.##} min" : "")}" +
        $"{(options.Steps is null && options.Minutes is null ? $"{TrainingOptions.DefaultSteps:N0} steps" : "")}";

    /// <summary>Runs <paramref name="fit"/> with a live bar (or plain lines) whose text <paramref name="describe"/> writes.</summary>
    public static TResult Run<TResult, TLoss>(Func<IProgress<TrainingProgress<TLoss>>, CancellationToken, TResult> fit, Func<TrainingProgress<TLoss>, string> describe,
        CancellationToken cancellation)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            DateTime last = DateTime.MinValue;
            return fit(new SynchronousProgress<TLoss>(p =>
            {
                if (DateTime.UtcNow - last < PlainInterval && p.Step < p.TotalSteps) return;
                last = DateTime.UtcNow;
                Console.WriteLine(describe(p));
            }), cancellation);
        }

        TResult? result = default;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: 1);
                result = fit(new SynchronousProgress<TLoss>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalSteps);
                    task.Value = p.Step;
                    task.Description = Markup.Escape(describe(p));
                }), cancellation);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private static string Describe(TrainingProgress<LossTerms> p) =>
        $"step {p.Step:N0}/{p.TotalSteps:N0}  loss {p.Loss.Total:0.000} (surface {p.Loss.Surface:0.0000}, normal {p.Loss.Normal:0.000}, " +
        (p.Loss.SignedDistance > 0 ? $"sdf {p.Loss.SignedDistance:0.0000}, direction {p.Loss.Direction:0.000}" : $"off {p.Loss.OffSurface:0.000}") + $", eikonal {p.Loss.Eikonal:0.000})  {p.Elapsed.TotalSeconds:0}s, ETA {p.Remaining.TotalSeconds:0}s";

    /// <summary>Reports on the training thread (<c>Progress&lt;T&gt;</c> would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress<TLoss>(Action<TrainingProgress<TLoss>> report) : IProgress<TrainingProgress<TLoss>>
    {
        public void Report(TrainingProgress<TLoss> value) => report(value);
    }
}
