using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// Keeps a recent good copy of the weights and optimizer moments, and restores it (at half the learning rate)
/// when the loss becomes non-finite or jumps far above its recent median — so a diverging run never writes garbage.
/// </summary>
internal sealed class DivergenceGuard : IDisposable
{
    private const int SnapshotEverySteps = 100;
    private const int Window = 50;
    private const double SpikeFactor = 10;

    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly OptimizerHelper _optimizer;
    private readonly Queue<double> _recent = new();
    private List<Tensor> _snapshot;
    private byte[] _optimizerSnapshot;

    /// <param name="parameters">The weights to guard.</param>
    /// <param name="optimizer">The optimizer whose moments are guarded with them.</param>
    /// <param name="earlierRollbacks">Rollbacks of the run this one resumes: their halvings of the learning rate carry over.</param>
    public DivergenceGuard(IReadOnlyList<Tensor> parameters, OptimizerHelper optimizer, int earlierRollbacks = 0)
    {
        _parameters = parameters;
        _optimizer = optimizer;
        Rollbacks = earlierRollbacks;
        LearningRateScale = Math.Pow(0.5, earlierRollbacks);
        (_snapshot, _optimizerSnapshot) = TakeSnapshot();
    }

    /// <summary>How many times the run (with the runs it resumes) was rolled back.</summary>
    public int Rollbacks { get; private set; }

    /// <summary>The factor on the learning rate that rollbacks left: halved by each.</summary>
    public double LearningRateScale { get; private set; } = 1;

    /// <summary>True when <paramref name="loss"/> says the weights have gone bad.</summary>
    public bool IsDiverging(double loss)
    {
        if (!double.IsFinite(loss)) return true;
        if (_recent.Count < Window) return false;
        double[] sorted = _recent.Order().ToArray();
        return loss > SpikeFactor * sorted[sorted.Length / 2];
    }

    /// <summary>Records a good step's loss; every few steps the weights are copied as the new rollback point.</summary>
    public void Accept(double loss, int step)
    {
        _recent.Enqueue(loss);
        if (_recent.Count > Window) _recent.Dequeue();
        if (step % SnapshotEverySteps != 0) return;
        DisposeSnapshot();
        (_snapshot, _optimizerSnapshot) = TakeSnapshot();
    }

    /// <summary>Restores the last snapshot and halves <see cref="LearningRateScale"/>.</summary>
    public void RollBack()
    {
        using (no_grad())
        {
            for (int i = 0; i < _parameters.Count; i++) _parameters[i].copy_(_snapshot[i]);
        }
        OptimizerState.Load(_optimizer, _optimizerSnapshot);
        LearningRateScale /= 2;
        _recent.Clear();
        Rollbacks++;
    }

    public void Dispose() => DisposeSnapshot();

    private (List<Tensor>, byte[]) TakeSnapshot()
    {
        var copies = _parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToList();
        return (copies, OptimizerState.Save(_optimizer));
    }

    private void DisposeSnapshot()
    {
        foreach (Tensor t in _snapshot) t.Dispose();
    }
}

/// <summary>Serializes an optimizer's state (moments, step counts, options) to bytes and back.</summary>
internal static class OptimizerState
{
    public static byte[] Save(OptimizerHelper optimizer)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
            optimizer.save_state_dict(writer);
        return memory.ToArray();
    }

    public static void Load(OptimizerHelper optimizer, byte[] state)
    {
        using var reader = new BinaryReader(new MemoryStream(state));
        optimizer.load_state_dict(reader);
    }
}
