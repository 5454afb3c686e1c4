using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// Draws the training points of one step as tensors in normalized space: surface points with normals,
/// points spread uniformly in [−1, 1]³, and (when a signed distance is known) supervised points with their
/// true distance. All sampling runs on the CPU with one seeded generator, so a run is reproducible whatever the device.
/// </summary>
public sealed class SurfaceSampler
{
    private readonly SurfacePointSampler _surface;
    private readonly SignedDistancePool? _pool;
    private readonly Random _random;

    /// <summary>Prepares sampling of <paramref name="geometry"/> mapped through <paramref name="normalization"/>.</summary>
    /// <param name="geometry">The input surface.</param>
    /// <param name="normalization">World-to-normalized transform.</param>
    /// <param name="seed">Seed of the one generator behind every draw.</param>
    /// <param name="field">The true signed distance (world units), or null for the unsupervised recipe.</param>
    /// <param name="poolSize">How many supervised points to precompute.</param>
    /// <param name="shellHalfThickness">For a shell around a mesh, its half-thickness in world units (surface samples then lie on its sides); 0 for the surface.</param>
    public SurfaceSampler(InputGeometry geometry, SdfNormalization normalization, long seed, ISignedDistance? field = null, int poolSize = 1 << 18,
        float shellHalfThickness = 0)
    {
        _surface = new SurfacePointSampler(geometry, normalization.ToNormalized, shellHalfThickness * normalization.Scale);
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        if (field is not null) _pool = new SignedDistancePool(field, _surface, normalization, poolSize, _random);
    }

    /// <summary>Whether surface samples come with normals.</summary>
    public bool HasNormals => _surface.HasNormals;

    /// <summary>Whether <see cref="SampleSupervised"/> is available.</summary>
    public bool IsSupervised => _pool is not null;

    /// <summary>Draws <paramref name="count"/> surface points [count, 3] and their normals [count, 3] (null without normals).</summary>
    public (Tensor Points, Tensor? Normals) SampleSurface(int count)
    {
        var points = new Vector3[count];
        var normals = new Vector3[count];
        _surface.Sample(_random, points, normals);
        return (VectorTensor.From(points), HasNormals ? VectorTensor.From(normals) : null);
    }

    /// <summary>Draws <paramref name="count"/> points uniformly in [−1, 1]³ as a tensor [count, 3].</summary>
    public Tensor SampleSpace(int count)
    {
        float[] values = new float[3 * count];
        for (int i = 0; i < values.Length; i++) values[i] = 2 * _random.NextSingle() - 1;
        return tensor(values, [count, 3]);
    }

    /// <summary>Draws <paramref name="count"/> space and near-surface points [count, 3] with their true signed distances
    /// [count, 1] and the distances' gradients [count, 3] (unit vectors, zero where undefined).</summary>
    public (Tensor Points, Tensor Distances, Tensor Gradients) SampleSupervised(int count) =>
        (_pool ?? throw new InvalidOperationException("This sampler has no signed distance to supervise with.")).Draw(count, _random);
}
