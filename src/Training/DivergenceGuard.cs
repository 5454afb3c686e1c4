namespace NeuralSdf.Training;

/// <summary>
/// Keeps a recent good copy of the weights and optimizer moments (through the backend's rollback point), and restores it
/// at half the learning rate when the loss becomes non-finite or jumps far above its recent median — so a diverging run
/// never writes garbage.
/// </summary>
internal sealed class DivergenceGuard<TLoss> where TLoss : struct, ILossTerms
{
    private const int SnapshotEverySteps = 100;
    private const int Window = 50;
    private const double SpikeFactor = 10;

    private readonly ITrainingBackend<TLoss> _backend;
    private readonly Queue<double> _recent = new();
    private readonly double[] _sorted = new double[Window];

    /// <param name="backend">The training state to guard; its rollback point is set now.</param>
    /// <param name="earlierRollbacks">Rollbacks of the run this one resumes: their halvings of the learning rate carry over.</param>
    public DivergenceGuard(ITrainingBackend<TLoss> backend, int earlierRollbacks = 0)
    {
        _backend = backend;
        Rollbacks = earlierRollbacks;
        LearningRateScale = Math.Pow(0.5, earlierRollbacks);
        backend.SaveRollbackPoint();
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
        _recent.CopyTo(_sorted, 0);
        Array.Sort(_sorted);
        return loss > SpikeFactor * _sorted[Window / 2];
    }

    /// <summary>Records a good step's loss; every few steps the weights are copied as the new rollback point.</summary>
    public void Accept(double loss, int step)
    {
        _recent.Enqueue(loss);
        if (_recent.Count > Window) _recent.Dequeue();
        if (step % SnapshotEverySteps == 0) _backend.SaveRollbackPoint();
    }

    /// <summary>Restores the last rollback point and halves <see cref="LearningRateScale"/>.</summary>
    public void RollBack()
    {
        _backend.RollBack();
        LearningRateScale /= 2;
        _recent.Clear();
        Rollbacks++;
    }
}
