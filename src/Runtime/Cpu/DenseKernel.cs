using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// The matrix products of a SIREN, fused with their bias and sine, for one vector width.
/// <para>
/// <see cref="MultiplyBlock"/> works on a block of <see cref="BlockSize"/> points stored feature-major
/// (feature <c>f</c> of point <c>j</c> at <c>f·BlockSize + j</c>): four output rows times four vectors of points
/// are held in sixteen accumulators, so each loaded input vector and each broadcast weight feeds four fused
/// multiply-adds. Where the CPU has only 16 vector registers (x64 without AVX-512) that would spill, so
/// blocks there are two vectors wide (eight accumulators; see <see cref="WideBlocks"/>). <see cref="MultiplyVector"/> is the matrix–vector
/// form for one point, vectorized across output rows, for batches too small to fill a block.
/// </para>
/// </summary>
internal static unsafe class DenseKernel<TLanes, TVector>
    where TLanes : struct, ISimdLanes<TVector> where TVector : unmanaged
{
    private const int RowsPerGroup = 4;

    /// <summary>Whether blocks should be four vectors wide rather than two: with 32 vector registers (AVX-512, Arm64).</summary>
    public static bool WideBlocks => Avx512F.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>Points per block: two or four vectors.</summary>
    public static int BlockSize(bool wide) => (wide ? 4 : 2) * TLanes.Count;

    /// <summary>Rows computed per block pass: <paramref name="rows"/> rounded up to the row group.</summary>
    public static int BlockRows(int rows) => (rows + RowsPerGroup - 1) / RowsPerGroup * RowsPerGroup;

    public static void MultiplyBlock<TFinish>(in LayerPass pass, bool wide) where TFinish : struct, LayerFinish.IFinish
    {
        if (wide) MultiplyFourVectorBlock<TFinish>(pass);
        else MultiplyTwoVectorBlock<TFinish>(pass);
    }

    private static void MultiplyFourVectorBlock<TFinish>(in LayerPass pass) where TFinish : struct, LayerFinish.IFinish
    {
        int n = TLanes.Count, block = BlockSize(wide: true);
        for (int r = 0; r < pass.Rows; r += RowsPerGroup)
        {
            TVector b0 = BlockStart<TFinish>(pass, r), b1 = BlockStart<TFinish>(pass, r + 1);
            TVector b2 = BlockStart<TFinish>(pass, r + 2), b3 = BlockStart<TFinish>(pass, r + 3);
            TVector a00 = b0, a01 = b0, a02 = b0, a03 = b0;
            TVector a10 = b1, a11 = b1, a12 = b1, a13 = b1;
            TVector a20 = b2, a21 = b2, a22 = b2, a23 = b2;
            TVector a30 = b3, a31 = b3, a32 = b3, a33 = b3;
            float* w = pass.Weights + r;
            float* x = pass.Input;
            for (int c = 0; c < pass.Columns; c++, w += pass.Stride, x += block)
            {
                TVector x0 = TLanes.Load(x), x1 = TLanes.Load(x + n), x2 = TLanes.Load(x + 2 * n), x3 = TLanes.Load(x + 3 * n);
                TVector w0 = TLanes.Broadcast(w[0]);
                a00 = TLanes.MultiplyAdd(w0, x0, a00); a01 = TLanes.MultiplyAdd(w0, x1, a01);
                a02 = TLanes.MultiplyAdd(w0, x2, a02); a03 = TLanes.MultiplyAdd(w0, x3, a03);
                TVector w1 = TLanes.Broadcast(w[1]);
                a10 = TLanes.MultiplyAdd(w1, x0, a10); a11 = TLanes.MultiplyAdd(w1, x1, a11);
                a12 = TLanes.MultiplyAdd(w1, x2, a12); a13 = TLanes.MultiplyAdd(w1, x3, a13);
                TVector w2 = TLanes.Broadcast(w[2]);
                a20 = TLanes.MultiplyAdd(w2, x0, a20); a21 = TLanes.MultiplyAdd(w2, x1, a21);
                a22 = TLanes.MultiplyAdd(w2, x2, a22); a23 = TLanes.MultiplyAdd(w2, x3, a23);
                TVector w3 = TLanes.Broadcast(w[3]);
                a30 = TLanes.MultiplyAdd(w3, x0, a30); a31 = TLanes.MultiplyAdd(w3, x1, a31);
                a32 = TLanes.MultiplyAdd(w3, x2, a32); a33 = TLanes.MultiplyAdd(w3, x3, a33);
            }
            FinishBlockRow<TFinish>(pass, block, r, 0, a00, a01); FinishBlockRow<TFinish>(pass, block, r, 2, a02, a03);
            FinishBlockRow<TFinish>(pass, block, r + 1, 0, a10, a11); FinishBlockRow<TFinish>(pass, block, r + 1, 2, a12, a13);
            FinishBlockRow<TFinish>(pass, block, r + 2, 0, a20, a21); FinishBlockRow<TFinish>(pass, block, r + 2, 2, a22, a23);
            FinishBlockRow<TFinish>(pass, block, r + 3, 0, a30, a31); FinishBlockRow<TFinish>(pass, block, r + 3, 2, a32, a33);
        }
    }

    private static void MultiplyTwoVectorBlock<TFinish>(in LayerPass pass) where TFinish : struct, LayerFinish.IFinish
    {
        int n = TLanes.Count, block = BlockSize(wide: false);
        for (int r = 0; r < pass.Rows; r += RowsPerGroup)
        {
            TVector a00 = BlockStart<TFinish>(pass, r), a10 = BlockStart<TFinish>(pass, r + 1);
            TVector a20 = BlockStart<TFinish>(pass, r + 2), a30 = BlockStart<TFinish>(pass, r + 3);
            TVector a01 = a00, a11 = a10, a21 = a20, a31 = a30;
            float* w = pass.Weights + r;
            float* x = pass.Input;
            for (int c = 0; c < pass.Columns; c++, w += pass.Stride, x += block)
            {
                TVector x0 = TLanes.Load(x), x1 = TLanes.Load(x + n);
                TVector w0 = TLanes.Broadcast(w[0]);
                a00 = TLanes.MultiplyAdd(w0, x0, a00); a01 = TLanes.MultiplyAdd(w0, x1, a01);
                TVector w1 = TLanes.Broadcast(w[1]);
                a10 = TLanes.MultiplyAdd(w1, x0, a10); a11 = TLanes.MultiplyAdd(w1, x1, a11);
                TVector w2 = TLanes.Broadcast(w[2]);
                a20 = TLanes.MultiplyAdd(w2, x0, a20); a21 = TLanes.MultiplyAdd(w2, x1, a21);
                TVector w3 = TLanes.Broadcast(w[3]);
                a30 = TLanes.MultiplyAdd(w3, x0, a30); a31 = TLanes.MultiplyAdd(w3, x1, a31);
            }
            FinishBlockRow<TFinish>(pass, block, r, 0, a00, a01);
            FinishBlockRow<TFinish>(pass, block, r + 1, 0, a10, a11);
            FinishBlockRow<TFinish>(pass, block, r + 2, 0, a20, a21);
            FinishBlockRow<TFinish>(pass, block, r + 3, 0, a30, a31);
        }
    }

    /// <summary>
    /// The same product for one point: <c>Input</c> and <c>Output</c> are plain vectors, and
    /// <c>Output</c>, <c>Bias</c> and <c>Cosines</c> must have room for <c>Rows</c> rounded up to the vector width.
    /// </summary>
    public static void MultiplyVector<TFinish>(in LayerPass pass) where TFinish : struct, LayerFinish.IFinish
    {
        int n = TLanes.Count;
        int r = 0;
        for (; r + 4 * n <= pass.Rows + n - 1; r += 4 * n)
        {
            TVector a0 = VectorStart<TFinish>(pass, r), a1 = VectorStart<TFinish>(pass, r + n);
            TVector a2 = VectorStart<TFinish>(pass, r + 2 * n), a3 = VectorStart<TFinish>(pass, r + 3 * n);
            float* w = pass.Weights + r;
            for (int c = 0; c < pass.Columns; c++, w += pass.Stride)
            {
                TVector x = TLanes.Broadcast(pass.Input[c]);
                a0 = TLanes.MultiplyAdd(x, TLanes.Load(w), a0);
                a1 = TLanes.MultiplyAdd(x, TLanes.Load(w + n), a1);
                a2 = TLanes.MultiplyAdd(x, TLanes.Load(w + 2 * n), a2);
                a3 = TLanes.MultiplyAdd(x, TLanes.Load(w + 3 * n), a3);
            }
            FinishVector<TFinish>(pass, r, a0);
            FinishVector<TFinish>(pass, r + n, a1);
            FinishVector<TFinish>(pass, r + 2 * n, a2);
            FinishVector<TFinish>(pass, r + 3 * n, a3);
        }
        for (; r < pass.Rows; r += n)
        {
            TVector a = VectorStart<TFinish>(pass, r);
            float* w = pass.Weights + r;
            for (int c = 0; c < pass.Columns; c++, w += pass.Stride)
                a = TLanes.MultiplyAdd(TLanes.Broadcast(pass.Input[c]), TLanes.Load(w), a);
            FinishVector<TFinish>(pass, r, a);
        }
    }

    /// <summary>What a block row's sums start from: the bias where the finish has one (so it needs no add), else zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector BlockStart<TFinish>(in LayerPass pass, int row) where TFinish : struct, LayerFinish.IFinish =>
        LayerFinish.UsesBias<TFinish>() ? TLanes.Broadcast(pass.Bias[row]) : TLanes.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector VectorStart<TFinish>(in LayerPass pass, int row) where TFinish : struct, LayerFinish.IFinish =>
        LayerFinish.UsesBias<TFinish>() ? TLanes.Load(pass.Bias + row) : TLanes.Zero;

    /// <summary>Finishes two vectors of a block row, starting at vector <paramref name="vector"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishBlockRow<TFinish>(in LayerPass pass, int block, int row, int vector, TVector s0, TVector s1)
        where TFinish : struct, LayerFinish.IFinish
    {
        int n = TLanes.Count, offset = row * block + vector * n;
        Finish<TFinish>(pass, offset, s0);
        Finish<TFinish>(pass, offset + n, s1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishVector<TFinish>(in LayerPass pass, int row, TVector sum) where TFinish : struct, LayerFinish.IFinish =>
        Finish<TFinish>(pass, row, sum);

    /// <summary>Finishes the sums at <paramref name="offset"/> of the output (and of the cosines).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TFinish>(in LayerPass pass, int offset, TVector sum) where TFinish : struct, LayerFinish.IFinish
    {
        TVector result;
        if (typeof(TFinish) == typeof(LayerFinish.None) || typeof(TFinish) == typeof(LayerFinish.Linear))
            result = sum;
        else if (typeof(TFinish) == typeof(LayerFinish.TimesCosine))
            result = TLanes.Multiply(sum, TLanes.Load(pass.Cosines + offset));
        else if (typeof(TFinish) == typeof(LayerFinish.SineAndCosine))
        {
            result = FastSine.SinCos<TLanes, TVector>(sum, out TVector cosine);
            TLanes.Store(pass.Cosines + offset, cosine);
        }
        else
            result = FastSine.Sin<TLanes, TVector>(sum);
        TLanes.Store(pass.Output + offset, result);
    }
}
