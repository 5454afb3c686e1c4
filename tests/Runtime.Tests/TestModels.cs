using System.Numerics;

namespace NeuralSdf.Runtime.Tests;

/// <summary>Seeded SIREN models with the paper's initialization, for tests that need a network but no training.</summary>
internal static class TestModels
{
    public static SdfModel RandomSiren(int seed, int hiddenLayers = 2, int width = 32, float omega0 = 30f,
        SdfNormalization? normalization = null)
    {
        var random = new Random(seed);
        var layers = new List<DenseLayer>();
        for (int i = 0; i <= hiddenLayers; i++)
        {
            int inputs = i == 0 ? 3 : width;
            int outputs = i == hiddenLayers ? 1 : width;
            float bound = i == 0 ? 1f / inputs : MathF.Sqrt(6f / inputs) / omega0;
            float[] weights = Enumerable.Range(0, inputs * outputs).Select(_ => Uniform(random, bound)).ToArray();
            float[] bias = Enumerable.Range(0, outputs).Select(_ => Uniform(random, 1f / MathF.Sqrt(inputs))).ToArray();
            layers.Add(new DenseLayer(inputs, outputs, weights, bias));
        }
        SdfNormalization n = normalization ?? new SdfNormalization(new Vector3(0.5f, -1.25f, 2f), 0.4f);
        var bounds = new BoundingBox(n.ToWorld(new Vector3(-0.9f)), n.ToWorld(new Vector3(0.9f)));
        return new SdfModel(new SirenNetwork(layers, omega0), n, bounds,
            new Dictionary<string, string> { ["training.source"] = "random", ["training.seed"] = seed.ToString() });
    }

    /// <summary>Seeded points spread over the model's bounds and a margin around them.</summary>
    public static Vector3[] PointsAround(SdfModel model, int count, int seed)
    {
        var random = new Random(seed);
        BoundingBox box = model.Bounds.Inflate(0.1f * model.Bounds.Diagonal);
        return Enumerable.Range(0, count).Select(_ => box.Min + box.Size * new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle())).ToArray();
    }

    private static float Uniform(Random random, float bound) => (2 * random.NextSingle() - 1) * bound;
}
