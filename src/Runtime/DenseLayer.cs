namespace NeuralSdf.Runtime;

/// <summary>One fully connected layer: <c>z = W·x + b</c>, with <c>W</c> stored row-major as [outputs × inputs].</summary>
public sealed class DenseLayer
{
    /// <summary>Creates a layer; checks that the arrays match the sizes.</summary>
    public DenseLayer(int inputs, int outputs, float[] weights, float[] bias)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (weights.Length != inputs * outputs)
            throw new ArgumentException($"Layer {inputs}→{outputs} needs {inputs * outputs} weights; got {weights.Length}.", nameof(weights));
        if (bias.Length != outputs)
            throw new ArgumentException($"Layer {inputs}→{outputs} needs {outputs} biases; got {bias.Length}.", nameof(bias));
        Inputs = inputs;
        Outputs = outputs;
        Weights = weights;
        Bias = bias;
    }

    /// <summary>The number of inputs.</summary>
    public int Inputs { get; }

    /// <summary>The number of outputs.</summary>
    public int Outputs { get; }

    /// <summary>Weights, row-major: the weight from input <c>i</c> to output <c>o</c> is at <c>o * Inputs + i</c>.</summary>
    public float[] Weights { get; }

    /// <summary>One bias per output.</summary>
    public float[] Bias { get; }

    /// <summary>The weight from input <paramref name="input"/> to output <paramref name="output"/>.</summary>
    public float this[int output, int input] => Weights[output * Inputs + input];
}
