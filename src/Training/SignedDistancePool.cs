using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Supervision;

namespace NeuralSdf.Training;

/// <summary>
/// Points in normalized space with their true signed distance and its gradient, computed once before training
/// and drawn from at every step: half spread uniformly over [−1, 1]³, half near the surface (a surface sample moved
/// along a random direction by a Gaussian offset, at several scales), which is where the network needs detail.
/// </summary>
internal sealed class SignedDistancePool
{
    private static readonly float[] NearSurfaceSigmas = [0.003f, 0.01f, 0.04f];

    private readonly Vector3[] _points;
    private readonly float[] _distances;
    private readonly Vector3[] _gradients;

    public SignedDistancePool(ISignedDistance field, SurfacePointSampler surface, SdfNormalization normalization, int count, Random random)
    {
        _points = new Vector3[count];
        int spaceCount = count / 2;
        for (int i = 0; i < spaceCount; i++)
            _points[i] = new Vector3(2 * random.NextSingle() - 1, 2 * random.NextSingle() - 1, 2 * random.NextSingle() - 1);
        Span<Vector3> near = _points.AsSpan(spaceCount);
        surface.Sample(random, near, new Vector3[near.Length]);
        for (int i = 0; i < near.Length; i++)
        {
            float sigma = NearSurfaceSigmas[i % NearSurfaceSigmas.Length];
            near[i] += sigma * new Vector3(Gaussian(random), Gaussian(random), Gaussian(random));
        }

        var world = new Vector3[count];
        for (int i = 0; i < count; i++) world[i] = normalization.ToWorld(_points[i]);
        _distances = new float[count];
        _gradients = new Vector3[count];
        field.Evaluate(world, _distances, _gradients); // normalization is a uniform scale: gradients carry over
        for (int i = 0; i < count; i++) _distances[i] *= normalization.Scale;
    }

    public int Count => _points.Length;

    /// <summary>Draws points with their signed distances (normalized units) and the distances' gradients (unit vectors, zero where undefined).</summary>
    public void Draw(Random random, Span<Vector3> points, Span<float> distances, Span<Vector3> gradients)
    {
        for (int i = 0; i < points.Length; i++)
        {
            int pick = random.Next(_points.Length);
            points[i] = _points[pick];
            distances[i] = _distances[pick];
            gradients[i] = _gradients[pick];
        }
    }

    private static float Gaussian(Random random) =>
        MathF.Sqrt(-2 * MathF.Log(1 - random.NextSingle())) * MathF.Cos(2 * MathF.PI * random.NextSingle());
}
