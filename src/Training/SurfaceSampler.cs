using System.Numerics;
using System.Runtime.InteropServices;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// Draws the training points of one step as tensors in normalized space: surface points with normals
/// and points spread uniformly in [−1, 1]³. Sampling runs on the CPU with one seeded generator, so a run
/// is reproducible whatever the device.
/// </summary>
public sealed class SurfaceSampler
{
    private readonly SurfacePointSampler _surface;
    private readonly Random _random;

    /// <summary>Prepares sampling of <paramref name="geometry"/> mapped through <paramref name="normalization"/>.</summary>
    public SurfaceSampler(InputGeometry geometry, SdfNormalization normalization, long seed)
    {
        _surface = new SurfacePointSampler(geometry, normalization.ToNormalized);
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
    }

    /// <summary>Whether surface samples come with normals.</summary>
    public bool HasNormals => _surface.HasNormals;

    /// <summary>Draws <paramref name="count"/> surface points [count, 3] and their normals [count, 3] (null without normals).</summary>
    public (Tensor Points, Tensor? Normals) SampleSurface(int count)
    {
        var points = new Vector3[count];
        var normals = new Vector3[count];
        _surface.Sample(_random, points, normals);
        return (ToTensor(points), HasNormals ? ToTensor(normals) : null);
    }

    /// <summary>Draws <paramref name="count"/> points uniformly in [−1, 1]³ as a tensor [count, 3].</summary>
    public Tensor SampleSpace(int count)
    {
        float[] values = new float[3 * count];
        for (int i = 0; i < values.Length; i++) values[i] = 2 * _random.NextSingle() - 1;
        return tensor(values, [count, 3]);
    }

    private static Tensor ToTensor(Vector3[] vectors) =>
        tensor(MemoryMarshal.Cast<Vector3, float>(vectors.AsSpan()).ToArray(), [vectors.Length, 3]);
}
