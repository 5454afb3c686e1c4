using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using NeuralSdf.Runtime;
using NeuralSdf.Runtime.Cpu;

namespace NeuralSdf.Training.Cpu;

/// <summary>
/// The loss and parameter gradients of a SIREN over a batch, on the CPU without TorchSharp: the batch is cut into blocks of
/// <see cref="GradientWorkspace.BlockPoints"/> points, each thread of a <see cref="WorkerTeam"/> takes a fixed run of
/// blocks through <see cref="SirenGradientKernel{TLanes, TVector}"/> into its own sums, and the sums are added in thread
/// order. So the same parameters, batch and thread count give the same bytes. Parameters and gradients are flat, in
/// TorchSharp's order (per layer the weights [outputs × inputs] row-major, then the bias), which is what
/// <see cref="Flatten"/> and <see cref="ToNetwork"/> convert.
/// </summary>
internal sealed unsafe class FusedSirenGradient : IDisposable
{
    private readonly PackedTrainingLayer[] _layers;
    private readonly ISirenGradientKernel _kernel;
    private readonly GradientWorkspace[] _workspaces;
    private readonly WorkerTeam _team;
    private readonly Action<int> _runPiece;
    private readonly float _omega0;
    private readonly int _inputs;

    // The batch of the call in progress, read by every piece.
    private float* _points;
    private int _count;
    private IPointLoss? _loss;

    /// <param name="shape">A network of the architecture to train (its weights are not used).</param>
    /// <param name="termCount">The loss's <see cref="IPointLoss.TermCount"/>.</param>
    /// <param name="threads">Threads per batch.</param>
    /// <param name="path">The vector width; null for the widest this CPU accelerates.</param>
    /// <param name="wideProducts">Sixteen accumulators per product rather than eight; null for what the CPU has registers for (tests force either).</param>
    public FusedSirenGradient(SirenNetwork shape, int termCount, int threads, SimdPath? path = null, bool? wideProducts = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _inputs = shape.InputCount;
        if (shape.OutputCount != 1) throw new ArgumentException($"the fused CPU path trains networks with one output; this one has {shape.OutputCount}", nameof(shape));
        _omega0 = shape.Omega0;
        var layers = new PackedTrainingLayer[shape.Layers.Count];
        int offset = 0, inputStride = _inputs;
        for (int l = 0; l < layers.Length; l++)
        {
            DenseLayer dense = shape.Layers[l];
            layers[l] = new PackedTrainingLayer(dense.Inputs, dense.Outputs, isSine: l < layers.Length - 1, offset, inputStride);
            offset = layers[l].BiasOffset + dense.Outputs;
            inputStride = layers[l].OutputStride;
        }
        _layers = layers;
        ParameterCount = offset;
        Path = path ?? SimdPaths.Best;
        bool wide = wideProducts ?? (Avx512F.IsSupported || AdvSimd.Arm64.IsSupported);
        _kernel = Path switch
        {
            SimdPath.Vector512 => new SirenGradientKernel<Vector512Lanes, Vector512<float>>(layers, _inputs, wide),
            SimdPath.Vector256 => new SirenGradientKernel<Vector256Lanes, Vector256<float>>(layers, _inputs, wide),
            SimdPath.Vector128 => new SirenGradientKernel<Vector128Lanes, Vector128<float>>(layers, _inputs, wide),
            _ => new SirenGradientKernel<ScalarLanes, float>(layers, _inputs, wide),
        };
        _team = new WorkerTeam(threads);
        _workspaces = Enumerable.Range(0, threads).Select(_ => new GradientWorkspace(layers, _inputs, termCount)).ToArray();
        _runPiece = RunPiece;
    }

    /// <summary>The vector width in use.</summary>
    public SimdPath Path { get; }

    public int ParameterCount { get; }

    /// <summary>Threads per batch.</summary>
    public int Threads => _team.Size;

    /// <summary>
    /// The gradient of <paramref name="loss"/> over <paramref name="count"/> points ([point][input] in <paramref name="points"/>)
    /// by <paramref name="parameters"/>, into <paramref name="gradient"/>; the loss's raw term sums into <paramref name="terms"/>.
    /// </summary>
    public void Compute(ReadOnlySpan<float> parameters, ReadOnlySpan<float> points, int count, IPointLoss loss, Span<float> gradient, Span<double> terms)
    {
        if (parameters.Length != ParameterCount || gradient.Length != ParameterCount)
            throw new ArgumentException($"expected {ParameterCount} parameters and gradients, got {parameters.Length} and {gradient.Length}");
        if (points.Length < count * _inputs) throw new ArgumentException($"{count} points need {count * _inputs} floats, got {points.Length}", nameof(points));
        foreach (PackedTrainingLayer layer in _layers) layer.Pack(parameters, _omega0);
        fixed (float* p = points)
        {
            _points = p;
            _count = count;
            _loss = loss;
            try
            {
                _team.Run(_runPiece);
            }
            finally
            {
                _points = null;
                _loss = null;
            }
        }
        Reduce(gradient, terms);
    }

    /// <summary>Runs this thread's share: whole blocks, split as evenly as they go.</summary>
    private void RunPiece(int piece)
    {
        GradientWorkspace workspace = _workspaces[piece];
        workspace.Clear();
        int blocks = (_count + GradientWorkspace.BlockPoints - 1) / GradientWorkspace.BlockPoints, threads = _team.Size;
        int first = (int)((long)blocks * piece / threads) * GradientWorkspace.BlockPoints;
        int end = Math.Min(_count, (int)((long)blocks * (piece + 1) / threads) * GradientWorkspace.BlockPoints);
        if (end > first) _kernel.Accumulate(_points, first, end - first, _loss!, workspace);
    }

    private void Reduce(Span<float> gradient, Span<double> terms)
    {
        gradient.Clear();
        terms.Clear();
        for (int l = 0; l < _layers.Length; l++)
        {
            PackedTrainingLayer layer = _layers[l];
            float scale = layer.IsSine ? _omega0 : 1f;
            foreach (GradientWorkspace workspace in _workspaces)
            {
                float* weights = workspace.WeightGradient(l), bias = workspace.BiasGradient(l);
                for (int r = 0; r < layer.Outputs; r++)
                {
                    Span<float> row = gradient.Slice(layer.WeightOffset + r * layer.Inputs, layer.Inputs);
                    for (int k = 0; k < layer.Inputs; k++)
                        row[k] += layer.IsSine ? weights[k * layer.OutputStride + r] : weights[r * layer.InputStride + k];
                    gradient[layer.BiasOffset + r] += bias[r];
                }
            }
            if (scale != 1f)
            {
                foreach (ref float g in gradient.Slice(layer.WeightOffset, layer.Inputs * layer.Outputs + layer.Outputs)) g *= scale;
            }
        }
        foreach (GradientWorkspace workspace in _workspaces)
        {
            for (int i = 0; i < terms.Length; i++) terms[i] += workspace.Terms[i];
        }
    }

    /// <summary><paramref name="network"/>'s parameters in the flat order.</summary>
    public static float[] Flatten(SirenNetwork network)
    {
        var flat = new List<float>(network.ParameterCount);
        foreach (DenseLayer layer in network.Layers)
        {
            flat.AddRange(layer.Weights);
            flat.AddRange(layer.Bias);
        }
        return flat.ToArray();
    }

    /// <summary>A network of <paramref name="shape"/>'s architecture holding <paramref name="parameters"/> (flat order).</summary>
    public static SirenNetwork ToNetwork(SirenNetwork shape, ReadOnlySpan<float> parameters)
    {
        var layers = new List<DenseLayer>(shape.Layers.Count);
        int offset = 0;
        foreach (DenseLayer layer in shape.Layers)
        {
            int weights = layer.Inputs * layer.Outputs;
            layers.Add(new DenseLayer(layer.Inputs, layer.Outputs, parameters.Slice(offset, weights).ToArray(),
                parameters.Slice(offset + weights, layer.Outputs).ToArray()));
            offset += weights + layer.Outputs;
        }
        return new SirenNetwork(layers, shape.Omega0);
    }

    public void Dispose() => _team.Dispose();
}
