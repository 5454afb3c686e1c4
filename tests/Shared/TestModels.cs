using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Tests;

/// <summary>Seeded random SIRENs with the SIREN initialization and a non-trivial normalization, so folding is exercised.</summary>
internal static class TestModels
{
    /// <summary>World bounds off the origin and not a cube: center (3, −0.75, 1.5), largest edge 3.</summary>
    public static readonly BoundingBox Bounds = new(new Vector3(1.5f, -2f, 0.5f), new Vector3(4.5f, 0.5f, 2.5f));

    /// <summary>
    /// A random SIREN 3 → hidden… → 1 with ω₀ = 30: first layer U(−1/3, 1/3), the others U(−√(6/n)/ω₀, √(6/n)/ω₀)
    /// (weights and biases), normalized so <see cref="Bounds"/> fills [−1, 1] along its largest edge.
    /// </summary>
    public static SdfModel RandomSiren(int seed, params int[] hidden) => RandomSiren(seed, Bounds, hidden);

    /// <summary>As <see cref="RandomSiren(int, int[])"/>, normalized to other bounds.</summary>
    public static SdfModel RandomSiren(int seed, BoundingBox bounds, params int[] hidden)
    {
        const float omega = 30f;
        var random = new Random(seed);
        var layers = new List<DenseLayer>();
        int inputs = 3;
        foreach (int outputs in hidden.Append(1))
        {
            float limit = layers.Count == 0 ? 1f / inputs : MathF.Sqrt(6f / inputs) / omega;
            layers.Add(new DenseLayer(inputs, outputs, Uniform(random, inputs * outputs, limit), Uniform(random, outputs, limit)));
            inputs = outputs;
        }
        return new SdfModel(new SirenNetwork(layers, omega), SdfNormalization.Fit(bounds, 1f), bounds,
            new Dictionary<string, string> { ["training.source"] = "random", ["training.seed"] = seed.ToString() });
    }

    /// <summary>A random image field 2 → hidden… → <paramref name="channels"/> of a 40×24 image, values mapped [−1, 1] → [0, 1].</summary>
    public static ImageField RandomImageField(int seed, int channels, params int[] hidden)
    {
        const float omega = 30f;
        var random = new Random(seed);
        var layers = new List<DenseLayer>();
        int inputs = 2;
        foreach (int outputs in hidden.Append(channels))
        {
            float limit = layers.Count == 0 ? 1f / inputs : MathF.Sqrt(6f / inputs) / omega;
            layers.Add(new DenseLayer(inputs, outputs, Uniform(random, inputs * outputs, limit), Uniform(random, outputs, limit)));
            inputs = outputs;
        }
        return ImageField.Create(new SirenNetwork(layers, omega), 40, 24, OutputAffine.Uniform(channels, 0.5f, 0.5f), "srgb");
    }

    /// <summary>
    /// <paramref name="model"/> with its output layer scaled so the median |∇f| over seeded points around its bounds is 1:
    /// the same zero level set, with distances closer to a true SDF's (and |∇f| on both sides of 1).
    /// </summary>
    public static SdfModel WithMedianUnitGradient(SdfModel model)
    {
        float[] lengths = PointsAround(model.Bounds, 2000, 7).Select(p => model.Gradient(p).Length()).Order().ToArray();
        float factor = 1f / lengths[lengths.Length / 2];
        IReadOnlyList<DenseLayer> layers = model.Network.Layers;
        DenseLayer last = layers[^1];
        var scaled = new DenseLayer(last.Inputs, last.Outputs, last.Weights.Select(w => w * factor).ToArray(), last.Bias.Select(b => b * factor).ToArray());
        return new SdfModel(new SirenNetwork([.. layers.Take(layers.Count - 1), scaled], model.Network.Omega0), model.Normalization, model.Bounds, model.Metadata);
    }

    /// <summary>Seeded points in the bounds grown by a quarter of their size on every side.</summary>
    public static Vector3[] PointsAround(BoundingBox bounds, int count, int seed)
    {
        var random = new Random(seed);
        BoundingBox box = bounds.Inflate(0.25f * MathF.Max(bounds.Size.X, MathF.Max(bounds.Size.Y, bounds.Size.Z)));
        var points = new Vector3[count];
        for (int i = 0; i < count; i++)
            points[i] = box.Min + box.Size * new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle());
        return points;
    }

    private static float[] Uniform(Random random, int count, float limit)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (2f * random.NextSingle() - 1f) * limit;
        return values;
    }
}
