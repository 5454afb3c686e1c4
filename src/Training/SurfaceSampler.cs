using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;

namespace NeuralSdf.Training;

/// <summary>
/// Draws the training points of one step (<see cref="SdfBatch"/>) in normalized space: surface points with normals,
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

    /// <summary>Whether space points come with their true signed distance.</summary>
    public bool IsSupervised => _pool is not null;

    /// <summary>Fills <paramref name="batch"/> with a fresh draw: surface points (and normals), then space points (and their true distances when supervised).</summary>
    /// <exception cref="InvalidOperationException">The batch asks for supervision this sampler cannot give.</exception>
    internal void Sample(SdfBatch batch)
    {
        if (batch.Distances is not null && _pool is null) throw new InvalidOperationException("This sampler has no signed distance to supervise with.");
        _surface.Sample(_random, batch.SurfacePoints, batch.Normals ?? Span<Vector3>.Empty);
        if (batch.Distances is not null) _pool!.Draw(_random, batch.SpacePoints, batch.Distances, batch.DistanceGradients!);
        else
        {
            foreach (ref Vector3 point in batch.SpacePoints)
                point = new Vector3(2 * _random.NextSingle() - 1, 2 * _random.NextSingle() - 1, 2 * _random.NextSingle() - 1);
        }
    }

    /// <summary>A batch of <paramref name="size"/> this sampler fills: with normals when the surface has them, supervised when it can be.</summary>
    internal SdfBatch CreateBatch(int size) => new(size, HasNormals, IsSupervised);
}
