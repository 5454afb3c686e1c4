using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// The SIREN paper's baseline: NeRF's positional encoding <c>(x, sin(2ᵏπx), cos(2ᵏπx))</c> for k &lt; L of every input,
/// then ReLU layers and a linear output. Initialized as the SIREN code initializes its ReLU nets (Kaiming normal, fan-in;
/// PyTorch's default bias). <c>fit-image --compare</c> trains it beside the SIREN at the same parameter count.
/// </summary>
public sealed class PositionalReluModule : FieldModule
{
    private readonly ModuleList<Linear> layers;
    private readonly float[] frequencies;

    /// <summary>The encoding's frequency count L that the SIREN paper's baseline uses on images (NeRF's for positions).</summary>
    public const int DefaultFrequencyCount = 10;

    /// <summary>
    /// Creates a freshly initialized network from <paramref name="inputs"/> (encoded with <paramref name="frequencyCount"/>
    /// frequencies each) to <paramref name="outputs"/> with <paramref name="hiddenLayers"/> ReLU layers of <paramref name="hiddenWidth"/>.
    /// </summary>
    public PositionalReluModule(int inputs, int outputs, int frequencyCount, int hiddenLayers, int hiddenWidth, Generator generator) : base(nameof(PositionalReluModule))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        ArgumentOutOfRangeException.ThrowIfNegative(frequencyCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenLayers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenWidth);
        frequencies = Enumerable.Range(0, frequencyCount).Select(k => (float)(Math.Pow(2, k) * Math.PI)).ToArray();
        layers = new ModuleList<Linear>();
        for (int i = 0; i <= hiddenLayers; i++)
        {
            int layerInputs = i == 0 ? EncodedWidth(inputs, frequencyCount) : hiddenWidth;
            var layer = nn.Linear(layerInputs, i == hiddenLayers ? outputs : hiddenWidth);
            using (no_grad())
            {
                // kaiming_normal_(fan_in, relu) is N(0, 2/n); TorchSharp's takes no generator, so it is spelled out to stay seeded.
                layer.weight!.normal_(0, Math.Sqrt(2.0 / layerInputs), generator);
                layer.bias!.uniform_(-1 / Math.Sqrt(layerInputs), 1 / Math.Sqrt(layerInputs), generator);
            }
            layers.Add(layer);
        }
        RegisterComponents();
    }

    /// <summary>The encoding's width: each input, and a sine and a cosine of it per frequency.</summary>
    public static int EncodedWidth(int inputs, int frequencyCount) => inputs * (1 + 2 * frequencyCount);

    /// <summary>Weights and biases of a net of this shape.</summary>
    public static long ParameterCount(int inputs, int outputs, int frequencyCount, int hiddenLayers, int hiddenWidth)
    {
        long w = hiddenWidth;
        return (EncodedWidth(inputs, frequencyCount) + 1) * w + (hiddenLayers - 1) * (w + 1) * w + (w + 1) * outputs;
    }

    /// <summary>The hidden width whose parameter count is nearest <paramref name="parameters"/>.</summary>
    public static int WidthMatching(long parameters, int inputs, int outputs, int frequencyCount, int hiddenLayers) =>
        Enumerable.Range(1, 4096).MinBy(w => Math.Abs(ParameterCount(inputs, outputs, frequencyCount, hiddenLayers, w) - parameters));

    /// <summary>Maps normalized inputs [N, inputs] to raw outputs [N, outputs].</summary>
    public override Tensor forward(Tensor points)
    {
        using var scope = NewDisposeScope();
        using Tensor scales = tensor(frequencies, device: points.device);
        Tensor angles = (points.unsqueeze(-1) * scales).flatten(1);
        Tensor h = cat([points, sin(angles), cos(angles)], 1);
        for (int i = 0; i < layers.Count - 1; i++) h = nn.functional.relu(layers[i].forward(h));
        return layers[^1].forward(h).MoveToOuterDisposeScope();
    }
}
