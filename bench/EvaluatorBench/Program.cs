// CPU evaluation speed: our evaluator against ONNX Runtime (running the exported model) and TorchSharp, on a
// seeded random SIREN (the SIREN initialization; the cost does not depend on the weights' values).
// Each row is timed for --seconds, --repeats times, round-robin over the engines, and the best run is kept. The share of
// the peak counts the network's multiply-adds (2 FLOPs each; the sines and biases not) against the FMA peak that
// BenchMachine measures for as many cores as the row's threads.
//
//   dotnet run -c Release --project bench/EvaluatorBench -- [--widths 128,256] [--repeats 5] [--seconds 0.3]
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.OnnxRuntime;
using NeuralSdf.Bench;
using NeuralSdf.Onnx;
using NeuralSdf.Runtime;
using NeuralSdf.Runtime.Cpu;
using NeuralSdf.Training;
using TorchSharp;
using static TorchSharp.torch;

int[] widths = [128, 256];
int repeats = 5;
double seconds = 0.3;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--widths") widths = args[++i].Split(',').Select(int.Parse).ToArray();
    else if (args[i] == "--repeats") repeats = int.Parse(args[++i]);
    else if (args[i] == "--seconds") seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
    else throw new ArgumentException($"unknown argument {args[i]}");
}
int[] batches = [1, 64, 4096, 65536];
const int Threads = 2;

Console.WriteLine($"# EvaluatorBench — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {BenchMachine.Description}");
Console.WriteLine($"# SIMD: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated} → our path {SimdPaths.Best}; " +
    $"ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}, TorchSharp-cpu {typeof(torch).Assembly.GetName().Version}; best of {repeats} × {seconds} s per row");
// Dynamic PGO specializes the shared timing loop for the first engine it sees: single-point rows of later engines then
// read up to a third slower than the same code measured first. DOTNET_TieredPGO=0 measures every engine alike.
Console.WriteLine($"# DOTNET_TieredPGO={Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "(unset: on)"}; load average at start: {BenchMachine.LoadAverage()}");
Console.WriteLine();
Console.WriteLine("| net | points | work | engine | threads | points/s | GFLOP/s | share of the peak | vs ORT (2 threads) |");
Console.WriteLine("|---|---:|---|---|---:|---:|---:|---:|---:|");

torch.set_num_threads(Threads);
var summary = new List<string>();
foreach (int width in widths)
{
    SdfModel model = RandomSiren(width, 3);
    var ours = new CpuEvaluator(model.Field.Folded, SimdPaths.Best);
    var oursOneThread = new CpuEvaluator(model.Field.Folded, SimdPaths.Best, singleThreaded: true);
    var ours256 = new CpuEvaluator(model.Field.Folded, SimdPath.Vector256);
    byte[] onnx = OnnxExporter.ToBytes(model);
    using InferenceSession ort2 = OrtSession(onnx, Threads), ort1 = OrtSession(onnx, 1);
    using var siren = new SirenModule(model.Network);
    string net = $"3×{width}";

    foreach (int n in batches)
    {
        Vector3[] points = PointsIn(model.Bounds, n);
        float[] distances = new float[n], check = new float[n];
        Vector3[] gradients = new Vector3[n];
        float[] flat = MemoryMarshal.Cast<Vector3, float>(points).ToArray();
        using OrtValue ortInput = OrtValue.CreateTensorValueFromMemory(flat, [n, 3]);
        using OrtValue ortOutput = OrtValue.CreateTensorValueFromMemory(check, [n, 1]);
        using var runOptions = new RunOptions();
        float[] normalized = points.SelectMany(p => { Vector3 x = model.Normalization.ToNormalized(p); return new[] { x.X, x.Y, x.Z }; }).ToArray();
        using Tensor torchInput = tensor(normalized, [n, 3]);

        var value = new (string Engine, int Threads, Action Run)[]
        {
            ($"ours ({SimdPaths.Best})", Threads, () => ours.Distance(points, distances)),
            ($"ours ({SimdPaths.Best})", 1, () => oursOneThread.Distance(points, distances)),
            ("ours (Vector256)", Threads, () => ours256.Distance(points, distances)),
            ("ONNX Runtime", Threads, () => ort2.Run(runOptions, [OnnxExporter.InputName], [ortInput], [OnnxExporter.OutputName], [ortOutput])),
            ("ONNX Runtime", 1, () => ort1.Run(runOptions, [OnnxExporter.InputName], [ortInput], [OnnxExporter.OutputName], [ortOutput])),
            ("TorchSharp forward", Threads, () =>
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                siren.forward(torchInput).data<float>().CopyTo(check, 0);
            }),
        };
        var gradient = new (string Engine, int Threads, Action Run)[]
        {
            ($"ours ({SimdPaths.Best})", Threads, () => ours.DistanceAndGradient(points, distances, gradients)),
            ($"ours ({SimdPaths.Best})", 1, () => oursOneThread.DistanceAndGradient(points, distances, gradients)),
            ("ours (Vector256)", Threads, () => ours256.DistanceAndGradient(points, distances, gradients)),
            ("TorchSharp autograd", Threads, () =>
            {
                using var scope = NewDisposeScope();
                Tensor x = torchInput.detach().requires_grad_(true);
                Tensor f = siren.forward(x);
                Tensor g = autograd.grad([f], [x], [ones_like(f)])[0];
                f.data<float>().CopyTo(check, 0);
                g.data<float>().CopyTo(normalized, 0);
            }),
        };

        // The engines must agree before their speeds mean anything.
        ours.Distance(points, distances);
        ort2.Run(runOptions, [OnnxExporter.InputName], [ortInput], [OnnxExporter.OutputName], [ortOutput]);
        double ortDifference = Enumerable.Range(0, n).Max(i => Math.Abs(check[i] - distances[i]));
        if (ortDifference > 1e-4 * model.Bounds.Diagonal) throw new InvalidOperationException($"ORT and ours differ by {ortDifference}");

        foreach ((string work, var engines) in new[] { ("value", value), ("value + gradient", gradient) })
        {
            double[] best = new double[engines.Length];
            for (int r = 0; r < repeats; r++)
                for (int e = 0; e < engines.Length; e++)
                    best[e] = Math.Max(best[e], PointsPerSecond(engines[e].Run, n, seconds));
            double ortRate = work == "value" ? best[3] : double.NaN;
            double flopsPerPoint = work == "value" ? ValueFlops(model.Network) : ValueAndGradientFlops(model.Network);
            for (int e = 0; e < engines.Length; e++)
            {
                string ratio = double.IsNaN(ortRate) ? "" : $"{best[e] / ortRate:F2}×";
                double gflops = best[e] * flopsPerPoint / 1e9;
                double share = gflops / (BenchMachine.PeakGflopsPerCore * engines[e].Threads);
                Console.WriteLine($"| {net} | {n:N0} | {work} | {engines[e].Engine} | {engines[e].Threads} | {best[e]:N0} | {gflops:F1} | {share:P0} | {ratio} |");
            }
            if (work == "value")
                summary.Add($"{net}, {n:N0} points, value: ours/ORT = {best[0] / best[3]:F2}× (ours 1 thread / ORT 1 thread = {best[1] / best[4]:F2}×)");
            else
                summary.Add($"{net}, {n:N0} points, value + gradient: {best[0]:N0} points/s");
        }
    }
}
Console.WriteLine();
foreach (string line in summary) Console.WriteLine($"# {line}");
Console.WriteLine($"# load average at end: {BenchMachine.LoadAverage()}");

// 2 FLOPs per weight: the forward pass's multiply-adds.
static double ValueFlops(SirenNetwork network) => 2.0 * network.Layers.Sum(l => (double)l.Inputs * l.Outputs);

// The CPU evaluator's gradient is one reverse pass, Wᵀ times the error, through every layer but the first, whose reverse
// step onto three inputs is a few multiply-adds; TorchSharp's autograd does the same work.
static double ValueAndGradientFlops(SirenNetwork network) =>
    ValueFlops(network) + 2.0 * network.Layers.Skip(1).Sum(l => (double)l.Inputs * l.Outputs);

static double PointsPerSecond(Action run, int points, double seconds)
{
    run();
    var watch = Stopwatch.StartNew();
    long calls = 0;
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        run();
        calls++;
    }
    return calls * (double)points / watch.Elapsed.TotalSeconds;
}

static InferenceSession OrtSession(byte[] model, int threads)
{
    using var options = new SessionOptions
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };
    return new InferenceSession(model, options);
}

static SdfModel RandomSiren(int width, int hiddenLayers)
{
    const float omega = 30f;
    var random = new Random(1);
    var layers = new List<DenseLayer>();
    int inputs = 3;
    foreach (int outputs in Enumerable.Repeat(width, hiddenLayers).Append(1))
    {
        float limit = layers.Count == 0 ? 1f / inputs : MathF.Sqrt(6f / inputs) / omega;
        float[] Uniform(int count) => Enumerable.Range(0, count).Select(_ => (2 * random.NextSingle() - 1) * limit).ToArray();
        layers.Add(new DenseLayer(inputs, outputs, Uniform(inputs * outputs), Uniform(outputs)));
        inputs = outputs;
    }
    var bounds = new BoundingBox(new Vector3(-1f, -0.5f, -0.8f), new Vector3(1.2f, 0.9f, 0.7f));
    return new SdfModel(new SirenNetwork(layers, omega), SdfNormalization.Fit(bounds, 1f), bounds);
}

static Vector3[] PointsIn(BoundingBox bounds, int count)
{
    var random = new Random(count);
    return Enumerable.Range(0, count).Select(_ => bounds.Min + bounds.Size * new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle())).ToArray();
}
