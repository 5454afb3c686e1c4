// Time to quality: fits each input with the plain SIREN recipe and with the supervised recipe, under the
// same time budget and options, and measures Chamfer-L1, F-score and ghost area of the raw zero set
// (marching cubes at resolution 128, no clean-up) at checkpoints along the way.
//
//   dotnet run -c Release --project bench/TrainingBench -- [--seconds 120] [--every 30] [FILES...]
using System.Globalization;
using NeuralSdf.Bench;
using NeuralSdf.Runtime;
using NeuralSdf.Training;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Metrics;

double seconds = 120, every = 30;
var files = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--seconds") seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--every") every = double.Parse(args[++i], CultureInfo.InvariantCulture);
    else files.Add(args[i]);
}
if (files.Count == 0)
{
    string meshes = Path.Combine(AppContext.BaseDirectory, "../../../../../meshes");
    files.AddRange(new[] { "bunny.ply", "torus.obj", "capsule.xyz" }.Select(f => Path.GetFullPath(Path.Combine(meshes, f))));
}

Console.WriteLine($"# TrainingBench — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {BenchMachine.Description}");
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
