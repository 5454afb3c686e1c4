using System.CommandLine;
using NeuralSdf.Runtime;
using NeuralSdf.Viewer;

namespace NeuralSdf.Cli;

/// <summary>
/// <c>neuralsdf view MODEL [MODEL...]</c>: opens the interactive viewer (GLFW window, fly-through camera, hot reload);
/// <c>neuralsdf view FIELD</c> on an image field opens the 2D image viewer instead.
/// </summary>
internal static class ViewCommand
{
    private static readonly Argument<string[]> Models = new("models") { Description = "Model files (.nsdf); several SDFs are placed side by side; an image field is shown alone, in 2D", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string?> Scene = new("--scene") { Description = "Scene file (JSON) placing models: {\"objects\": [{\"model\", \"position\", \"rotation\", \"scale\"}]}" };
    private static readonly Option<string?> Grid = new("--grid") { Description = "Copies on an N×M grid, NxM (cycling through the models)" };
    private static readonly Option<string> Size = new("--size") { Description = "Window size WxH", DefaultValueFactory = _ => "960x640" };
    private static readonly Option<string> ScreenshotDir = new("--screenshot-dir") { Description = "Folder for F12 screenshots", DefaultValueFactory = _ => "." };
    private static readonly Option<double> TargetMs = new("--target-ms") { Description = "Frame time to aim for while moving; the internal resolution adapts", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> MaxSteps = new("--max-steps") { Description = "Sphere-tracing steps per pixel", DefaultValueFactory = _ => 128 };
    private static readonly Option<SdfShadingMode> Mode = new("--mode") { Description = "First view (N cycles shaded, normals, steps, eikonal): Shaded, Albedo, Normals, Steps or EikonalError", DefaultValueFactory = _ => SdfShadingMode.Shaded };

    public static Command Create()
    {
        var command = new Command("view", "Open a window and fly through the model(s), or pan and zoom over an image field; reloads a file when it changes (needs a display and libglfw3)")
        {
            Models, Scene, Grid, Size, ScreenshotDir, TargetMs, MaxSteps, Mode,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string[] models = parse.GetValue(Models) ?? [];
            string? scene = parse.GetValue(Scene);
            string? grid = parse.GetValue(Grid);
            if (models.Length == 0 && scene is null) throw new UsageException("give one or more model files, or --scene FILE");
            if (models.Length > 0 && scene is not null) throw new UsageException("give model files or --scene, not both");
            if (scene is not null && grid is not null) throw new UsageException("--grid lays out model files; a --scene places its objects itself");
            (int width, int height) = ValueParsers.ParseSize(parse.GetValue(Size)!, "--size");
            double target = parse.GetValue(TargetMs);
            if (!(target is > 0 and <= 10_000)) throw new UsageException($"--target-ms must be between 0 and 10000; got {target}");
            int maxSteps = parse.GetValue(MaxSteps);
            if (maxSteps is < 1 or > 10_000) throw new UsageException($"--max-steps must be 1 to 10000; got {maxSteps}");
            if (scene is null && ImageFieldIn(models) is { } image)
            {
                foreach ((string name, bool given) in new[] { ("--grid", grid is not null), ("--mode", Given(parse, Mode)), ("--max-steps", Given(parse, MaxSteps)) })
                    if (given) throw new UsageException($"{name} applies to SDFs; {image} is an image field (N in the window changes its view)");
                return ViewImage(image, width, height, parse.GetValue(ScreenshotDir)!, target);
            }

            IReadOnlyList<SceneObject> objects = scene is not null ? SceneFile.Read(scene) : Layout(models, grid);
            var options = new ViewerOptions
            {
                Objects = objects,
                Width = width,
                Height = height,
                ScreenshotDirectory = parse.GetValue(ScreenshotDir)!,
                TargetMilliseconds = target,
                MaxSteps = maxSteps,
                ShadingMode = parse.GetValue(Mode) is SdfShadingMode.Evaluations
                    ? throw new UsageException("--mode Evaluations holds counts, not a picture; use render --mode steps for them")
                    : parse.GetValue(Mode),
            };
            using var viewer = new InteractiveViewer(options);
            Console.WriteLine($"Viewing {objects.Count} object(s) on {viewer.Renderer} (OpenGL {viewer.GlVersion}); press H in the window for the keys, Esc to quit");
            viewer.Run();
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The one image field among <paramref name="paths"/>, or null when all are SDFs; mixing kinds, or several images, is a usage error.</summary>
    private static string? ImageFieldIn(string[] paths)
    {
        (string Path, FieldKind Kind)[] kinds = paths.Select(p => (p, ModelFile.ReadField(p).Kind)).ToArray();
        string[] images = kinds.Where(k => k.Kind == FieldKind.Image).Select(k => k.Path).ToArray();
        if (images.Length == 0) return null;
        if (kinds.FirstOrDefault(k => k.Kind != FieldKind.Image) is { Path: { } other } mixed)
            throw new UsageException($"{images[0]} is an image field and {other} an {mixed.Kind.ToString().ToLowerInvariant()} field; view shows SDFs together or one image field, not both");
        if (images.Length > 1) throw new UsageException($"view shows one image field at a time; got {images.Length} ({string.Join(", ", images)})");
        return images[0];
    }

    private static int ViewImage(string path, int width, int height, string screenshots, double targetMilliseconds)
    {
        var options = new ImageViewerOptions
        {
            FieldPath = Path.GetFullPath(path),
            Width = width,
            Height = height,
            ScreenshotDirectory = screenshots,
            TargetMilliseconds = targetMilliseconds,
        };
        using var viewer = new ImageViewer(options);
        Console.WriteLine($"Viewing image field {path} on {viewer.Renderer} (OpenGL {viewer.GlVersion}); press H in the window for the keys, Esc to quit");
        viewer.Run();
        return ExitCodes.Success;
    }

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static IReadOnlyList<SceneObject> Layout(string[] paths, string? grid)
    {
        (int columns, int rows) = grid is null ? (paths.Length, 1) : ValueParsers.ParseSize(grid, "--grid");
        if (columns * rows > 1024) throw new UsageException($"--grid {grid} makes {columns * rows} copies; at most 1024");
        var models = paths.Select(p => (Path.GetFullPath(p), SdfModel.Load(p).Bounds)).ToArray();
        return SceneGrid.Layout(models, columns, rows);
    }
}
