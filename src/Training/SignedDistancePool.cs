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

    // Each draw is a random pick: one record per point keeps it to one cache miss rather than three.
    private readonly Sample[] _samples;

    private readonly record struct Sample(Vector3 Point, float Distance, Vector3 Gradient);

    public SignedDistancePool(ISignedDistance field, SurfacePointSampler surface, SdfNormalization normalization, int count, Random random)
    {
        var points = new Vector3[count];
        int spaceCount = count / 2;
        for (int i = 0; i < spaceCount; i++)
            points[i] = new Vector3(2 * random.NextSingle() - 1, 2 * random.NextSingle() - 1, 2 * random.NextSingle() - 1);
        Span<Vector3> near = points.AsSpan(spaceCount);
        surface.Sample(random, near, new Vector3[near.Length]);
        for (int i = 0; i < near.Length; i++)
        {
            float sigma = NearSurfaceSigmas[i % NearSurfaceSigmas.Length];
            near[i] += sigma * new Vector3(Gaussian(random), Gaussian(random), Gaussian(random));
        }

        var world = new Vector3[count];
        for (int i = 0; i < count; i++) world[i] = normalization.ToWorld(points[i]);
        float[] distances = new float[count];
        var gradients = new Vector3[count];
        field.Evaluate(world, distances, gradients); // normalization is a uniform scale: gradients carry over
        _samples = new Sample[count];
        for (int i = 0; i < count; i++) _samples[i] = new Sample(points[i], distances[i] * normalization.Scale, gradients[i]);
    }

    public int Count => _samples.Length;

    /// <summary>Draws points with their signed distances (normalized units) and the distances' gradients (unit vectors, zero where undefined).</summary>
    public void Draw(Random random, Span<Vector3> points, Span<float> distances, Span<Vector3> gradients)
    {
        for (int i = 0; i < points.Length; i++)
        {
            Sample sample = _samples[random.Next(_samples.Length)];
            points[i] = sample.Point;
            distances[i] = sample.Distance;
            gradients[i] = sample.Gradient;
        }
    }

    private static float Gaussian(Random random) =>
        MathF.Sqrt(-2 * MathF.Log(1 - random.NextSingle())) * MathF.Cos(2 * MathF.PI * random.NextSingle());
}
