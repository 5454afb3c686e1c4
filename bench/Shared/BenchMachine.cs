using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralSdf.Bench;

/// <summary>What every benchmark prints about the machine it ran on.</summary>
internal static class BenchMachine
{
    private static readonly Lazy<(double PerCore, double AllCores)> Peak = new(() => (FmaPeak(1), FmaPeak(Environment.ProcessorCount)));

    /// <summary>
    /// CPU model, core count, operating system, the widest accelerated vectors and the measured FMA peak, e.g.
    /// "AMD EPYC …, 2 cores, Debian GNU/Linux 12 (bookworm); 512-bit vectors, FMA peak 60 GFLOP/s per core, 118 on 2".
    /// The peak is measured once, on first use (about a second), with nothing else of ours running.
    /// </summary>
    public static string Description =>
        $"{CpuModel()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}; {VectorBits}-bit vectors, " +
        $"FMA peak {Peak.Value.PerCore:F0} GFLOP/s per core, {Peak.Value.AllCores:F0} on {Environment.ProcessorCount}";

    /// <summary>The measured single-precision FMA peak of all cores, GFLOP/s, for shares of the peak.</summary>
    public static double PeakGflops => Peak.Value.AllCores;

    /// <summary>The measured single-precision FMA peak of one core, GFLOP/s, for shares of the peak of a run on fewer threads.</summary>
    public static double PeakGflopsPerCore => Peak.Value.PerCore;

    /// <summary>The 1-, 5- and 15-minute load averages, so a reader sees whether the machine was busy.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int VectorBits => Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    /// <summary>
    /// The measured FMA peak of <paramref name="threads"/> cores on vectors of <paramref name="bits"/> (512 or 256), GFLOP/s:
    /// the peak of a narrower path on the same machine (the AVX2 code of an AVX-512 CPU).
    /// </summary>
    public static double PeakGflopsAt(int bits, int threads) => FmaPeak(threads, bits);

    // Single-precision FMAs on the widest accelerated vectors (or those of bits), eight independent chains per thread so
    // the latency is hidden; the best of three runs of about 0.2 s.
    private static double FmaPeak(int threads, int bits = 0)
    {
        if (bits == 0) bits = VectorBits;
        double best = 0;
        for (int run = 0; run < 3; run++)
        {
            const long iterations = 4_000_000;
            var clock = Stopwatch.StartNew();
            float sink = 0;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                float result = bits == 512 ? Chains512(iterations) : Chains256(iterations);
                lock (Peak) sink += result;
            });
            double seconds = clock.Elapsed.TotalSeconds;
            int lanes = bits / 32;
            double flops = 2.0 * 8 * lanes * iterations * threads;
            if (sink != 12345) best = Math.Max(best, flops / seconds / 1e9); // sink keeps the loop alive
        }
        return best;
    }

    private static float Chains512(long iterations)
    {
        Vector512<float> a = Vector512.Create(1f), b = Vector512.Create(0.999999f), c = Vector512.Create(1e-7f);
        Vector512<float> x0 = a, x1 = a, x2 = a, x3 = a, x4 = a, x5 = a, x6 = a, x7 = a;
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector512.FusedMultiplyAdd(x0, b, c); x1 = Vector512.FusedMultiplyAdd(x1, b, c);
            x2 = Vector512.FusedMultiplyAdd(x2, b, c); x3 = Vector512.FusedMultiplyAdd(x3, b, c);
            x4 = Vector512.FusedMultiplyAdd(x4, b, c); x5 = Vector512.FusedMultiplyAdd(x5, b, c);
            x6 = Vector512.FusedMultiplyAdd(x6, b, c); x7 = Vector512.FusedMultiplyAdd(x7, b, c);
        }
        return Vector512.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7);
    }

    private static float Chains256(long iterations)
    {
        Vector256<float> a = Vector256.Create(1f), b = Vector256.Create(0.999999f), c = Vector256.Create(1e-7f);
        Vector256<float> x0 = a, x1 = a, x2 = a, x3 = a, x4 = a, x5 = a, x6 = a, x7 = a;
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector256.FusedMultiplyAdd(x0, b, c); x1 = Vector256.FusedMultiplyAdd(x1, b, c);
            x2 = Vector256.FusedMultiplyAdd(x2, b, c); x3 = Vector256.FusedMultiplyAdd(x3, b, c);
            x4 = Vector256.FusedMultiplyAdd(x4, b, c); x5 = Vector256.FusedMultiplyAdd(x5, b, c);
            x6 = Vector256.FusedMultiplyAdd(x6, b, c); x7 = Vector256.FusedMultiplyAdd(x7, b, c);
        }
        return Vector256.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7);
    }
}
