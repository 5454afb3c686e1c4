using NeuralSdf.Runtime;

namespace NeuralSdf.Cli.Tests;

/// <summary>Seeded random image fields (no training): enough structure across a small image for the viewer's tests.</summary>
internal static class TestImageFields
{
    /// <summary>
    /// A SIREN 2 → hidden… → 3, ω₀ = 30, with the SIREN initialization in its sine layers and an output layer drawn
    /// from U(−0.3, 0.3), so the colours vary by about ±0.2 around mid grey (output map 0.25 · raw + 0.5) over a few
    /// periods across the image.
    /// </summary>
    public static ImageField Random(int seed, int width, int height, params int[] hidden)
    {
        const float omega = 30f;
        var random = new Random(seed);
        var layers = new List<DenseLayer>();
        int inputs = 2;
        foreach (int outputs in hidden.Append(3))
        {
            bool first = layers.Count == 0, last = layers.Count == hidden.Length;
            float limit = last ? 0.3f : first ? 1f / inputs : MathF.Sqrt(6f / inputs) / omega;
            layers.Add(new DenseLayer(inputs, outputs, Uniform(random, inputs * outputs, limit), Uniform(random, outputs, limit)));
            inputs = outputs;
        }
        return ImageField.Create(new SirenNetwork(layers, omega), width, height, OutputAffine.Uniform(3, 0.25f, 0.5f), "srgb",
            new Dictionary<string, string> { ["training.source"] = "random", ["training.seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    private static float[] Uniform(Random random, int count, float limit)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (2f * random.NextSingle() - 1f) * limit;
        return values;
    }
}
