using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>
/// Evaluates a signed distance function at a batch of points: writes the distance of <c>points[n]</c> to
/// <c>distances[n]</c> (negative inside). Both spans have the same length; neither may be kept after the call.
/// </summary>
/// <param name="points">The points to evaluate.</param>
/// <param name="distances">Receives one signed distance per point.</param>
public delegate void SampleBatch(ReadOnlySpan<Vector3> points, Span<float> distances);
