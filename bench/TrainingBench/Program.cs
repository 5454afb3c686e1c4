// Time to quality: fits each input with the plain SIREN recipe and with the supervised recipe, under the
// same time budget and options, and measures Chamfer-L1, F-score and ghost area of the raw zero set
// (marching cubes at resolution 128, no clean-up) at checkpoints along the way.
//
//   dotnet run -c Release --project bench/TrainingBench -- [--seconds 120] [--every 30] [FILES...]
//   dotnet run -c Release --project bench/TrainingBench -- --step-time [--steps 200] [FILES...]
//
// --step-time: the time of a training step at the defaults (the supervised recipe, 3×128, 4,096 surface + 4,096 space
// points), its GFLOP/s and its share of the FMA peak measured in the same run. A step's work is counted as six network
// passes of multiply-adds over its points: the forward pass, the input gradient, and the backward pass through both
// (each twice a forward's): 6 × 2 × Σ(inputs × outputs) FLOPs per point, 3.3 GFLOP for 8,192 points.
using System.Globalization;
using NeuralSdf.Bench;
using NeuralSdf.Runtime;
using NeuralSdf.Training;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Metrics;

double seconds = 120, every = 30;
int? stepTime = null;
var files = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--seconds") seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--every") every = double.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--step-time") stepTime ??= 200;
    else if (args[i] == "--steps") stepTime = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else files.Add(args[i]);
}
if (files.Count == 0)
{
    string meshes = Path.Combine(AppContext.BaseDirectory, "../../../../../meshes");
    files.AddRange(new[] { "bunny.ply", "torus.obj", "capsule.xyz" }.Select(f => Path.GetFullPath(Path.Combine(meshes, f))));
}

Console.WriteLine($"# TrainingBench — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {BenchMachine.Description}");
if (stepTime is { } steps)
{
    StepTime(files, steps);
    return;
}
Console.WriteLine($"# budget {seconds} s per fit, checkpoints every {every} s; defaults otherwise ({new TrainingOptions().HiddenLayers}×{new TrainingOptions().HiddenWidth}, batch {new TrainingOptions().BatchSize}, lr {new TrainingOptions().LearningRate})");
Console.WriteLine();
Console.WriteLine("| input | recipe | seconds | steps | Chamfer-L1 | F@0.5% | F@1% | normal cons. | ghost area |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");

foreach (string file in files)
{
    InputGeometry input = GeometryReader.Read(file);
    var finals = new Dictionary<TrainingRecipe, SurfaceComparison>();
    foreach (TrainingRecipe recipe in new[] { TrainingRecipe.Siren, TrainingRecipe.Supervised })
    {
        var options = new TrainingOptions { Minutes = seconds / 60, Recipe = recipe, CheckpointSeconds = every, Device = "cpu" };
        var checkpoints = new List<SdfModel>();
        TrainingResult result = SdfTrainer.Fit(input, options, checkpoint: c => checkpoints.Add(c.Model));
        if (checkpoints.Count == 0 || checkpoints[^1].Metadata["training.steps"] != result.Model.Metadata["training.steps"])
            checkpoints.Add(result.Model);
        foreach (SdfModel model in checkpoints)
        {
            SurfaceComparison q = FitEvaluation.Evaluate(model, input, resolution: 128, samples: 50_000);
            Console.WriteLine($"| {Path.GetFileName(file)} | {recipe.ToString().ToLowerInvariant()} | {model.Metadata["training.seconds"]} | {model.Metadata["training.steps"]} | " +
                $"{q.ChamferL1:F5} | {q.FScoreHalfPercent:F3} | {q.FScoreOnePercent:F3} | {q.NormalConsistency:F3} | {q.GhostArea:P2} |");
            finals[recipe] = q;
        }
    }
    SurfaceComparison plain = finals[TrainingRecipe.Siren], ours = finals[TrainingRecipe.Supervised];
    Console.WriteLine($"| {Path.GetFileName(file)} | **supervised / siren** | | | {ours.ChamferL1 / plain.ChamferL1:F2}× | | {ours.FScoreOnePercent / plain.FScoreOnePercent:F2}× | | {plain.GhostArea:P2} → {ours.GhostArea:P2} |");
}

static void StepTime(IReadOnlyList<string> files, int steps)
{
    var defaults = new TrainingOptions();
    // Σ(inputs × outputs): 3 → width, width → width between the hidden layers, width → 1.
    long weights = 3L * defaults.HiddenWidth + (defaults.HiddenLayers - 1L) * defaults.HiddenWidth * defaults.HiddenWidth + defaults.HiddenWidth;
    double flopsPerStep = 6 * 2.0 * weights * 2 * defaults.BatchSize;
    Console.WriteLine($"# TorchSharp path, {steps} steps after 20 to warm up; {defaults.HiddenLayers}×{defaults.HiddenWidth}, {defaults.BatchSize:N0} + {defaults.BatchSize:N0} points: {flopsPerStep / 1e9:F2} GFLOP a step");
    Console.WriteLine();
    Console.WriteLine("| input | path | threads | ms/step | GFLOP/s | share of the peak |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|");
    foreach (string file in files)
    {
        InputGeometry input = GeometryReader.Read(file);
        var options = defaults with { Recipe = TrainingRecipe.Supervised, Device = "cpu", CheckpointSeconds = 1e9 };
        SdfTrainer.Fit(input, options with { Steps = 20 });
        TrainingResult result = SdfTrainer.Fit(input, options with { Steps = steps });
        // The loop's own clock: sampling and the loss are in it, the signed-distance pool's precomputation is not.
        double perStep = result.Elapsed.TotalSeconds / result.Steps;
        double gflops = flopsPerStep / perStep / 1e9;
        Console.WriteLine($"| {Path.GetFileName(file)} | TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version} | {TorchSharp.torch.get_num_threads()} | {1000 * perStep:F1} | {gflops:F1} | {gflops / BenchMachine.PeakGflops:P0} |");
    }
}
