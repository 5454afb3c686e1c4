using System.Diagnostics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Training;

/// <summary>The loss of one step, term by term; each field kind has its own record of terms.</summary>
public interface ILossTerms
{
    /// <summary>The weighted sum that is minimized.</summary>
    double Total { get; }
}

/// <summary>Where a run of the loop stands, for the snapshot it writes.</summary>
/// <param name="Step">Steps taken, over all runs when resumed.</param>
/// <param name="Elapsed">This run's training time.</param>
/// <param name="Loss">The last step's loss terms.</param>
/// <param name="LearningRate">The learning rate of the last step.</param>
/// <param name="Rollbacks">Rollbacks of this run and the runs it resumes.</param>
internal readonly record struct LoopState<TLoss>(int Step, TimeSpan Elapsed, TLoss Loss, double LearningRate, int Rollbacks);

/// <summary>What a run of the loop produced.</summary>
/// <param name="Final">The final state as a checkpoint; null for a network that is not a field (a baseline for comparisons).</param>
internal sealed record LoopResult<TLoss>(TrainingCheckpoint? Final, int Steps, TimeSpan Elapsed, TLoss FinalLoss, bool Cancelled,
    IReadOnlyList<TrainingProgress<TLoss>> History);

/// <summary>
/// The optimizer loop every field kind and backend shares: the learning-rate schedule, the divergence guard, the step and
/// time budget, progress reports, checkpoints and cancellation. What is minimized and how a step's gradient and Adam
/// update are computed comes from an <see cref="ITrainingBackend{TLoss}"/>; what a checkpoint holds, from a delegate that
/// turns the current network into a <see cref="NeuralField"/>. A network with no field (a baseline for comparisons)
/// trains without checkpoints.
/// </summary>
internal static class TrainingLoop
{
    private const int ProgressEverySteps = 10;

    /// <summary>Runs until the step or time budget of <paramref name="options"/> ends or <paramref name="cancellation"/> fires.</summary>
    /// <param name="backend">The network, its loss and its optimizer (with any resumed moments already loaded).</param>
    /// <param name="options">Budget, learning rate, clipping, checkpoint interval.</param>
    /// <param name="toField">The field of the current weights at a given state, for checkpoints and the result; null for a network that is not a field.</param>
    /// <param name="resume">The checkpoint this run continues (its step count and rollbacks), or null.</param>
    /// <param name="progress">Receives a report every few steps; may be null.</param>
    /// <param name="checkpoint">Called with the state so far every <see cref="TrainingOptions.CheckpointSeconds"/>; may be null, and must be without <paramref name="toField"/>.</param>
    /// <param name="cancellation">Stops after the current step.</param>
    public static LoopResult<TLoss> Run<TLoss>(ITrainingBackend<TLoss> backend, TrainingOptions options, Func<LoopState<TLoss>, NeuralField>? toField,
        TrainingCheckpoint? resume, IProgress<TrainingProgress<TLoss>>? progress, Action<TrainingCheckpoint>? checkpoint, CancellationToken cancellation)
        where TLoss : struct, ILossTerms
    {
        if (toField is null && checkpoint is not null) throw new ArgumentException("checkpoints need a field to hold", nameof(checkpoint));
        int step = resume?.Step ?? 0;
        int totalSteps = options.Steps ?? (options.Minutes is null ? step + TrainingOptions.DefaultSteps : int.MaxValue);
        TimeSpan budget = options.Minutes is { } minutes ? TimeSpan.FromMinutes(minutes) : TimeSpan.MaxValue;
        var guard = new DivergenceGuard<TLoss>(backend, resume?.Rollbacks ?? 0);

        int firstStep = step;
        var history = new List<TrainingProgress<TLoss>>();
        var clock = Stopwatch.StartNew();
        TimeSpan lastCheckpoint = TimeSpan.Zero;
        TLoss loss = default;
        double rate = options.LearningRate;
        TrainingCheckpoint? Snapshot() => toField is null
            ? null
            : new(toField(new LoopState<TLoss>(step, clock.Elapsed, loss, rate, guard.Rollbacks)), step, backend.SaveOptimizerState());

        while (step < totalSteps && clock.Elapsed < budget && !cancellation.IsCancellationRequested)
        {
            rate = options.LearningRate * guard.LearningRateScale *
                   LearningRateSchedule.Factor(LearningRateSchedule.Progress(step, totalSteps, clock.Elapsed, budget), options.DecayStart);
            TLoss terms = backend.ComputeGradients();
            if (guard.IsDiverging(terms.Total))
            {
                guard.RollBack();
                continue;
            }
            backend.Step(rate, options.GradientClip);
            loss = terms;
            step++;
            guard.Accept(loss.Total, step);

            if (step % ProgressEverySteps == 0 || step == totalSteps)
            {
                var report = new TrainingProgress<TLoss>(step, EstimateTotal(firstStep, step, totalSteps, clock.Elapsed, budget), firstStep, clock.Elapsed, loss);
                history.Add(report);
                progress?.Report(report);
            }
            if (checkpoint is not null && (clock.Elapsed - lastCheckpoint).TotalSeconds >= options.CheckpointSeconds)
            {
                checkpoint(Snapshot()!);
                lastCheckpoint = clock.Elapsed;
            }
        }
        return new LoopResult<TLoss>(Snapshot(), step, clock.Elapsed, loss, cancellation.IsCancellationRequested, history);
    }

    private static int EstimateTotal(int firstStep, int step, int totalSteps, TimeSpan elapsed, TimeSpan budget)
    {
        if (budget == TimeSpan.MaxValue) return totalSteps;
        long byTime = firstStep + (long)((step - firstStep) * (budget / elapsed));
        return (int)Math.Clamp(Math.Min(byTime, totalSteps), step, int.MaxValue);
    }
}
