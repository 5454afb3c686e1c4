using System.Runtime.Intrinsics;
using NeuralSdf.Runtime.Cpu;

namespace NeuralSdf.Runtime.Tests.Cpu;

/// <summary>Runs <see cref="FastSine"/> over an array with a chosen vector width.</summary>
internal static class FastSineProbe
{
    public static (float[] Sin, float[] Cos) Evaluate(SimdPath path, float[] z) => path switch
    {
        SimdPath.Vector512 => Evaluate<Vector512Lanes, Vector512<float>>(z),
        SimdPath.Vector256 => Evaluate<Vector256Lanes, Vector256<float>>(z),
        SimdPath.Vector128 => Evaluate<Vector128Lanes, Vector128<float>>(z),
        _ => Evaluate<ScalarLanes, float>(z),
    };

    private static unsafe (float[] Sin, float[] Cos) Evaluate<TLanes, TVector>(float[] z)
        where TLanes : struct, ISimdLanes<TVector> where TVector : unmanaged
    {
        int n = TLanes.Count, padded = (z.Length + n - 1) / n * n;
        float[] input = new float[padded], sin = new float[padded], sinOfPair = new float[padded], cos = new float[padded];
        z.CopyTo(input, 0);
        fixed (float* x = input, s = sin, s2 = sinOfPair, c = cos)
        {
            for (int i = 0; i < padded; i += n)
            {
                TLanes.Store(s + i, FastSine.Sin<TLanes, TVector>(TLanes.Load(x + i)));
                TLanes.Store(s2 + i, FastSine.SinCos<TLanes, TVector>(TLanes.Load(x + i), out TVector cosine));
                TLanes.Store(c + i, cosine);
            }
        }
        for (int i = 0; i < z.Length; i++)
        {
            if (sin[i] != sinOfPair[i]) throw new InvalidOperationException($"Sin and SinCos disagree at z = {z[i]:R}: {sin[i]:R} vs {sinOfPair[i]:R}");
        }
        return (sin[..z.Length], cos[..z.Length]);
    }
}
