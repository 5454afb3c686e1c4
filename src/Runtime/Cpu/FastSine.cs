using System.Runtime.CompilerServices;

namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// Vectorized sine and cosine for SIREN pre-activations, which reach |z| of hundreds.
/// z = k·π + r with k = round(z/π) and r in [−π/2, π/2]: k comes from adding 1.5·2²³, which rounds z/π to an
/// integer and leaves k's parity in the lowest mantissa bit; k·π is subtracted in two parts (Cody–Waite, fused),
/// which keeps r accurate to about 1e-8 for |z| up to millions. Then sin z = (−1)^k·sin r and
/// cos z = (−1)^k·cos r with the Taylor polynomials of degree 11 and 12, whose truncation error on
/// [−π/2, π/2] is below 6e-8 and 7e-9 — about one float rounding. Valid for |z| &lt; 2²²·π ≈ 1.3e7.
/// </summary>
internal static class FastSine
{
    private const float InversePi = (float)(1 / Math.PI);
    private const float RoundingShift = 12582912f; // 1.5·2²³
    private const float PiHigh = (float)Math.PI;
    private static readonly float PiLow = (float)(Math.PI - PiHigh);

    private const float Sin3 = -1f / 6, Sin5 = 1f / 120, Sin7 = -1f / 5040, Sin9 = 1f / 362880, Sin11 = -1f / 39916800;
    private const float Cos2 = -1f / 2, Cos4 = 1f / 24, Cos6 = -1f / 720, Cos8 = 1f / 40320, Cos10 = -1f / 3628800, Cos12 = 1f / 479001600;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Sin<TLanes, TVector>(TVector z)
        where TLanes : struct, ISimdLanes<TVector> where TVector : unmanaged
    {
        TVector r = Reduce<TLanes, TVector>(z, out TVector shiftedK);
        return TLanes.NegateWhereOdd(SinOfReduced<TLanes, TVector>(r), shiftedK);
    }

    /// <summary>sin z, with cos z in <paramref name="cosine"/>, from one range reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector SinCos<TLanes, TVector>(TVector z, out TVector cosine)
        where TLanes : struct, ISimdLanes<TVector> where TVector : unmanaged
    {
        TVector r = Reduce<TLanes, TVector>(z, out TVector shiftedK);
        TVector r2 = TLanes.Multiply(r, r);
        TVector c = TLanes.MultiplyAdd(TLanes.Broadcast(Cos12), r2, TLanes.Broadcast(Cos10));
        c = TLanes.MultiplyAdd(c, r2, TLanes.Broadcast(Cos8));
        c = TLanes.MultiplyAdd(c, r2, TLanes.Broadcast(Cos6));
        c = TLanes.MultiplyAdd(c, r2, TLanes.Broadcast(Cos4));
        c = TLanes.MultiplyAdd(c, r2, TLanes.Broadcast(Cos2));
        c = TLanes.MultiplyAdd(c, r2, TLanes.Broadcast(1f));
        cosine = TLanes.NegateWhereOdd(c, shiftedK);
        return TLanes.NegateWhereOdd(SinOfReduced<TLanes, TVector>(r), shiftedK);
    }

    /// <summary>r = z − k·π, and k + 1.5·2²³ (whose lowest mantissa bit is k's parity).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Reduce<TLanes, TVector>(TVector z, out TVector shiftedK)
        where TLanes : struct, ISimdLanes<TVector> where TVector : unmanaged
    {
        shiftedK = TLanes.MultiplyAdd(z, TLanes.Broadcast(InversePi), TLanes.Broadcast(RoundingShift));
        TVector k = TLanes.Subtract(shiftedK, TLanes.Broadcast(RoundingShift));
        TVector r = TLanes.MultiplyAdd(k, TLanes.Broadcast(-PiHigh), z);
        return TLanes.MultiplyAdd(k, TLanes.Broadcast(-PiLow), r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector SinOfReduced<TLanes, TVector>(TVector r)
        where TLanes : struct, ISimdLanes<TVector> where TVector : unmanaged
    {
        TVector r2 = TLanes.Multiply(r, r);
        TVector s = TLanes.MultiplyAdd(TLanes.Broadcast(Sin11), r2, TLanes.Broadcast(Sin9));
        s = TLanes.MultiplyAdd(s, r2, TLanes.Broadcast(Sin7));
        s = TLanes.MultiplyAdd(s, r2, TLanes.Broadcast(Sin5));
        s = TLanes.MultiplyAdd(s, r2, TLanes.Broadcast(Sin3));
        return TLanes.MultiplyAdd(TLanes.Multiply(s, r2), r, r);
    }
}
