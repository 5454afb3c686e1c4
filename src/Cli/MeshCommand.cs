using System.CommandLine;
using System.Diagnostics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Cli;

/// <summary><c>neuralsdf mesh MODEL -o OUT.obj --resolution N [--raw]</c>: extracts the zero level set by marching cubes.</summary>
internal static class MeshCommand
{
    private static readonly Argument<string> Model = new("model") { Description = "Model file (.nsdf)" };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "Mesh to write: .obj or .ply", Required = true };
    private static readonly Option<int> Resolution = new("--resolution") { Description = "Grid cells along the longest side of the bounds", DefaultValueFactory = _ => 128 };
    private static readonly Option<bool> Raw = new("--raw") { Description = "Export the zero level set as extracted, with no clean-up (for diagnosis)" };

    public static Command Create()
    {
        var command = new Command("mesh", "Export the surface as a triangle mesh (marching cubes), in the input's units") { Model, Output, Resolution, Raw };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string output = parse.GetValue(Output)!;
            int resolution = parse.GetValue(Resolution);
            if (resolution is < 8 or > 2048) throw new UsageException($"--resolution must be 8 to 2048; got {resolution}");
            string extension = Path.GetExtension(output).ToLowerInvariant();
            if (extension is not (".obj" or ".ply")) throw new UsageException($"--output '{output}' must end in .obj or .ply");

            SdfModel model = SdfModel.Load(parse.GetValue(Model)!);
            var clock = Stopwatch.StartNew();
            TriangleMesh mesh = MeshExtractor.Extract(model, resolution, new MeshExtractionOptions { CleanUp = !parse.GetValue(Raw) },
                out MeshExtractionStatistics statistics);
            if (mesh.TriangleCount == 0)
                throw new UsageException($"{parse.GetValue(Model)}: the model has no surface (no zero crossing) inside its bounds at resolution {resolution}; was it trained long enough?");
            if (extension == ".ply") MeshWriter.WritePly(mesh, output);
            else MeshWriter.WriteObj(mesh, output);
            Console.WriteLine($"Wrote {output}: {mesh.Positions.Length:N0} vertices, {mesh.TriangleCount:N0} triangles at resolution {resolution} in {clock.Elapsed.TotalSeconds:0.0} s " +
                $"({statistics.EvaluatedPoints:N0} network evaluations, {statistics.EvaluatedFraction:P1} of the {statistics.SamplesX}×{statistics.SamplesY}×{statistics.SamplesZ} grid)");
            return ExitCodes.Success;
        }));
        return command;
    }
}
