using NeuralSdf.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// The SIREN of every field kind as a TorchSharp module: hidden layers <c>sin(ω₀·(W·x + b))</c> and a linear output,
/// from any number of inputs to any number of outputs, initialized as in the SIREN paper (first layer U(−1/n, 1/n),
/// others U(−√(6/n)/ω₀, √(6/n)/ω₀)).
/// </summary>
public sealed class SirenModule : FieldModule
{
    private readonly ModuleList<Linear> layers;
    private readonly double omega0;
    private readonly Scalar omega0Scalar; // held for the module's life: see Scalars

    /// <summary>
    /// Creates a freshly initialized network from <paramref name="inputs"/> to <paramref name="outputs"/> with
    /// <paramref name="hiddenLayers"/> sine layers of <paramref name="hiddenWidth"/>.
    /// </summary>
    public SirenModule(int inputs, int outputs, int hiddenLayers, int hiddenWidth, double omega0, Generator generator) : base(nameof(SirenModule))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenLayers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenWidth);
        this.omega0 = omega0;
        omega0Scalar = omega0.ToScalar();
        layers = new ModuleList<Linear>();
        for (int i = 0; i <= hiddenLayers; i++)
        {
            int layerInputs = i == 0 ? inputs : hiddenWidth;
            int layerOutputs = i == hiddenLayers ? outputs : hiddenWidth;
            var layer = nn.Linear(layerInputs, layerOutputs);
            double bound = i == 0 ? 1.0 / layerInputs : Math.Sqrt(6.0 / layerInputs) / omega0;
            using (no_grad())
            {
                layer.weight!.uniform_(-bound, bound, generator);
                // The reference code keeps PyTorch's default bias init, U(−1/√n, 1/√n).
                double biasBound = 1.0 / Math.Sqrt(layerInputs);
                layer.bias!.uniform_(-biasBound, biasBound, generator);
            }
            layers.Add(layer);
        }
        RegisterComponents();
    }

    /// <summary>Creates a network with the architecture and weights of <paramref name="network"/> (for resuming or testing).</summary>
    public SirenModule(SirenNetwork network) : base(nameof(SirenModule))
    {
        omega0 = network.Omega0;
        omega0Scalar = omega0.ToScalar();
        layers = new ModuleList<Linear>();
        foreach (DenseLayer dense in network.Layers)
        {
            var layer = nn.Linear(dense.Inputs, dense.Outputs);
            using (no_grad())
            {
                layer.weight!.copy_(tensor(dense.Weights, [dense.Outputs, dense.Inputs]));
                layer.bias!.copy_(tensor(dense.Bias, [dense.Outputs]));
            }
            layers.Add(layer);
        }
        RegisterComponents();
    }

    /// <summary>Weights and biases of a network of this shape.</summary>
    public static long ParameterCount(int inputs, int outputs, int hiddenLayers, int hiddenWidth)
    {
        long w = hiddenWidth;
        return (inputs + 1) * w + (hiddenLayers - 1) * (w + 1) * w + (w + 1) * outputs;
    }

    /// <summary>ω₀ of every sine layer.</summary>
    public double Omega0 => omega0;

    /// <summary>Maps normalized inputs [N, inputs] to raw outputs [N, outputs].</summary>
    public override Tensor forward(Tensor points)
    {
        using var scope = NewDisposeScope();
        Tensor h = points;
        for (int i = 0; i < layers.Count - 1; i++) h = sin(layers[i].forward(h) * omega0Scalar);
        return layers[^1].forward(h).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Raw outputs with their Jacobian and Laplacian by the inputs, carried forward layer by layer (forward mode) instead
    /// of by autograd's backward passes over the graph (the base class's), so that a loss on them needs one backward pass,
    /// not a double one.
    /// For a sine layer <c>z = ω₀(W·h + b)</c>, <c>∂z = ω₀·W·∂h</c> and <c>Δz = ω₀·W·Δh</c>; then <c>∂ sin z = cos z·∂z</c>
    /// and <c>Δ sin z = cos z·Δz − sin z·Σᵢ(∂ᵢz)²</c>.
    /// </summary>
    /// <param name="points">Normalized inputs [P, N].</param>
    /// <returns>Values [P, M], the Jacobian [P, M, N] (∂ output m / ∂ input n) and the Laplacian [P, M] (Σᵢ ∂²/∂xᵢ²).</returns>
    public override FieldDerivatives ForwardWithDerivatives(Tensor points)
    {
        using var scope = NewDisposeScope();
        Tensor h = points;
        Tensor? jacobian = null, hLaplacian = null; // ∂h/∂x [P, N, K] (null: the identity, at the input) and Δh [P, K]
        for (int i = 0; i < layers.Count - 1; i++)
        {
            Tensor scaledWeights = layers[i].weight!.t() * omega0Scalar;
            Tensor z = layers[i].forward(h) * omega0Scalar;
            Tensor zJacobian = jacobian is null ? scaledWeights.unsqueeze(0) : jacobian.matmul(scaledWeights);
            Tensor sine = sin(z), cosine = cos(z);
            Tensor curvature = sine * zJacobian.Squared().sum(1);
            hLaplacian = hLaplacian is null ? curvature.neg() : cosine * hLaplacian.matmul(scaledWeights) - curvature;
            jacobian = cosine.unsqueeze(1) * zJacobian;
            h = sine;
        }
        Linear output = layers[^1];
        Tensor outputWeights = output.weight!.t();
        Tensor values = output.forward(h);
        // Every network has at least one sine layer, so both are set by now.
        return new FieldDerivatives(values.MoveToOuterDisposeScope(), jacobian!.matmul(outputWeights).permute(0, 2, 1).MoveToOuterDisposeScope(),
            hLaplacian!.matmul(outputWeights).MoveToOuterDisposeScope());
    }

    /// <summary>Copies the current weights into a Runtime <see cref="SirenNetwork"/>.</summary>
    public SirenNetwork ToNetwork()
    {
        var dense = new List<DenseLayer>();
        foreach (Linear layer in layers)
        {
            using Tensor w = layer.weight!.detach().cpu().contiguous();
            using Tensor b = layer.bias!.detach().cpu().contiguous();
            dense.Add(new DenseLayer((int)w.shape[1], (int)w.shape[0], w.data<float>().ToArray(), b.data<float>().ToArray()));
        }
        return new SirenNetwork(dense, (float)omega0);
    }
}
