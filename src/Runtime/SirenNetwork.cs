namespace NeuralSdf.Runtime;

/// <summary>
/// A SIREN: hidden layers <c>h = sin(ω₀·(W·x + b))</c> followed by one linear output layer. It maps
/// <see cref="InputCount"/> normalized inputs to <see cref="OutputCount"/> raw outputs; a <see cref="NeuralField"/>
/// adds the affine maps that turn those into world units and meaningful values.
/// </summary>
public sealed class SirenNetwork
{
    /// <summary>Creates a network from its layers; checks that the sizes chain from one layer to the next.</summary>
    public SirenNetwork(IReadOnlyList<DenseLayer> layers, float omega0)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count < 2)
            throw new ArgumentException($"A SIREN needs at least one hidden layer and an output layer; got {layers.Count} layers.", nameof(layers));
        for (int i = 1; i < layers.Count; i++)
        {
            if (layers[i].Inputs != layers[i - 1].Outputs)
                throw new ArgumentException($"Layer {i} takes {layers[i].Inputs} inputs but layer {i - 1} gives {layers[i - 1].Outputs}.", nameof(layers));
        }
        if (!float.IsFinite(omega0) || omega0 <= 0)
            throw new ArgumentOutOfRangeException(nameof(omega0), omega0, "ω₀ must be a positive finite number.");
        Layers = layers;
        Omega0 = omega0;
    }

    /// <summary>The layers in evaluation order; all but the last are sine layers, the last is linear.</summary>
    public IReadOnlyList<DenseLayer> Layers { get; }

    /// <summary>The frequency factor ω₀ applied inside every sine layer.</summary>
    public float Omega0 { get; }

    /// <summary>The number of inputs (3 for a shape, 2 for an image).</summary>
    public int InputCount => Layers[0].Inputs;

    /// <summary>The number of outputs (1 for a shape's distance, 1 to 4 for an image's channels).</summary>
    public int OutputCount => Layers[^1].Outputs;

    /// <summary>The number of sine (hidden) layers.</summary>
    public int HiddenLayerCount => Layers.Count - 1;

    /// <summary>The widest hidden layer.</summary>
    public int MaxWidth => Layers.Take(Layers.Count - 1).Max(l => l.Outputs);

    /// <summary>The total number of weights and biases.</summary>
    public int ParameterCount => Layers.Sum(l => l.Weights.Length + l.Bias.Length);

    /// <summary>A short description such as <c>3→128→128→128→1, ω₀ = 30</c>.</summary>
    public string Describe() =>
        $"{InputCount}→" + string.Join("→", Layers.Select(l => l.Outputs)) + $", ω₀ = {Omega0:0.###}";
}
