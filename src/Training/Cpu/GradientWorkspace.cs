using NeuralSdf.Runtime.Cpu;

namespace NeuralSdf.Training.Cpu;

/// <summary>
/// One thread's buffers for the fused training kernels: a block of <see cref="BlockPoints"/> points kept through every pass
/// of every layer, and the thread's sums of the parameter gradients and loss terms over its blocks. Per sine layer each
/// point has its activation h, cos z, the gradient u of the output by h and v = cos z · u, and their adjoints, stored
/// point-major in pairs that the weight gradient reads as one run of rows: <see cref="Activations"/> holds (h, ū) and
/// <see cref="PreActivations"/> holds (z̄, v) for each point. Sized once; a step allocates nothing.
/// </summary>
internal sealed unsafe class GradientWorkspace
{
    /// <summary>
    /// Points a block carries through all layers: its buffers (48 KiB a 128-wide layer) stay in a core's L2 cache beside the
    /// weights, even the 512 KiB of an old AVX2 core. 16 and 32 measured alike on 2 AVX-512 cores (10.2–11.0 ms a step), 64 slower.
    /// </summary>
    public const int BlockPoints = 16;

    private readonly AlignedFloats _inputs, _values, _jacobians, _valueGradients, _jacobianGradients;
    private readonly AlignedFloats[] _activations, _preActivations, _cosines, _outputGradients, _weightGradients, _biasGradients;

    public GradientWorkspace(IReadOnlyList<PackedTrainingLayer> layers, int inputs, int termCount)
    {
        const int b = BlockPoints;
        int hidden = layers.Count - 1;
        _inputs = new AlignedFloats(b * inputs);
        _values = new AlignedFloats(b);
        _jacobians = new AlignedFloats(b * inputs);
        _valueGradients = new AlignedFloats(b);
        _jacobianGradients = new AlignedFloats(b * inputs);
        AlignedFloats[] PerLayer(int rows) => layers.Take(hidden).Select(l => new AlignedFloats(b * rows * l.OutputStride)).ToArray();
        _activations = PerLayer(2);
        _preActivations = PerLayer(2);
        _cosines = PerLayer(1);
        _outputGradients = PerLayer(1);
        _weightGradients = layers.Select(l => new AlignedFloats(l.InputStride * l.OutputStride)).ToArray();
        _biasGradients = layers.Select(l => new AlignedFloats(l.OutputStride)).ToArray();
        Terms = new double[termCount];
    }

    /// <summary>The block's inputs [point][input].</summary>
    public float* Inputs => _inputs.Pointer;

    /// <summary>Sine layer <paramref name="layer"/>'s h = sin z and its adjoint ū, [point][h, ū][feature].</summary>
    public float* Activations(int layer) => _activations[layer].Pointer;

    /// <summary>Sine layer <paramref name="layer"/>'s z̄ (∂ loss / ∂z) and v = cos z · u, [point][z̄, v][feature].</summary>
    public float* PreActivations(int layer) => _preActivations[layer].Pointer;

    /// <summary>cos z of sine layer <paramref name="layer"/>, [point][feature].</summary>
    public float* Cosines(int layer) => _cosines[layer].Pointer;

    /// <summary>u = ∂ output / ∂h of sine layer <paramref name="layer"/>, [point][feature].</summary>
    public float* OutputGradients(int layer) => _outputGradients[layer].Pointer;

    /// <summary>The block's outputs [point].</summary>
    public float* Values => _values.Pointer;

    /// <summary>The block's gradients by the inputs [point][input].</summary>
    public float* Jacobians => _jacobians.Pointer;

    public float* ValueGradients => _valueGradients.Pointer;

    public float* JacobianGradients => _jacobianGradients.Pointer;

    /// <summary>
    /// This thread's sum of ∂ loss / ∂ weights of layer <paramref name="layer"/>: for a sine layer in the packed forward layout
    /// (<c>[input][output]</c>, by <c>W′</c>), for the output layer in its backward layout (<c>[output][input]</c>).
    /// </summary>
    public float* WeightGradient(int layer) => _weightGradients[layer].Pointer;

    public float* BiasGradient(int layer) => _biasGradients[layer].Pointer;

    /// <summary>This thread's raw sums of the loss terms.</summary>
    public double[] Terms { get; }

    /// <summary>Zeroes the gradient and term sums for a new batch.</summary>
    public void Clear()
    {
        foreach (AlignedFloats g in _weightGradients) new Span<float>(g.Pointer, g.Length).Clear();
        foreach (AlignedFloats g in _biasGradients) new Span<float>(g.Pointer, g.Length).Clear();
        Array.Clear(Terms);
    }
}
