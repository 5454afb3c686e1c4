using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralSdf.Runtime;
using NeuralSdf.Runtime.Cpu;
using NeuralSdf.Training;
using NeuralSdf.Training.Cpu;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;
using TorchSharp;

namespace NeuralSdf.Bench;

/// <summary>The fused gradient of one supervised batch at each vector width, against that width's FMA peak.</summary>
internal static class KernelWidths
{
    public static void Run(InputGeometry input, TrainingOptions options)
    {
        var normalization = SdfNormalization.Fit(input.Bounds, options.NormalizedExtent);
        var sampler = new SurfaceSampler(input, normalization, 1, new MeshSignedDistance(input.Positions, input.Triangles));
        SdfBatch batch = sampler.CreateBatch(options.BatchSize);
        sampler.Sample(batch);
        var loss = new SdfPointLoss(batch);
        loss.Prepare();
        using var generator = new TorchSharp.torch.Generator(1);
        using var siren = new SirenModule(3, 1, options.HiddenLayers, options.HiddenWidth, options.Omega0, generator);
        SirenNetwork network = siren.ToNetwork();
        float[] parameters = FusedSirenGradient.Flatten(network), gradient = new float[parameters.Length];
        double[] terms = new double[loss.TermCount];
        ReadOnlySpan<float> points = MemoryMarshal.Cast<Vector3, float>(batch.Points.AsSpan());

        long weights = network.Layers.Sum(l => (long)l.Inputs * l.Outputs);
        double flops = 6 * 2.0 * weights * batch.Points.Length;
        Console.WriteLine($"# {Path.GetFileName(input.SourcePath)}, {network.Describe()}, {batch.Points.Length:N0} points: {flops / 1e9:F2} GFLOP a batch; median of 30 after 5");
        Console.WriteLine();
        Console.WriteLine("| vectors | accumulators | threads | ms/batch | GFLOP/s | that width's FMA peak | share |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var widths = new List<(SimdPath Path, int Bits, bool Wide)>();
        if (Vector512.IsHardwareAccelerated) widths.Add((SimdPath.Vector512, 512, true));
        if (Vector256.IsHardwareAccelerated) widths.Add((SimdPath.Vector256, 256, false)); // what an AVX2 CPU runs: 16 registers, eight accumulators
        foreach ((SimdPath path, int bits, bool wide) in widths)
        {
            foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                using var fused = new FusedSirenGradient(network, loss.TermCount, threads, path, wide);
                var times = new List<double>();
                for (int i = 0; i < 35; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    fused.Compute(parameters, points, batch.Points.Length, loss, gradient, terms);
                    if (i >= 5) times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                }
                double seconds = times.Order().ElementAt(times.Count / 2), gflops = flops / seconds / 1e9, peak = BenchMachine.PeakGflopsAt(bits, threads);
                Console.WriteLine($"| {bits}-bit | {(wide ? 16 : 8)} | {threads} | {1000 * seconds:F1} | {gflops:F1} | {peak:F0} | {gflops / peak:P0} |");
            }
        }
    }
}
