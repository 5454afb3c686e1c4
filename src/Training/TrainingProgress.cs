namespace NeuralSdf.Training;

/// <summary>The loss of one step of a shape fit, term by term, before weighting.</summary>
/// <param name="Total">The weighted sum that is minimized.</param>
/// <param name="Surface">Mean |f| on the surface.</param>
/// <param name="Normal">Mean 1 − cos(∇f, n) on the surface (0 without normals).</param>
/// <param name="OffSurface">Mean exp(−100·|f|) at space points, penalizing stray zero crossings (SIREN recipe; else 0).</param>
/// <param name="SignedDistance">Mean |f − s| against the true signed distance s, both clamped to ±0.1 (supervised recipe; else 0).</param>
/// <param name="Direction">Mean 1 − cos(∇f, ∇s) at the supervised points (supervised recipe; else 0).</param>
/// <param name="Eikonal">Mean | |∇f| − 1 | at all points.</param>
public readonly record struct LossTerms(double Total, double Surface, double Normal, double OffSurface, double SignedDistance, double Direction,
    double Eikonal) : ILossTerms;

/// <summary>A progress report from a running fit.</summary>
/// <param name="Step">Steps done so far.</param>
/// <param name="TotalSteps">Steps planned (estimated from the time budget when that ends first).</param>
/// <param name="FirstStep">The step this run started from (non-zero when resumed).</param>
/// <param name="Elapsed">Wall-clock time since this run started.</param>
/// <param name="Loss">The loss terms of the latest step.</param>
public readonly record struct TrainingProgress<TLoss>(int Step, int TotalSteps, int FirstStep, TimeSpan Elapsed, TLoss Loss)
{
    /// <summary>Estimated time left, from this run's mean step time.</summary>
    public TimeSpan Remaining => Step == FirstStep ? TimeSpan.Zero : Elapsed / (Step - FirstStep) * Math.Max(0, TotalSteps - Step);
}
