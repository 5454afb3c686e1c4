namespace NeuralSdf.Training.Cpu;

/// <summary>
/// A loss that is a sum over points of terms in each point's outputs and their first derivatives, differentiated by hand
/// for the fused CPU path (<see cref="FusedSirenTrainer"/>). Batch-wide normalizers (a mean's count) are fixed before the
/// batch runs, so each point's share and its derivatives depend on that point alone and blocks of points can be
/// differentiated on any thread.
/// </summary>
internal interface IPointLoss
{
    /// <summary>How many raw term sums <see cref="Differentiate"/> adds to.</summary>
    int TermCount { get; }

    /// <summary>
    /// Adds point <paramref name="point"/>'s unweighted contributions to <paramref name="terms"/> and writes the derivatives
    /// of the weighted total loss by its outputs and Jacobian.
    /// </summary>
    /// <param name="point">The point's index in the batch.</param>
    /// <param name="values">The network's outputs at the point [M].</param>
    /// <param name="jacobian">∂ output m / ∂ input n at <c>m·N + n</c> [M × N].</param>
    /// <param name="valueGradient">Receives ∂ loss / ∂ output [M].</param>
    /// <param name="jacobianGradient">Receives ∂ loss / ∂ Jacobian [M × N].</param>
    /// <param name="terms">Per-thread raw sums of the terms.</param>
    void Differentiate(int point, ReadOnlySpan<float> values, ReadOnlySpan<float> jacobian, Span<float> valueGradient, Span<float> jacobianGradient,
        Span<double> terms);
}
