// Time to quality: fits each input with TorchSharp and with the fused CPU path (--backend torch and cpu) under the same
// time budget and options, and scores the raw zero set (marching cubes at --resolution, 256 by default, no clean-up)
// with Chamfer-L1, F-score, normal consistency and ghost area at checkpoints along the way.
//
//   dotnet run -c Release --project bench/TrainingBench -- [--seconds 60] [--every 15] [--resolution 256] [FILES...]
//   dotnet run -c Release --project bench/TrainingBench -- --step-time [--steps 200] [--batch 4096] [FILES...]
//   dotnet run -c Release --project bench/TrainingBench -- --compare-recipes [--seconds 120] [FILES...]
//
// --step-time: the time of a training step (3×128, 4,096 surface + 4,096 space points unless --batch says otherwise) on each path, its
// GFLOP/s and its share of the FMA peak measured in the same run. A step's work is counted as six network passes of
// multiply-adds over its points: the forward pass, the input gradient, and the backward pass through both (each twice a
// forward's): 6 × 2 × Σ(inputs × outputs) FLOPs per point, 3.27 GFLOP for 8,192 points. The fused path does exactly these
// six products per layer; TorchSharp's double backward does them and more.
// --compare-recipes: the plain SIREN recipe against the supervised one, on the default backend.
// --kernel-widths: the fused gradient alone (no sampling, no optimizer) at each vector width this CPU runs, on one and on
// all cores, against the FMA peak of that width: the AVX2 path's share where only an AVX-512 machine is at hand.
//
//   dotnet run -c Release --project bench/TrainingBench -- --kernel-widths [--batch 4096] [FILE]
using System.Globalization;
using NeuralSdf.Bench;
using NeuralSdf.Runtime;
using NeuralSdf.Training;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Metrics;

double seconds = 60, every = 15;
int resolution = 256;
int? stepTime = null;
int stepBatch = 4096;
bool compareRecipes = false, kernelWidths = false;
var files = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--seconds") seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--every") every = double.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--resolution") resolution = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--step-time") stepTime ??= 200;
    else if (args[i] == "--steps") stepTime = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--compare-recipes") compareRecipes = true;
    else if (args[i] == "--kernel-widths") kernelWidths = true;
    else if (args[i] == "--batch") stepBatch = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else files.Add(args[i]);
}
if (files.Count == 0)
{
    string meshes = Path.Combine(AppContext.BaseDirectory, "../../../../../meshes");
    files.AddRange(new[] { "bunny.ply", "torus.obj", "capsule.xyz" }.Select(f => Path.GetFullPath(Path.Combine(meshes, f))));
}

Console.WriteLine($"# TrainingBench — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {BenchMachine.Description}; load {BenchMachine.LoadAverage()}");
var defaults = new TrainingOptions();
if (kernelWidths)
{
    KernelWidths.Run(GeometryReader.Read(files[0]), defaults with { BatchSize = stepBatch });
    return;
}
if (stepTime is { } steps)
{
    StepTime(files, steps, defaults with { BatchSize = stepBatch });
    return;
}
string[] rows = compareRecipes ? ["siren", "supervised"] : ["torch", "cpu"];
Console.WriteLine($"# budget {seconds} s per fit, checkpoints every {every} s, zero set at {resolution}; defaults otherwise ({defaults.HiddenLayers}×{defaults.HiddenWidth}, " +
                  $"batch {defaults.BatchSize}, lr {defaults.LearningRate}, ω₀ {defaults.Omega0}){(compareRecipes ? "; default backend" : "; default recipe")}");
Console.WriteLine();
Console.WriteLine($"| input | {(compareRecipes ? "recipe" : "backend")} | seconds | steps | Chamfer-L1 | F@0.5% | F@1% | normal cons. | ghost area |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");

foreach (string file in files)
{
    InputGeometry input = GeometryReader.Read(file);
    var finals = new Dictionary<string, (SurfaceComparison Quality, int Steps)>();
    foreach (string row in rows)
    {
        var options = defaults with { Minutes = seconds / 60, CheckpointSeconds = every, Device = "cpu" };
        options = compareRecipes
            ? options with { Recipe = row == "siren" ? TrainingRecipe.Siren : TrainingRecipe.Supervised }
            : options with { Backend = row };
        var checkpoints = new List<SdfModel>();
        TrainingResult result = SdfTrainer.Fit(input, options, checkpoint: c => checkpoints.Add(c.Model));
        if (checkpoints.Count == 0 || checkpoints[^1].Metadata["training.steps"] != result.Model.Metadata["training.steps"])
            checkpoints.Add(result.Model);
        foreach (SdfModel model in checkpoints)
        {
            SurfaceComparison q = FitEvaluation.Evaluate(model, input, resolution, samples: 50_000);
            Console.WriteLine($"| {Path.GetFileName(file)} | {row} | {model.Metadata["training.seconds"]} | {model.Metadata["training.steps"]} | " +
                $"{q.ChamferL1:F5} | {q.FScoreHalfPercent:F3} | {q.FScoreOnePercent:F3} | {q.NormalConsistency:F3} | {q.GhostArea:P2} |");
            finals[row] = (q, result.Steps);
        }
    }
    var (first, second) = (finals[rows[0]], finals[rows[1]]);
    Console.WriteLine($"| {Path.GetFileName(file)} | **{rows[1]} / {rows[0]}** | | {(double)second.Steps / first.Steps:F2}× | {second.Quality.ChamferL1 / first.Quality.ChamferL1:F2}× | | " +
                      $"{second.Quality.FScoreOnePercent / first.Quality.FScoreOnePercent:F2}× | {second.Quality.NormalConsistency - first.Quality.NormalConsistency:+0.000;-0.000} | " +
                      $"{first.Quality.GhostArea:P2} → {second.Quality.GhostArea:P2} |");
}

static void StepTime(IReadOnlyList<string> files, int steps, TrainingOptions defaults)
{
    // Σ(inputs × outputs): 3 → width, width → width between the hidden layers, width → 1.
    long weights = 3L * defaults.HiddenWidth + (defaults.HiddenLayers - 1L) * defaults.HiddenWidth * defaults.HiddenWidth + defaults.HiddenWidth;
    double flopsPerStep = 6 * 2.0 * weights * 2 * defaults.BatchSize;
    int threads = Environment.ProcessorCount;
    Console.WriteLine($"# {steps} steps after 20 to warm up, supervised recipe, {defaults.HiddenLayers}×{defaults.HiddenWidth}, {defaults.BatchSize:N0} + {defaults.BatchSize:N0} points: " +
                      $"{flopsPerStep / 1e9:F2} GFLOP a step; {threads} threads; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}");
    Console.WriteLine();
    Console.WriteLine("| input | backend | ms/step | GFLOP/s | share of the peak | fused / TorchSharp |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|");
    foreach (string file in files)
    {
        InputGeometry input = GeometryReader.Read(file);
        double? torchStep = null;
        foreach (string backend in new[] { "torch", "cpu" })
        {
            var options = defaults with { Recipe = TrainingRecipe.Supervised, Device = "cpu", Backend = backend, Threads = threads, CheckpointSeconds = 1e9 };
            SdfTrainer.Fit(input, options with { Steps = 20 });
            TrainingResult result = SdfTrainer.Fit(input, options with { Steps = steps });
            // The loop's own clock: sampling and the loss are in it, the signed-distance pool's precomputation is not.
            double perStep = result.Elapsed.TotalSeconds / result.Steps;
            double gflops = flopsPerStep / perStep / 1e9;
            torchStep ??= perStep;
            Console.WriteLine($"| {Path.GetFileName(file)} | {result.Model.Metadata["training.backend"]} | " +
                              $"{1000 * perStep:F1} | {gflops:F1} | {gflops / BenchMachine.PeakGflops:P0} | {torchStep.Value / perStep:F2}× |");
        }
    }
}
