using NeuralSdf.Runtime.Cpu;

namespace NeuralSdf.Training.Cpu;

/// <summary>
/// One layer of a SIREN laid out for the fused training kernels, repacked from the flat parameters before each step.
/// A sine layer carries ω₀ in its packed weights and bias (<c>z = W′·x + b′</c>, <c>W′ = ω₀·W</c>), so the kernels never
/// multiply by it; its gradients come out with respect to <c>W′</c>, and <see cref="GradientScale"/> (ω₀) turns them into
/// gradients with respect to <c>W</c>. Both directions are stored, each with consecutive outputs in consecutive floats:
/// <see cref="Forward"/> is <c>W′ᵀ</c> (<c>Forward[k·OutputStride + r]</c>) and <see cref="Backward"/> is <c>W′</c>
/// (<c>Backward[r·InputStride + k]</c>). Strides are padded with zeros to <see cref="Alignment"/> floats: two of the
/// widest vectors, the panel every kernel works in, so no kernel needs a remainder loop.
/// </summary>
internal sealed unsafe class PackedTrainingLayer
{
    /// <summary>Two 16-float vectors.</summary>
    public const int Alignment = 32;

    private readonly AlignedFloats _forward, _backward, _bias;

    /// <param name="inputs">K, the layer's inputs.</param>
    /// <param name="outputs">R, the layer's outputs.</param>
    /// <param name="isSine">Whether the layer is a sine layer (ω₀ folded in) rather than the linear output.</param>
    /// <param name="weightOffset">Where the layer's weights (R × K, row-major, as TorchSharp's Linear holds them) start in the flat parameters.</param>
    /// <param name="inputStride">The padded stride of the layer's inputs: the stride of the layer below's outputs, or the input count for the first layer.</param>
    public PackedTrainingLayer(int inputs, int outputs, bool isSine, int weightOffset, int inputStride)
    {
        Inputs = inputs;
        Outputs = outputs;
        IsSine = isSine;
        WeightOffset = weightOffset;
        InputStride = inputStride;
        OutputStride = Align(outputs);
        _forward = new AlignedFloats(inputStride * OutputStride);
        _backward = new AlignedFloats(OutputStride * inputStride);
        _bias = new AlignedFloats(OutputStride);
    }

    public int Inputs { get; }

    public int Outputs { get; }

    public bool IsSine { get; }

    /// <summary>Where the weights start in the flat parameters; the bias follows them.</summary>
    public int WeightOffset { get; }

    public int BiasOffset => WeightOffset + Inputs * Outputs;

    /// <summary>Floats from one output row of a point to the next (R padded).</summary>
    public int OutputStride { get; }

    /// <summary>Floats from one input row of a point to the next (K padded, or K itself for the first layer).</summary>
    public int InputStride { get; }

    public float* Forward => _forward.Pointer;

    public float* Backward => _backward.Pointer;

    public float* Bias => _bias.Pointer;

    public static int Align(int count) => (count + Alignment - 1) / Alignment * Alignment;

    /// <summary>Copies this layer's weights and bias from <paramref name="parameters"/>, scaled by ω₀ for a sine layer.</summary>
    public void Pack(ReadOnlySpan<float> parameters, float omega0)
    {
        float scale = IsSine ? omega0 : 1f;
        for (int r = 0; r < Outputs; r++)
        {
            _bias[r] = scale * parameters[BiasOffset + r];
            for (int k = 0; k < Inputs; k++)
            {
                float w = scale * parameters[WeightOffset + r * Inputs + k];
                _forward[k * OutputStride + r] = w;
                _backward[r * InputStride + k] = w;
            }
        }
    }
}
