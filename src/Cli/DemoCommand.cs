using NeuralSdf.Runtime.Shaders;
using System.CommandLine;
using NeuralSdf.Runtime;
using NeuralSdf.Training;

namespace NeuralSdf.Cli;

/// <summary><c>neuralsdf demo</c>: fits the bundled sample and writes the model, its report, its GLSL and a rendered PNG.</summary>
internal static class DemoCommand
{
    private static readonly Option<string> OutputDirectory = new("--output-dir") { Description = "Folder for the demo's files", DefaultValueFactory = _ => "neuralsdf-demo" };
    private static readonly Option<string> Sample = new("--sample") { Description = "Which bundled sample to fit (a file name in meshes/)", DefaultValueFactory = _ => "bunny.ply" };
    private static readonly Option<double> Minutes = new("--minutes") { Description = "Training budget in minutes", DefaultValueFactory = _ => 1.0 };
    private static readonly Option<int?> Steps = new("--steps") { Description = "Stop after this many steps if that comes before the time budget" };

    public static Command Create()
    {
        var command = new Command("demo", "Fit the bundled sample (about a minute and a half on 2 cores), then write the model, its report (HTML), the GLSL and a PNG")
        {
            OutputDirectory, Sample, Minutes, Steps,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string directory = parse.GetValue(OutputDirectory)!;
            string sample = parse.GetValue(Sample)!;
            string input = Path.Combine(AppContext.BaseDirectory, "meshes", sample);
            if (!File.Exists(input))
                throw new UsageException($"{input}: bundled sample not found (available: {string.Join(", ", Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "meshes")).Select(Path.GetFileName).Where(n => n != "README.md"))})");
            Directory.CreateDirectory(directory);
            string stem = Path.Combine(directory, Path.GetFileNameWithoutExtension(sample));

            var options = new TrainingOptions { Minutes = parse.GetValue(Minutes), Steps = parse.GetValue(Steps) };
            (int exitCode, SdfModel? model) = FitCommand.Fit(input, stem + ".nsdf", options);
            if (exitCode != ExitCodes.Success || model is null) return exitCode;

            BakedGlsl baked = GlslBaker.Bake(model, GlslWeightStorage.ShaderStorageBuffer, binding: 0);
            AtomicFile.WriteAllText(stem + ".glsl", baked.Source);
            GlslBaker.WritePackedWeights(baked, stem + ".weights.bin");
            Console.WriteLine($"Wrote {stem}.glsl and {stem}.weights.bin");
            RenderCommand.Render(model, stem + ".png", 512, 512, eye: null, target: null, fov: 40);
            Console.WriteLine($"Next: neuralsdf view {stem}.nsdf   or   neuralsdf render {stem}.nsdf -o view.png --eye x,y,z   or   neuralsdf mesh {stem}.nsdf -o {stem}.obj");
            return ExitCodes.Success;
        }));
        return command;
    }
}
