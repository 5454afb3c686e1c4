namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// A folded SIREN evaluated with one vector width on the calling thread. Whole blocks of points go through
/// <see cref="DenseKernel{TLanes, TVector}.MultiplyBlock"/>; a remainder too small to be worth a padded block
/// goes point by point through the matrix–vector form. Each row of the Jacobian is one reverse pass through the
/// cosines kept from the forward pass (one pass for a distance's gradient).
/// </summary>
internal sealed unsafe class SirenKernel<TLanes, TVector> : ISirenKernel
    where TLanes : struct, ISimdLanes<TVector> where TVector : unmanaged
{
    private readonly PackedLayer[] _layers;
    private readonly int _hiddenCount;
    private readonly float[] _center;
    private readonly int _blockRows;    // rows of one feature-major block buffer
    private readonly int _vectorLength; // floats of one single-point activation vector
    private readonly int _blockFloats, _scratchFloats;

    private readonly bool _wideBlocks;

    /// <summary>A kernel; <paramref name="wideBlocks"/> chooses four-vector blocks over two (tests force either).</summary>
    public SirenKernel(FoldedNetwork network, bool wideBlocks)
    {
        _wideBlocks = wideBlocks;
        _hiddenCount = network.HiddenLayerCount;
        _layers = network.Layers.Select(layer => new PackedLayer(layer)).ToArray();
        _center = network.InputCenter.ToArray();
        InputCount = network.InputCount;
        OutputCount = network.OutputCount;
        _blockRows = _layers.Max(l => DenseKernel<TLanes, TVector>.BlockRows(l.Outputs));
        _blockRows = Math.Max(_blockRows, DenseKernel<TLanes, TVector>.BlockRows(InputCount));
        _vectorLength = Math.Max(_layers.Max(l => l.ForwardStride), PackedLayer.Align(InputCount));
        // Block: activations a, b; one cosine buffer per sine layer; a row of ones. Then the same for one point.
        _blockFloats = (2 + _hiddenCount) * _blockRows * BlockSize + BlockSize;
        _scratchFloats = _blockFloats + (2 + _hiddenCount) * _vectorLength + PackedLayer.RowAlignment;
    }

    public int BlockSize => DenseKernel<TLanes, TVector>.BlockSize(_wideBlocks);

    public int SmallestBlockSize => DenseKernel<TLanes, TVector>.BlockSize(wide: false);

    public int InputCount { get; }

    public int OutputCount { get; }

    /// <summary>Below this many points a remainder is evaluated point by point (both cost about the same there).</summary>
    private int SmallestPaddedBlock => BlockSize / 4;

    /// <summary>Whether the block at a remainder of <paramref name="remaining"/> points is wide: not when a narrow one holds them all.</summary>
    private bool WideAt(int remaining) => _wideBlocks && remaining > SmallestBlockSize;

    public void Evaluate(float* inputs, float* values, float* jacobians, int count)
    {
        float* scratch = ThreadScratch.Get(_scratchFloats);
        int n = InputCount, m = OutputCount;
        int i = 0;
        while (count - i >= SmallestPaddedBlock)
        {
            bool wide = WideAt(count - i);
            int size = DenseKernel<TLanes, TVector>.BlockSize(wide);
            EvaluateBlock(inputs + i * n, values + i * m, jacobians == null ? null : jacobians + i * m * n, Math.Min(size, count - i), wide, scratch);
            i += size;
        }
        for (; i < count; i++)
            EvaluatePoint(inputs + i * n, values + i * m, jacobians == null ? null : jacobians + i * m * n, scratch + _blockFloats);
    }

    private void EvaluateBlock(float* inputs, float* values, float* jacobians, int count, bool wide, float* scratch)
    {
        int block = DenseKernel<TLanes, TVector>.BlockSize(wide), bufferFloats = _blockRows * block;
        int n = InputCount, m = OutputCount;
        bool keepCosines = jacobians != null;
        float* a = scratch, b = scratch + bufferFloats, cosines = scratch + 2 * bufferFloats;
        float* ones = cosines + _hiddenCount * bufferFloats;
        LoadBlock(inputs, count, block, a);
        for (int l = 0; l < _hiddenCount; l++)
        {
            PackedLayer layer = _layers[l];
            var pass = new LayerPass(layer.Forward, layer.ForwardStride, DenseKernel<TLanes, TVector>.BlockRows(layer.Outputs), layer.Inputs, a, b,
                layer.Bias, cosines + l * bufferFloats);
            if (keepCosines) DenseKernel<TLanes, TVector>.MultiplyBlock<LayerFinish.SineAndCosine>(pass, wide);
            else DenseKernel<TLanes, TVector>.MultiplyBlock<LayerFinish.Sine>(pass, wide);
            float* swap = a; a = b; b = swap;
        }
        PackedLayer last = _layers[^1];
        DenseKernel<TLanes, TVector>.MultiplyBlock<LayerFinish.Linear>(
            new LayerPass(last.Forward, last.ForwardStride, DenseKernel<TLanes, TVector>.BlockRows(m), last.Inputs, a, b, last.Bias), wide);
        for (int j = 0; j < count; j++)
        {
            for (int o = 0; o < m; o++) values[j * m + o] = b[o * block + j];
        }
        if (!keepCosines) return;

        // Reverse pass per output o: ∂value[o]/∂z of the output layer is the unit vector e_o, so the pass starts from
        // row o of W_L and maps back through Wᵀ and the cosines of each layer below. Sine layers carry ω₀ in their
        // weights, so cos z is the whole derivative.
        new Span<float>(ones, block).Fill(1f);
        for (int o = 0; o < m; o++)
        {
            float* input = ones, output = a;
            for (int k = _layers.Length - 1; k >= 0; k--)
            {
                PackedLayer layer = _layers[k];
                bool isOutput = k == _layers.Length - 1;
                var pass = new LayerPass(isOutput ? layer.Backward + o * layer.BackwardStride : layer.Backward, layer.BackwardStride,
                    DenseKernel<TLanes, TVector>.BlockRows(layer.Inputs), isOutput ? 1 : layer.Outputs,
                    input, output, cosines: k > 0 ? cosines + (k - 1) * bufferFloats : null);
                if (k > 0) DenseKernel<TLanes, TVector>.MultiplyBlock<LayerFinish.TimesCosine>(pass, wide);
                else DenseKernel<TLanes, TVector>.MultiplyBlock<LayerFinish.None>(pass, wide);
                input = output;
                output = output == a ? b : a;
            }
            for (int j = 0; j < count; j++)
            {
                float* row = jacobians + (j * m + o) * n;
                for (int f = 0; f < n; f++) row[f] = input[f * block + j];
            }
        }
    }

    /// <summary>Centered inputs of <paramref name="count"/> points, feature-major, the rest of the block zero.</summary>
    private void LoadBlock(float* inputs, int count, int size, float* block)
    {
        int n = InputCount;
        for (int j = 0; j < count; j++)
        {
            for (int f = 0; f < n; f++) block[f * size + j] = inputs[j * n + f] - _center[f];
        }
        for (int f = 0; f < n; f++) new Span<float>(block + f * size + count, size - count).Clear();
    }

    private void EvaluatePoint(float* input, float* values, float* jacobian, float* scratch)
    {
        int n = InputCount, m = OutputCount;
        bool keepCosines = jacobian != null;
        float* a = scratch, b = scratch + _vectorLength, cosines = scratch + 2 * _vectorLength;
        float* one = cosines + _hiddenCount * _vectorLength;
        for (int f = 0; f < n; f++) a[f] = input[f] - _center[f];
        for (int l = 0; l < _hiddenCount; l++)
        {
            PackedLayer layer = _layers[l];
            var pass = new LayerPass(layer.Forward, layer.ForwardStride, layer.Outputs, layer.Inputs, a, b, layer.Bias, cosines + l * _vectorLength);
            if (keepCosines) DenseKernel<TLanes, TVector>.MultiplyVector<LayerFinish.SineAndCosine>(pass);
            else DenseKernel<TLanes, TVector>.MultiplyVector<LayerFinish.Sine>(pass);
            float* swap = a; a = b; b = swap;
        }
        PackedLayer last = _layers[^1];
        DenseKernel<TLanes, TVector>.MultiplyVector<LayerFinish.Linear>(
            new LayerPass(last.Forward, last.ForwardStride, m, last.Inputs, a, b, last.Bias));
        for (int o = 0; o < m; o++) values[o] = b[o];
        if (!keepCosines) return;

        *one = 1f;
        for (int o = 0; o < m; o++)
        {
            float* from = one, to = a;
            for (int k = _layers.Length - 1; k >= 0; k--)
            {
                PackedLayer layer = _layers[k];
                bool isOutput = k == _layers.Length - 1;
                var pass = new LayerPass(isOutput ? layer.Backward + o * layer.BackwardStride : layer.Backward, layer.BackwardStride,
                    layer.Inputs, isOutput ? 1 : layer.Outputs, from, to, cosines: k > 0 ? cosines + (k - 1) * _vectorLength : null);
                if (k > 0) DenseKernel<TLanes, TVector>.MultiplyVector<LayerFinish.TimesCosine>(pass);
                else DenseKernel<TLanes, TVector>.MultiplyVector<LayerFinish.None>(pass);
                from = to;
                to = to == a ? b : a;
            }
            for (int f = 0; f < n; f++) jacobian[o * n + f] = from[f];
        }
    }
}
