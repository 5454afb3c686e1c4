using System.Numerics;

namespace NeuralSdf.Training.Supervision;

/// <summary>
/// The true signed distance to an input shape, for supervising a network at sample points.
/// Distances are negative inside the shape and positive outside, in the shape's own units.
/// </summary>
/// <remarks>
/// Implementations are immutable after construction and safe to call from several threads at once.
/// They parallelize large batches themselves (chunks over the thread pool), so callers pass whole batches
/// rather than splitting them. A non-finite query point gives <see cref="float.NaN"/>.
/// </remarks>
public interface ISignedDistance
{
    /// <summary>Writes the signed distance of each of <paramref name="points"/> into the same index of
    /// <paramref name="distances"/>; the two spans must have the same length.</summary>
    void Evaluate(ReadOnlySpan<Vector3> points, Span<float> distances);

    /// <summary>
    /// As <see cref="Evaluate(ReadOnlySpan{Vector3}, Span{float})"/>, and also writes the gradient of the distance
    /// at each point into <paramref name="gradients"/> (same length): the unit direction in which the distance grows
    /// fastest, or zero where it is undefined (on the surface itself, or at a non-finite point).
    /// </summary>
    void Evaluate(ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients);
}
