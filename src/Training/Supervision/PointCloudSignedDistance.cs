using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Metrics;

namespace NeuralSdf.Training.Supervision;

/// <summary>
/// An approximate signed distance to the surface a point cloud with normals samples.
/// </summary>
/// <remarks>
/// <para>This is an estimate, not an exact distance: the surface between samples is unknown.</para>
/// <para>Magnitude: the distance d to the nearest sample p with normal n. Near the surface that is biased
/// upward by the sampling density (a query on the surface between samples is about half a spacing from every
/// sample), so there the distance t = |(q − p)·n| to p's tangent plane takes over. The local spacing is
/// measured at the query: h, the distance to the 8th nearest sample (≥ d). The magnitude is
/// t + (d − t)·(d/h)²: the tangent-plane distance when q is much closer to the surface than the samples are
/// to each other (d ≪ h), the point distance when q is many spacings away (d/h → 1), and continuous in
/// between. The tangent plane's own error is about (spacing)² × curvature.</para>
/// <para>Sign: a vote over the k = 8 nearest samples, each voting sign((q − p_i)·n_i) with weight 1/|q − p_i|;
/// negative total means inside. Normals must point outward. It is reliable a few spacings from the surface
/// and for surfaces thicker than the neighbourhood; on thin sheets, in sparse regions or near wrong normals
/// it may be wrong, which is the price of having no connectivity.</para>
/// <para>Gradient: the nearest sample's normal n where q lies over the sampled neighbourhood of p (as on any
/// smooth part, near or far), and ±(q − p)/d where q lies off to the side of it (beyond an edge or the end of a
/// thin part), blended by how far q is from p along the tangent plane against p's own sample spacing.</para>
/// </remarks>
public sealed class PointCloudSignedDistance : ISignedDistance
{
    /// <summary>Neighbours that vote on the sign (and that define the local spacing).</summary>
    public const int NeighbourCount = 8;

    private readonly Vector3[] _points;
    private readonly Vector3[] _normals;
    private readonly KdTree _tree;
    private readonly float[] _spacings;

    /// <summary>Builds the search tree; one finite non-zero (outward) normal per point, normalized here.</summary>
    public PointCloudSignedDistance(ReadOnlySpan<Vector3> points, ReadOnlySpan<Vector3> normals)
    {
        if (points.IsEmpty) throw new ArgumentException("A point-cloud signed distance needs at least one point; got none.", nameof(points));
        if (normals.Length != points.Length)
            throw new ArgumentException($"There are {normals.Length} normals for {points.Length} points; expected one per point.", nameof(normals));
        _points = points.ToArray();
        _normals = new Vector3[normals.Length];
        for (int i = 0; i < _points.Length; i++)
        {
            Vector3 p = _points[i], n = normals[i];
            if (!p.IsFinite()) throw new ArgumentException($"Point {i} is {p}; coordinates must be finite.", nameof(points));
            float length = n.Length();
            if (!float.IsFinite(length) || !(length > 0))
                throw new ArgumentException($"Normal {i} is {n}; expected a finite non-zero vector.", nameof(normals));
            _normals[i] = n / length;
        }
        _tree = new KdTree(_points);
        _spacings = new float[_points.Length];
        Parallel.For(0, _points.Length, () => (new int[NeighbourCount + 1], new float[NeighbourCount + 1]), (i, _, buffers) =>
        {
            int found = _tree.Nearest(_points[i], buffers.Item1, buffers.Item2);
            _spacings[i] = MathF.Sqrt(buffers.Item2[found - 1]);
            return buffers;
        }, _ => { });
    }

    /// <summary>The number of points.</summary>
    public int PointCount => _points.Length;

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<Vector3> points, Span<float> distances) => ParallelBatch.Run(points, distances, [], Distance);

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients) =>
        ParallelBatch.Run(points, distances, gradients, Distance);

    /// <summary>The estimated signed distance at one point: negative inside.</summary>
    public float Distance(Vector3 query) => Distance(query, out _);

    /// <summary>The estimated signed distance at one point, and its estimated gradient (unit length; zero where the
    /// normal and the away direction cancel, or at a non-finite point).</summary>
    public float Distance(Vector3 query, out Vector3 gradient)
    {
        gradient = Vector3.Zero;
        if (!query.IsFinite()) return float.NaN;
        Span<int> indices = stackalloc int[NeighbourCount];
        Span<float> squared = stackalloc float[NeighbourCount];
        int found = _tree.Nearest(query, indices, squared);

        float vote = 0;
        for (int i = 0; i < found; i++)
        {
            Vector3 p = _points[indices[i]];
            float side = Vector3.Dot(query - p, _normals[indices[i]]);
            float distance = MathF.Sqrt(squared[i]);
            vote += MathF.Sign(side) / MathF.Max(distance, 1e-30f);
        }

        int nearest = indices[0];
        Vector3 offset = query - _points[nearest], normal = _normals[nearest];
        float pointDistance = MathF.Sqrt(squared[0]);
        float spacing = MathF.Sqrt(squared[found - 1]);
        float sign = vote < 0 ? -1 : 1;
        float magnitude = pointDistance;
        if (pointDistance < spacing)
        {
            float planeDistance = MathF.Abs(Vector3.Dot(offset, normal));
            float t = pointDistance / spacing;
            magnitude = planeDistance + (pointDistance - planeDistance) * t * t;
        }
        gradient = Gradient(offset, normal, pointDistance, _spacings[nearest], sign);
        return sign * magnitude;
    }

    /// <summary>
    /// The nearest sample's normal while the query lies over the sample's neighbourhood (its offset along the tangent
    /// plane under the sample's own spacing, the distance to its 8th neighbour), the direction away from the sample once
    /// it lies well beyond it (past an edge or the end of a thin part; offset over twice that), and a normalized blend between.
    /// </summary>
    private static Vector3 Gradient(Vector3 offset, Vector3 normal, float pointDistance, float sampleSpacing, float sign)
    {
        if (!(pointDistance > 0)) return normal;
        float across = (offset - Vector3.Dot(offset, normal) * normal).Length();
        float w = sampleSpacing > 0 ? Math.Clamp(across / sampleSpacing - 1, 0, 1) : 1;
        Vector3 blend = (1 - w) * normal + w * sign * offset / pointDistance;
        float length = blend.Length();
        return length > 1e-6f ? blend / length : Vector3.Zero; // the two directions can cancel where they disagree
    }
}
