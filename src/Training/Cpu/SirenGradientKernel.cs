using System.Runtime.CompilerServices;
using NeuralSdf.Runtime.Cpu;

namespace NeuralSdf.Training.Cpu;

/// <summary>The fused training kernel of one vector width, behind an interface so a width is picked once at run time.</summary>
internal unsafe interface ISirenGradientKernel
{
    /// <summary>
    /// Adds the loss terms and parameter gradients of points <c>[first, first + count)</c> of <paramref name="points"/>
    /// ([point][input]) to <paramref name="workspace"/>'s sums, block by block.
    /// </summary>
    void Accumulate(float* points, int first, int count, IPointLoss loss, GradientWorkspace workspace);
}

/// <summary>
/// The loss gradient of a one-output SIREN on a block of points, for one vector width: the input gradient by a reverse
/// pass, and the parameter gradient of a loss on the value and that gradient by the reverse pass of both — six products
/// per layer, as many as autograd's double backward and half what carrying the Jacobian forward would take for three inputs.
/// <para>
/// With <c>z_l = W′_l h_{l−1} + b′_l</c>, <c>h_l = sin z_l</c>, <c>c_l = cos z_l</c> and <c>f = wᵀh_L + b</c>: the gradient
/// runs <c>u_L = w</c>, <c>v_l = c_l ⊙ u_l</c>, <c>u_{l−1} = W′_lᵀ v_l</c>, and <c>∇f = u_0</c>. Given <c>f̄</c> and
/// <c>ḡ = ∂ loss / ∂∇f</c>, the adjoints go up the gradient's chain, <c>ū_0 = ḡ</c>,
/// <c>v̄_l = W′_l ū_{l−1}</c>, <c>ū_l = c_l ⊙ v̄_l</c> (with <c>W̄′_l += v_l ū_{l−1}ᵀ</c> and <c>w̄ += ū_L</c>), each leaving
/// <c>z̄_l = −h_l ⊙ u_l ⊙ v̄_l</c> for cos z; then down the activations' chain, <c>h̄_L = f̄ w</c>,
/// <c>z̄_l += c_l ⊙ h̄_l</c>, <c>W̄′_l += z̄_l h_{l−1}ᵀ</c>, <c>b̄′_l = z̄_l</c>, <c>h̄_{l−1} = W′_lᵀ z̄_l</c>.
/// </para>
/// <para>
/// Every product runs over a block of points at once (<see cref="Product{TFinish}"/>): each broadcast input feeds two
/// vectors of outputs and each loaded weight vector four or eight points (eight or sixteen accumulators, as the CPU has
/// registers for), and what follows the product (a sine, a cosine factor) is fused into its last step.
/// </para>
/// </summary>
internal sealed unsafe class SirenGradientKernel<TLanes, TVector> : ISirenGradientKernel
    where TLanes : struct, ISimdLanes<TVector> where TVector : unmanaged
{
    private const int Block = GradientWorkspace.BlockPoints;

    private readonly PackedTrainingLayer[] _layers; // the sine layers, then the output layer
    private readonly int _hidden, _inputs;
    private readonly bool _wide;

    /// <param name="layers">The sine layers, then the one-output linear layer.</param>
    /// <param name="inputs">The network's inputs.</param>
    /// <param name="wide">Whether the products keep sixteen accumulators rather than eight (CPUs with 32 vector registers).</param>
    public SirenGradientKernel(PackedTrainingLayer[] layers, int inputs, bool wide)
    {
        if (PackedTrainingLayer.Alignment % (2 * TLanes.Count) != 0) throw new ArgumentException("panels must divide the layer alignment");
        if (layers[^1].Outputs != 1) throw new ArgumentException("the fused path trains networks with one output", nameof(layers));
        _layers = layers;
        _hidden = layers.Length - 1;
        _inputs = inputs;
        _wide = wide;
    }

    public void Accumulate(float* points, int first, int count, IPointLoss loss, GradientWorkspace workspace)
    {
        for (int start = 0; start < count; start += Block)
            RunBlock(points, first + start, Math.Min(Block, count - start), loss, workspace);
    }

    private void RunBlock(float* points, int first, int size, IPointLoss loss, GradientWorkspace w)
    {
        int d = _inputs, top = _hidden - 1;
        new Span<float>(points + first * d, size * d).CopyTo(new Span<float>(w.Inputs, Block * d));
        new Span<float>(w.Inputs + size * d, (Block - size) * d).Clear();

        FirstLayerForward(w);
        for (int l = 1; l < _hidden; l++)
        {
            PackedTrainingLayer layer = _layers[l];
            Product(w.Activations(l - 1), 2 * layer.InputStride, layer.Inputs, layer.Forward, layer.OutputStride, layer.OutputStride,
                new SineFinish(layer.Bias, w.Activations(l), w.Cosines(l), layer.OutputStride));
        }
        OutputForward(w);

        StartGradient(w);
        for (int l = top; l >= 1; l--)
        {
            PackedTrainingLayer layer = _layers[l];
            Product(w.PreActivations(l) + layer.OutputStride, 2 * layer.OutputStride, layer.Outputs, layer.Backward, layer.InputStride, layer.InputStride,
                new GradientFinish(w.OutputGradients(l - 1), w.PreActivations(l - 1), w.Cosines(l - 1), layer.InputStride));
        }
        InputGradient(w);

        for (int p = 0; p < Block; p++)
        {
            var valueGradient = new Span<float>(w.ValueGradients + p, 1);
            var jacobianGradient = new Span<float>(w.JacobianGradients + p * d, d);
            if (p < size)
                loss.Differentiate(first + p, new ReadOnlySpan<float>(w.Values + p, 1), new ReadOnlySpan<float>(w.Jacobians + p * d, d), valueGradient,
                    jacobianGradient, w.Terms);
            else
            {
                // Padding points add nothing.
                valueGradient.Clear();
                jacobianGradient.Clear();
            }
        }

        FirstLayerAdjoint(w);
        for (int l = 1; l < _hidden; l++)
        {
            PackedTrainingLayer layer = _layers[l];
            Product(w.Activations(l - 1) + layer.InputStride, 2 * layer.InputStride, layer.Inputs, layer.Forward, layer.OutputStride, layer.OutputStride,
                new AdjointFinish(w.Activations(l), w.PreActivations(l), w.Cosines(l), w.OutputGradients(l), layer.OutputStride));
        }

        OutputBackward(w);
        for (int l = top; l >= 1; l--)
        {
            PackedTrainingLayer layer = _layers[l];
            WeightGradient(layer, w.Activations(l - 1), w.PreActivations(l), w.WeightGradient(l));
            AddBiasGradient(w.PreActivations(l), layer.OutputStride, w.BiasGradient(l));
            Product(w.PreActivations(l), 2 * layer.OutputStride, layer.Outputs, layer.Backward, layer.InputStride, layer.InputStride,
                new DownFinish(w.PreActivations(l - 1), w.Cosines(l - 1), layer.InputStride));
        }
        FirstLayerGradient(w);
    }

    /// <summary>h and cos z of the first layer, whose few inputs make a product not worth a kernel.</summary>
    private void FirstLayerForward(GradientWorkspace w)
    {
        PackedTrainingLayer layer = _layers[0];
        int n = TLanes.Count, d = _inputs, stride = layer.OutputStride;
        for (int p = 0; p < Block; p++)
        {
            float* x = w.Inputs + p * d, h = w.Activations(0) + 2 * p * stride, cosines = w.Cosines(0) + p * stride;
            for (int r = 0; r < stride; r += n)
            {
                TVector z = TLanes.Load(layer.Bias + r);
                for (int k = 0; k < d; k++) z = TLanes.MultiplyAdd(TLanes.Broadcast(x[k]), TLanes.Load(layer.Forward + k * stride + r), z);
                TLanes.Store(h + r, FastSine.SinCos<TLanes, TVector>(z, out TVector cosine));
                TLanes.Store(cosines + r, cosine);
            }
        }
    }

    private void OutputForward(GradientWorkspace w)
    {
        PackedTrainingLayer layer = _layers[^1];
        int stride = layer.InputStride;
        for (int p = 0; p < Block; p++) w.Values[p] = layer.Bias[0] + Dot(layer.Backward, w.Activations(_hidden - 1) + 2 * p * stride, stride);
    }

    /// <summary>u = w and v = cos z ⊙ w at the top sine layer.</summary>
    private void StartGradient(GradientWorkspace w)
    {
        int n = TLanes.Count, top = _hidden - 1, stride = _layers[top].OutputStride;
        float* weights = _layers[^1].Backward;
        for (int p = 0; p < Block; p++)
        {
            float* u = w.OutputGradients(top) + p * stride, v = w.PreActivations(top) + (2 * p + 1) * stride, cosines = w.Cosines(top) + p * stride;
            for (int r = 0; r < stride; r += n)
            {
                TVector weight = TLanes.Load(weights + r);
                TLanes.Store(u + r, weight);
                TLanes.Store(v + r, TLanes.Multiply(TLanes.Load(cosines + r), weight));
            }
        }
    }

    /// <summary>∇f = W′_0ᵀ v_0.</summary>
    private void InputGradient(GradientWorkspace w)
    {
        PackedTrainingLayer layer = _layers[0];
        int d = _inputs, stride = layer.OutputStride;
        for (int p = 0; p < Block; p++)
        {
            float* v = w.PreActivations(0) + (2 * p + 1) * stride;
            for (int k = 0; k < d; k++) w.Jacobians[p * d + k] = Dot(layer.Forward + k * stride, v, stride);
        }
    }

    /// <summary>The first step up the gradient's chain: v̄_0 = W′_0 ḡ, with W̄′_0 += v_0 ḡᵀ.</summary>
    private void FirstLayerAdjoint(GradientWorkspace w)
    {
        PackedTrainingLayer layer = _layers[0];
        int n = TLanes.Count, d = _inputs, stride = layer.OutputStride;
        var finish = new AdjointFinish(w.Activations(0), w.PreActivations(0), w.Cosines(0), w.OutputGradients(0), stride);
        float* weightGradient = w.WeightGradient(0);
        for (int p = 0; p < Block; p++)
        {
            float* g = w.JacobianGradients + p * d, v = w.PreActivations(0) + (2 * p + 1) * stride;
            for (int r = 0; r < stride; r += n)
            {
                TVector vBar = TLanes.Zero, vr = TLanes.Load(v + r);
                for (int k = 0; k < d; k++)
                {
                    TVector gk = TLanes.Broadcast(g[k]);
                    vBar = TLanes.MultiplyAdd(gk, TLanes.Load(layer.Forward + k * stride + r), vBar);
                    float* sum = weightGradient + k * stride + r;
                    TLanes.Store(sum, TLanes.MultiplyAdd(gk, vr, TLanes.Load(sum)));
                }
                finish.Finish(p, r, vBar);
            }
        }
    }

    /// <summary>
    /// The output layer's gradients, w̄ = Σ (ū_L + f̄ h_L) and b̄ = Σ f̄, and the start down the activations' chain:
    /// z̄_L += cos z ⊙ f̄ w.
    /// </summary>
    private void OutputBackward(GradientWorkspace w)
    {
        PackedTrainingLayer layer = _layers[^1];
        int n = TLanes.Count, top = _hidden - 1, stride = layer.InputStride;
        float* weights = layer.Backward, weightGradient = w.WeightGradient(_hidden);
        for (int p = 0; p < Block; p++)
        {
            float fBar = w.ValueGradients[p];
            w.BiasGradient(_hidden)[0] += fBar;
            TVector f = TLanes.Broadcast(fBar);
            float* h = w.Activations(top) + 2 * p * stride, zBar = w.PreActivations(top) + 2 * p * stride, cosines = w.Cosines(top) + p * stride;
            for (int k = 0; k < stride; k += n)
            {
                TVector sum = TLanes.Add(TLanes.Load(weightGradient + k), TLanes.Load(h + stride + k));
                TLanes.Store(weightGradient + k, TLanes.MultiplyAdd(f, TLanes.Load(h + k), sum));
                TVector hBar = TLanes.Multiply(f, TLanes.Load(weights + k));
                TLanes.Store(zBar + k, TLanes.MultiplyAdd(TLanes.Load(cosines + k), hBar, TLanes.Load(zBar + k)));
            }
        }
    }

    /// <summary>The first layer's weight and bias gradients: W̄′_0 += z̄_0 xᵀ, b̄′_0 += z̄_0.</summary>
    private void FirstLayerGradient(GradientWorkspace w)
    {
        PackedTrainingLayer layer = _layers[0];
        int n = TLanes.Count, d = _inputs, stride = layer.OutputStride;
        float* weightGradient = w.WeightGradient(0);
        for (int p = 0; p < Block; p++)
        {
            float* x = w.Inputs + p * d, zBar = w.PreActivations(0) + 2 * p * stride;
            for (int r = 0; r < stride; r += n)
            {
                TVector z = TLanes.Load(zBar + r);
                for (int k = 0; k < d; k++)
                {
                    float* sum = weightGradient + k * stride + r;
                    TLanes.Store(sum, TLanes.MultiplyAdd(TLanes.Broadcast(x[k]), z, TLanes.Load(sum)));
                }
            }
        }
        AddBiasGradient(w.PreActivations(0), stride, w.BiasGradient(0));
    }

    /// <summary>Adds each point's z̄ (the first row of its pair) to the bias gradient.</summary>
    private static void AddBiasGradient(float* preActivations, int stride, float* biasGradient)
    {
        int n = TLanes.Count;
        for (int r = 0; r < stride; r += n)
        {
            TVector sum = TLanes.Load(biasGradient + r);
            for (int p = 0; p < Block; p++) sum = TLanes.Add(sum, TLanes.Load(preActivations + 2 * p * stride + r));
            TLanes.Store(biasGradient + r, sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(float* a, float* b, int length)
    {
        int n = TLanes.Count;
        TVector sum = TLanes.Zero;
        for (int i = 0; i < length; i += n) sum = TLanes.MultiplyAdd(TLanes.Load(a + i), TLanes.Load(b + i), sum);
        return TLanes.Sum(sum);
    }

    /// <summary>What a product does with each vector of sums it has finished: <c>Finish(point, feature, sum)</c>.</summary>
    private interface IProductFinish
    {
        void Finish(int point, int feature, TVector sum);
    }

    /// <summary>Forward through a sine layer: h = sin(sum + b′) and cos of it.</summary>
    private readonly struct SineFinish(float* bias, float* activations, float* cosines, int stride) : IProductFinish
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Finish(int point, int feature, TVector sum)
        {
            TVector h = FastSine.SinCos<TLanes, TVector>(TLanes.Add(sum, TLanes.Load(bias + feature)), out TVector cosine);
            TLanes.Store(activations + 2 * point * stride + feature, h);
            TLanes.Store(cosines + point * stride + feature, cosine);
        }
    }

    /// <summary>Down the gradient's chain: the sum is u of the layer below; v = cos z ⊙ u.</summary>
    private readonly struct GradientFinish(float* outputGradients, float* preActivations, float* cosines, int stride) : IProductFinish
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Finish(int point, int feature, TVector sum)
        {
            TLanes.Store(outputGradients + point * stride + feature, sum);
            TLanes.Store(preActivations + (2 * point + 1) * stride + feature, TLanes.Multiply(TLanes.Load(cosines + point * stride + feature), sum));
        }
    }

    /// <summary>Up the gradient's chain: the sum is v̄; ū = cos z ⊙ v̄, and z̄ starts at −h ⊙ u ⊙ v̄ (from cos z).</summary>
    private readonly struct AdjointFinish(float* activations, float* preActivations, float* cosines, float* outputGradients, int stride) : IProductFinish
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Finish(int point, int feature, TVector sum)
        {
            float* pair = activations + 2 * point * stride + feature;
            TLanes.Store(pair + stride, TLanes.Multiply(TLanes.Load(cosines + point * stride + feature), sum));
            TVector hu = TLanes.Multiply(TLanes.Load(pair), TLanes.Load(outputGradients + point * stride + feature));
            TLanes.Store(preActivations + 2 * point * stride + feature, TLanes.Subtract(TLanes.Zero, TLanes.Multiply(hu, sum)));
        }
    }

    /// <summary>Down the activations' chain: the sum is h̄ of the layer below; z̄ += cos z ⊙ h̄.</summary>
    private readonly struct DownFinish(float* preActivations, float* cosines, int stride) : IProductFinish
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Finish(int point, int feature, TVector sum)
        {
            float* zBar = preActivations + 2 * point * stride + feature;
            TLanes.Store(zBar, TLanes.MultiplyAdd(TLanes.Load(cosines + point * stride + feature), sum, TLanes.Load(zBar)));
        }
    }

    /// <summary>Adds each sum into a weight gradient held row by row (<c>[input][output]</c>): the row is the product's point.</summary>
    private readonly struct AccumulateFinish(float* weightGradient, int stride) : IProductFinish
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Finish(int point, int feature, TVector sum)
        {
            float* target = weightGradient + point * stride + feature;
            TLanes.Store(target, TLanes.Add(TLanes.Load(target), sum));
        }
    }

    /// <summary>
    /// For every point p of the block and output j &lt; <paramref name="width"/>, <c>Σ_{i &lt; length} input[p·inputStride + i] ·
    /// matrix[i·matrixStride + j]</c>, handed to <paramref name="finish"/> a vector at a time.
    /// </summary>
    private void Product<TFinish>(float* input, int inputStride, int length, float* matrix, int matrixStride, int width, TFinish finish)
        where TFinish : struct, IProductFinish =>
        Product(input, inputStride, Block, 1, length, matrix, matrixStride, width, finish);

    /// <summary>
    /// W̄′ᵀ += Σ over the block's row pairs of (h, ū) of the layer below ⊗ (z̄, v) of this one: both outer products of a
    /// layer's weight gradient in one run over 2 × <see cref="Block"/> rows. It is the same product with the roles turned:
    /// the layer's inputs k are the "points", the block's rows the sum.
    /// </summary>
    private void WeightGradient(PackedTrainingLayer layer, float* below, float* pairs, float* weightGradient)
    {
        int inputs = (layer.Inputs + 7) / 8 * 8; // whole groups of eight; the padding inputs are zero
        Product(below, 1, inputs, layer.InputStride, 2 * Block, pairs, layer.OutputStride, layer.OutputStride,
            new AccumulateFinish(weightGradient, layer.OutputStride));
    }

    /// <summary>
    /// For p &lt; <paramref name="points"/> (a multiple of eight) and j &lt; <paramref name="width"/>,
    /// <c>Σ_{i &lt; length} input[p·pointStride + i·step] · matrix[i·matrixStride + j]</c>, handed to <paramref name="finish"/> a
    /// vector at a time: four or eight points (as the CPU has registers for) times two vectors of outputs at once.
    /// </summary>
    private void Product<TFinish>(float* input, int pointStride, int points, int step, int length, float* matrix, int matrixStride, int width,
        TFinish finish) where TFinish : struct, IProductFinish
    {
        if (_wide) ProductEightPoints(input, pointStride, points, step, length, matrix, matrixStride, width, finish);
        else ProductFourPoints(input, pointStride, points, step, length, matrix, matrixStride, width, finish);
    }

    private static void ProductFourPoints<TFinish>(float* input, int pointStride, int points, int step, int length, float* matrix, int matrixStride,
        int width, TFinish finish) where TFinish : struct, IProductFinish
    {
        int n = TLanes.Count;
        nint o1 = pointStride, o2 = 2 * o1, o3 = 3 * o1, stride = step; // native-size offsets: no sign extension in the loop
        for (int j = 0; j < width; j += 2 * n)
        {
            for (int p = 0; p < points; p += 4)
            {
                TVector a00 = TLanes.Zero, a01 = TLanes.Zero, a10 = TLanes.Zero, a11 = TLanes.Zero;
                TVector a20 = TLanes.Zero, a21 = TLanes.Zero, a30 = TLanes.Zero, a31 = TLanes.Zero;
                float* x = input + p * pointStride, m = matrix + j;
                for (int i = 0; i < length; i++, x += stride, m += matrixStride)
                {
                    TVector w0 = TLanes.Load(m), w1 = TLanes.Load(m + n);
                    TVector b0 = TLanes.Broadcast(x[0]);
                    a00 = TLanes.MultiplyAdd(b0, w0, a00); a01 = TLanes.MultiplyAdd(b0, w1, a01);
                    TVector b1 = TLanes.Broadcast(x[o1]);
                    a10 = TLanes.MultiplyAdd(b1, w0, a10); a11 = TLanes.MultiplyAdd(b1, w1, a11);
                    TVector b2 = TLanes.Broadcast(x[o2]);
                    a20 = TLanes.MultiplyAdd(b2, w0, a20); a21 = TLanes.MultiplyAdd(b2, w1, a21);
                    TVector b3 = TLanes.Broadcast(x[o3]);
                    a30 = TLanes.MultiplyAdd(b3, w0, a30); a31 = TLanes.MultiplyAdd(b3, w1, a31);
                }
                finish.Finish(p, j, a00); finish.Finish(p, j + n, a01);
                finish.Finish(p + 1, j, a10); finish.Finish(p + 1, j + n, a11);
                finish.Finish(p + 2, j, a20); finish.Finish(p + 2, j + n, a21);
                finish.Finish(p + 3, j, a30); finish.Finish(p + 3, j + n, a31);
            }
        }
    }

    private static void ProductEightPoints<TFinish>(float* input, int pointStride, int points, int step, int length, float* matrix, int matrixStride,
        int width, TFinish finish) where TFinish : struct, IProductFinish
    {
        int n = TLanes.Count;
        nint o1 = pointStride, o2 = 2 * o1, o3 = 3 * o1, o4 = 4 * o1, o5 = 5 * o1, o6 = 6 * o1, o7 = 7 * o1, stride = step; // no sign extension in the loop
        for (int j = 0; j < width; j += 2 * n)
        {
            for (int p = 0; p < points; p += 8)
            {
                TVector a00 = TLanes.Zero, a01 = TLanes.Zero, a10 = TLanes.Zero, a11 = TLanes.Zero;
                TVector a20 = TLanes.Zero, a21 = TLanes.Zero, a30 = TLanes.Zero, a31 = TLanes.Zero;
                TVector a40 = TLanes.Zero, a41 = TLanes.Zero, a50 = TLanes.Zero, a51 = TLanes.Zero;
                TVector a60 = TLanes.Zero, a61 = TLanes.Zero, a70 = TLanes.Zero, a71 = TLanes.Zero;
                float* x = input + p * pointStride, m = matrix + j;
                for (int i = 0; i < length; i++, x += stride, m += matrixStride)
                {
                    TVector w0 = TLanes.Load(m), w1 = TLanes.Load(m + n);
                    TVector b0 = TLanes.Broadcast(x[0]);
                    a00 = TLanes.MultiplyAdd(b0, w0, a00); a01 = TLanes.MultiplyAdd(b0, w1, a01);
                    TVector b1 = TLanes.Broadcast(x[o1]);
                    a10 = TLanes.MultiplyAdd(b1, w0, a10); a11 = TLanes.MultiplyAdd(b1, w1, a11);
                    TVector b2 = TLanes.Broadcast(x[o2]);
                    a20 = TLanes.MultiplyAdd(b2, w0, a20); a21 = TLanes.MultiplyAdd(b2, w1, a21);
                    TVector b3 = TLanes.Broadcast(x[o3]);
                    a30 = TLanes.MultiplyAdd(b3, w0, a30); a31 = TLanes.MultiplyAdd(b3, w1, a31);
                    TVector b4 = TLanes.Broadcast(x[o4]);
                    a40 = TLanes.MultiplyAdd(b4, w0, a40); a41 = TLanes.MultiplyAdd(b4, w1, a41);
                    TVector b5 = TLanes.Broadcast(x[o5]);
                    a50 = TLanes.MultiplyAdd(b5, w0, a50); a51 = TLanes.MultiplyAdd(b5, w1, a51);
                    TVector b6 = TLanes.Broadcast(x[o6]);
                    a60 = TLanes.MultiplyAdd(b6, w0, a60); a61 = TLanes.MultiplyAdd(b6, w1, a61);
                    TVector b7 = TLanes.Broadcast(x[o7]);
                    a70 = TLanes.MultiplyAdd(b7, w0, a70); a71 = TLanes.MultiplyAdd(b7, w1, a71);
                }
                finish.Finish(p, j, a00); finish.Finish(p, j + n, a01);
                finish.Finish(p + 1, j, a10); finish.Finish(p + 1, j + n, a11);
                finish.Finish(p + 2, j, a20); finish.Finish(p + 2, j + n, a21);
                finish.Finish(p + 3, j, a30); finish.Finish(p + 3, j + n, a31);
                finish.Finish(p + 4, j, a40); finish.Finish(p + 4, j + n, a41);
                finish.Finish(p + 5, j, a50); finish.Finish(p + 5, j + n, a51);
                finish.Finish(p + 6, j, a60); finish.Finish(p + 6, j + n, a61);
                finish.Finish(p + 7, j, a70); finish.Finish(p + 7, j + n, a71);
            }
        }
    }
}
