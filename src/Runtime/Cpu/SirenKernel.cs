using System.Numerics;

namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// A SIREN evaluated with one vector width on the calling thread. Whole blocks of points go through
/// <see cref="DenseKernel{TLanes, TVector}.MultiplyBlock"/>; a remainder too small to be worth a padded block
/// goes point by point through the matrix–vector form. The gradient is one reverse pass through the cosines
/// kept from the forward pass.
/// </summary>
internal sealed unsafe class SirenKernel<TLanes, TVector> : ISirenKernel
    where TLanes : struct, ISimdLanes<TVector> where TVector : unmanaged
{
    private readonly PackedLayer[] _layers;
    private readonly int _hiddenCount;
    private readonly SdfNormalization _normalization;
    private readonly int _blockRows;    // rows of one feature-major block buffer
    private readonly int _vectorLength; // floats of one single-point activation vector
    private readonly int _blockFloats, _scratchFloats;

    private readonly bool _wideBlocks;

    /// <summary>A kernel; <paramref name="wideBlocks"/> chooses four-vector blocks over two (tests force either).</summary>
    public SirenKernel(SirenNetwork network, SdfNormalization normalization, bool wideBlocks)
    {
        _wideBlocks = wideBlocks;
        _hiddenCount = network.HiddenLayerCount;
        _layers = network.Layers.Select((layer, index) => new PackedLayer(layer, index < _hiddenCount ? network.Omega0 : 1f)).ToArray();
        _normalization = normalization;
        _blockRows = _layers.Max(l => DenseKernel<TLanes, TVector>.BlockRows(l.Outputs));
        _blockRows = Math.Max(_blockRows, DenseKernel<TLanes, TVector>.BlockRows(3));
        _vectorLength = Math.Max(_layers.Max(l => l.ForwardStride), PackedLayer.Align(3));
        // Block: activations a, b; one cosine buffer per sine layer; a row of ones. Then the same for one point.
        _blockFloats = (2 + _hiddenCount) * _blockRows * BlockSize + BlockSize;
        _scratchFloats = _blockFloats + (2 + _hiddenCount) * _vectorLength + PackedLayer.RowAlignment;
    }

    public int BlockSize => DenseKernel<TLanes, TVector>.BlockSize(_wideBlocks);

    public int SmallestBlockSize => DenseKernel<TLanes, TVector>.BlockSize(wide: false);

    /// <summary>Below this many points a remainder is evaluated point by point (both cost about the same there).</summary>
    private int SmallestPaddedBlock => BlockSize / 4;

    /// <summary>Whether the block at a remainder of <paramref name="remaining"/> points is wide: not when a narrow one holds them all.</summary>
    private bool WideAt(int remaining) => _wideBlocks && remaining > SmallestBlockSize;

    public void Distance(Vector3* points, float* distances, int count)
    {
        float* scratch = ThreadScratch.Get(_scratchFloats);
        int i = 0;
        while (count - i >= SmallestPaddedBlock)
        {
            bool wide = WideAt(count - i);
            int size = DenseKernel<TLanes, TVector>.BlockSize(wide);
            DistanceBlock(points + i, distances + i, Math.Min(size, count - i), wide, scratch);
            i += size;
        }
        for (; i < count; i++)
            distances[i] = DistanceOfPoint(points[i], scratch + _blockFloats);
    }

    public void DistanceAndGradient(Vector3* points, float* distances, Vector3* gradients, int count)
    {
        float* scratch = ThreadScratch.Get(_scratchFloats);
        int i = 0;
        while (count - i >= SmallestPaddedBlock)
        {
            bool wide = WideAt(count - i);
            int size = DenseKernel<TLanes, TVector>.BlockSize(wide);
            DistanceAndGradientBlock(points + i, distances + i, gradients + i, Math.Min(size, count - i), wide, scratch);
            i += size;
        }
        for (; i < count; i++)
            distances[i] = DistanceAndGradientOfPoint(points[i], scratch + _blockFloats, out gradients[i]);
    }

    private void DistanceBlock(Vector3* points, float* distances, int count, bool wide, float* scratch)
    {
        int block = DenseKernel<TLanes, TVector>.BlockSize(wide);
        float* a = scratch, b = scratch + _blockRows * block;
        LoadBlock(points, count, block, a);
        for (int l = 0; l < _hiddenCount; l++)
        {
            PackedLayer layer = _layers[l];
            DenseKernel<TLanes, TVector>.MultiplyBlock<LayerFinish.Sine>(
                new LayerPass(layer.Forward, layer.ForwardStride, DenseKernel<TLanes, TVector>.BlockRows(layer.Outputs), layer.Inputs, a, b, layer.Bias), wide);
            float* swap = a; a = b; b = swap;
        }
        MultiplyOutputBlock(a, b, wide);
        for (int j = 0; j < count; j++) distances[j] = b[j] / _normalization.Scale;
    }

    private void DistanceAndGradientBlock(Vector3* points, float* distances, Vector3* gradients, int count, bool wide, float* scratch)
    {
        int block = DenseKernel<TLanes, TVector>.BlockSize(wide), bufferFloats = _blockRows * block;
        float* a = scratch, b = scratch + bufferFloats, cosines = scratch + 2 * bufferFloats;
        float* ones = cosines + _hiddenCount * bufferFloats;
        LoadBlock(points, count, block, a);
        for (int l = 0; l < _hiddenCount; l++)
        {
            PackedLayer layer = _layers[l];
            DenseKernel<TLanes, TVector>.MultiplyBlock<LayerFinish.SineAndCosine>(
                new LayerPass(layer.Forward, layer.ForwardStride, DenseKernel<TLanes, TVector>.BlockRows(layer.Outputs), layer.Inputs, a, b,
                    layer.Bias, cosines + l * bufferFloats), wide);
            float* swap = a; a = b; b = swap;
        }
        MultiplyOutputBlock(a, b, wide);
        for (int j = 0; j < count; j++) distances[j] = b[j] / _normalization.Scale;

        // Reverse pass: ∂d/∂z of the output is 1 for every point; each layer maps it back through Wᵀ and the
        // cosines of the layer below. Sine layers carry ω₀ in their weights, so cos z is the whole derivative.
        new Span<float>(ones, block).Fill(1f);
        float* input = ones, output = a;
        for (int k = _layers.Length - 1; k >= 0; k--)
        {
            PackedLayer layer = _layers[k];
            var pass = new LayerPass(layer.Backward, layer.BackwardStride, DenseKernel<TLanes, TVector>.BlockRows(layer.Inputs), layer.Outputs,
                input, output, cosines: k > 0 ? cosines + (k - 1) * bufferFloats : null);
            if (k > 0) DenseKernel<TLanes, TVector>.MultiplyBlock<LayerFinish.TimesCosine>(pass, wide);
            else DenseKernel<TLanes, TVector>.MultiplyBlock<LayerFinish.None>(pass, wide);
            input = output;
            output = output == a ? b : a;
        }
        // d_world = d_normalized / s and x = (p − c)·s, so the world gradient equals the normalized one.
        for (int j = 0; j < count; j++) gradients[j] = new Vector3(input[j], input[block + j], input[2 * block + j]);
    }

    private void MultiplyOutputBlock(float* input, float* output, bool wide)
    {
        PackedLayer layer = _layers[^1];
        DenseKernel<TLanes, TVector>.MultiplyBlock<LayerFinish.Linear>(
            new LayerPass(layer.Forward, layer.ForwardStride, DenseKernel<TLanes, TVector>.BlockRows(1), layer.Inputs, input, output, layer.Bias), wide);
    }

    /// <summary>Normalized coordinates of <paramref name="count"/> points, feature-major, the rest of the block zero.</summary>
    private void LoadBlock(Vector3* points, int count, int size, float* block)
    {
        for (int j = 0; j < count; j++)
        {
            Vector3 x = _normalization.ToNormalized(points[j]);
            block[j] = x.X;
            block[size + j] = x.Y;
            block[2 * size + j] = x.Z;
        }
        for (int f = 0; f < 3; f++) new Span<float>(block + f * size + count, size - count).Clear();
    }

    private float DistanceOfPoint(Vector3 point, float* scratch)
    {
        float* a = scratch, b = scratch + _vectorLength;
        LoadPoint(point, a);
        for (int l = 0; l < _hiddenCount; l++)
        {
            PackedLayer layer = _layers[l];
            DenseKernel<TLanes, TVector>.MultiplyVector<LayerFinish.Sine>(
                new LayerPass(layer.Forward, layer.ForwardStride, layer.Outputs, layer.Inputs, a, b, layer.Bias));
            float* swap = a; a = b; b = swap;
        }
        MultiplyOutputVector(a, b);
        return b[0] / _normalization.Scale;
    }

    private float DistanceAndGradientOfPoint(Vector3 point, float* scratch, out Vector3 gradient)
    {
        float* a = scratch, b = scratch + _vectorLength, cosines = scratch + 2 * _vectorLength;
        float* one = cosines + _hiddenCount * _vectorLength;
        LoadPoint(point, a);
        for (int l = 0; l < _hiddenCount; l++)
        {
            PackedLayer layer = _layers[l];
            DenseKernel<TLanes, TVector>.MultiplyVector<LayerFinish.SineAndCosine>(
                new LayerPass(layer.Forward, layer.ForwardStride, layer.Outputs, layer.Inputs, a, b, layer.Bias, cosines + l * _vectorLength));
            float* swap = a; a = b; b = swap;
        }
        MultiplyOutputVector(a, b);
        float distance = b[0] / _normalization.Scale;

        *one = 1f;
        float* input = one, output = a;
        for (int k = _layers.Length - 1; k >= 0; k--)
        {
            PackedLayer layer = _layers[k];
            var pass = new LayerPass(layer.Backward, layer.BackwardStride, layer.Inputs, layer.Outputs,
                input, output, cosines: k > 0 ? cosines + (k - 1) * _vectorLength : null);
            if (k > 0) DenseKernel<TLanes, TVector>.MultiplyVector<LayerFinish.TimesCosine>(pass);
            else DenseKernel<TLanes, TVector>.MultiplyVector<LayerFinish.None>(pass);
            input = output;
            output = output == a ? b : a;
        }
        gradient = new Vector3(input[0], input[1], input[2]);
        return distance;
    }

    private void MultiplyOutputVector(float* input, float* output)
    {
        PackedLayer layer = _layers[^1];
        DenseKernel<TLanes, TVector>.MultiplyVector<LayerFinish.Linear>(
            new LayerPass(layer.Forward, layer.ForwardStride, 1, layer.Inputs, input, output, layer.Bias));
    }

    private void LoadPoint(Vector3 point, float* vector)
    {
        Vector3 x = _normalization.ToNormalized(point);
        vector[0] = x.X;
        vector[1] = x.Y;
        vector[2] = x.Z;
    }
}
