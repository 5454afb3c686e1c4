namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// One layer's weights laid out for the kernels, in pinned, 64-byte aligned memory read through pointers.
/// Both directions are stored "column-major" — <c>M[c·Stride + r]</c> multiplies input <c>c</c> into output
/// <c>r</c> — so a kernel reads consecutive outputs from consecutive floats:
/// <see cref="Forward"/> is <c>Wᵀ</c> (inputs × outputs) for the forward pass, <see cref="Backward"/> is
/// <c>W</c> (outputs × inputs) for the gradient's reverse pass. Rows are padded with zeros to a multiple of
/// <see cref="RowAlignment"/> floats so every vector width reads whole vectors.
/// The layer comes from a <see cref="FoldedNetwork"/>: ω₀ and the affine maps are already in its weights.
/// </summary>
internal sealed unsafe class PackedLayer
{
    /// <summary>The widest vector (16 floats) and a multiple of the kernels' four-row groups.</summary>
    public const int RowAlignment = 16;

    private readonly AlignedFloats _forward, _backward, _bias;

    public PackedLayer(DenseLayer layer)
    {
        Inputs = layer.Inputs;
        Outputs = layer.Outputs;
        ForwardStride = Align(Outputs);
        BackwardStride = Align(Inputs);
        _forward = new AlignedFloats(Inputs * ForwardStride);
        _backward = new AlignedFloats(Outputs * BackwardStride);
        _bias = new AlignedFloats(ForwardStride);
        for (int o = 0; o < Outputs; o++)
        {
            _bias[o] = layer.Bias[o];
            for (int i = 0; i < Inputs; i++)
            {
                float w = layer[o, i];
                _forward[i * ForwardStride + o] = w;
                _backward[o * BackwardStride + i] = w;
            }
        }
    }

    public int Inputs { get; }

    public int Outputs { get; }

    public int ForwardStride { get; }

    public int BackwardStride { get; }

    public float* Forward => _forward.Pointer;

    public float* Backward => _backward.Pointer;

    /// <summary>The bias, zero-padded to <see cref="ForwardStride"/>.</summary>
    public float* Bias => _bias.Pointer;

    public static int Align(int count) => (count + RowAlignment - 1) / RowAlignment * RowAlignment;
}
