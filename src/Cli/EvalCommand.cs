using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Metrics;

namespace NeuralSdf.Cli;

/// <summary><c>neuralsdf eval MODEL --reference INPUT [--json]</c>: measures a model against the surface it was fitted to.</summary>
internal static class EvalCommand
{
    private static readonly Argument<string> Model = new("model") { Description = "Model file (.nsdf)" };
    private static readonly Option<string> Reference = new("--reference") { Description = "The input surface to compare with (any format fit reads)", Required = true };
    private static readonly Option<int> Resolution = new("--resolution") { Description = "Marching-cubes resolution of the extracted zero set", DefaultValueFactory = _ => 128 };
    private static readonly Option<int> Samples = new("--samples") { Description = "Area-uniform samples drawn on each surface", DefaultValueFactory = _ => 100_000 };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the metrics as one JSON object" };

    public static Command Create()
    {
        var command = new Command("eval", "Compare the model's raw zero set with the reference surface: Chamfer, F-score, normal consistency, Hausdorff, ghost area (fractions of the reference's diagonal)")
        {
            Model, Reference, Resolution, Samples, Json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            int resolution = parse.GetValue(Resolution), samples = parse.GetValue(Samples);
            if (resolution is < 8 or > 2048) throw new UsageException($"--resolution must be 8 to 2048; got {resolution}");
            if (samples is < 100 or > 10_000_000) throw new UsageException($"--samples must be 100 to 10,000,000; got {samples}");
            SdfModel model = SdfModel.Load(parse.GetValue(Model)!);
            InputGeometry reference = GeometryReader.Read(parse.GetValue(Reference)!);
            SurfaceComparison q = FitEvaluation.Evaluate(model, reference, resolution, samples);
            var metrics = new Dictionary<string, object>
            {
                ["chamfer_l1"] = q.ChamferL1,
                ["chamfer_l2"] = q.ChamferL2,
                ["normal_consistency"] = q.NormalConsistency,
                ["f_score_0_5_percent"] = q.FScoreHalfPercent,
                ["f_score_1_percent"] = q.FScoreOnePercent,
                ["hausdorff"] = q.Hausdorff,
                ["ghost_area"] = q.GhostArea,
                ["samples"] = q.SampleCount,
                ["resolution"] = resolution,
                ["reference_diagonal"] = reference.Bounds.Diagonal,
            };
            if (parse.GetValue(Json))
            {
                // NaN (no normals on either side) is not JSON: write null instead.
                Console.WriteLine(JsonSerializer.Serialize(metrics.ToDictionary(kv => kv.Key, kv => kv.Value is double d && !double.IsFinite(d) ? null : kv.Value)));
                return ExitCodes.Success;
            }
            Console.WriteLine($"{parse.GetValue(Model)} against {parse.GetValue(Reference)} (raw zero set at resolution {resolution}, {q.SampleCount:N0} samples a side; distances as fractions of the diagonal {reference.Bounds.Diagonal.ToString("G5", CultureInfo.InvariantCulture)}):");
            foreach ((string name, object value) in metrics.Take(7))
                Console.WriteLine($"  {name,-22} {(value is double d ? d.ToString("G4", CultureInfo.InvariantCulture) : value)}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
