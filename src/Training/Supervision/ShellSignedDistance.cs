using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Training.Supervision;

/// <summary>
/// The signed distance to a thin solid shell around a surface: the unsigned distance to the surface less half the
/// shell's thickness, so negative within that distance of it. For an open or single-sided mesh (a half-shell asset, a
/// leaf, a flag), whose winding number cannot tell inside from outside, this is the solid a user expects to see.
/// </summary>
public sealed class ShellSignedDistance : ISignedDistance
{
    private readonly MeshSignedDistance _surface;
    private readonly float _tolerance;

    /// <param name="surface">The mesh; only its unsigned distance is used.</param>
    /// <param name="halfThickness">How far the shell reaches from the surface on each side, in the mesh's units.</param>
    public ShellSignedDistance(MeshSignedDistance surface, float halfThickness)
    {
        ArgumentNullException.ThrowIfNull(surface);
        if (!(halfThickness > 0) || !float.IsFinite(halfThickness))
            throw new ArgumentOutOfRangeException(nameof(halfThickness), halfThickness, "A shell needs a positive, finite half-thickness.");
        _surface = surface;
        HalfThickness = halfThickness;
        _tolerance = 1e-6f * (float)surface.Bounds.Diagonal;
    }

    /// <summary>How far the shell reaches from the surface on each side.</summary>
    public float HalfThickness { get; }

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<Vector3> points, Span<float> distances) => ParallelBatch.Run(points, distances, [], Distance);

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients) =>
        ParallelBatch.Run(points, distances, gradients, Distance);

    /// <summary>The shell's signed distance at one point, and its gradient: the unit vector from the closest surface point
    /// towards the query; zero on the surface itself, where the shell's middle has no direction.</summary>
    public float Distance(Vector3 query, out Vector3 gradient)
    {
        gradient = Vector3.Zero;
        if (!query.IsFinite()) return float.NaN;
        (float distance, Vector3 closest) = _surface.Closest(query);
        if (distance > _tolerance) gradient = (query - closest) / distance;
        return distance - HalfThickness;
    }
}
