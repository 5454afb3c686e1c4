using NeuralSdf.Hosting;
using System.CommandLine;
using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Cli;

/// <summary><c>neuralsdf render MODEL -o OUT.png</c>: sphere-traces the model offscreen (EGL) into a PNG.</summary>
internal static class RenderCommand
{
    private static readonly Argument<string> Model = new("model") { Description = "Model file (.nsdf)" };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "PNG to write (alpha 0 where the ray misses)", Required = true };
    private static readonly Option<string> Size = new("--size") { Description = "Image size WxH", DefaultValueFactory = _ => "512x512" };
    private static readonly Option<string?> Eye = new("--eye") { Description = "Camera position x,y,z in the input's units (default: frames the bounds)" };
    private static readonly Option<string?> Target = new("--target") { Description = "Point the camera looks at, x,y,z (default: centre of the bounds)" };
    private static readonly Option<float> Fov = new("--fov") { Description = "Vertical field of view in degrees", DefaultValueFactory = _ => 45f };
    private static readonly Option<string> Mode = new("--mode")
    {
        Description = "shaded, albedo (unlit colour), normals, steps (sphere-tracing steps as a heat map, alpha = steps / --max-steps; " +
            "prints the network evaluations per pixel) or eikonal (|∇f| − 1)",
        DefaultValueFactory = _ => "shaded",
    };
    private static readonly Option<string?> Light = new("--light") { Description = "Direction towards the key light, x,y,z (default: above, front right)" };
    private static readonly Option<int> MaxSteps = new("--max-steps") { Description = "Sphere-tracing steps per pixel", DefaultValueFactory = _ => 128 };
    private static readonly Option<int> Samples = new("--samples")
    {
        Description = "Samples per pixel for a supersampled still: 1, 4, 9, … 64 (an n×n grid; n² times the time)", DefaultValueFactory = _ => 1,
    };
    private static readonly Option<string> Background = new("--background")
    {
        Description = "Behind the surface: transparent, #rrggbb[aa] or r,g,b[,a] in [0, 1]", DefaultValueFactory = _ => "transparent",
    };

    private static readonly Dictionary<string, SdfShadingMode> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["shaded"] = SdfShadingMode.Shaded, ["albedo"] = SdfShadingMode.Albedo, ["normals"] = SdfShadingMode.Normals,
        ["steps"] = SdfShadingMode.Steps, ["eikonal"] = SdfShadingMode.EikonalError,
    };

    public static Command Create()
    {
        var command = new Command("render", "Render the model to a PNG without a window (EGL, software GL works)") { Model, Output, Size, Eye, Target, Fov, Mode, Light, MaxSteps, Samples, Background };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string output = parse.GetValue(Output)!;
            if (!output.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--output '{output}' must end in .png");
            (int width, int height) = ValueParsers.ParseSize(parse.GetValue(Size)!, "--size");
            float fov = parse.GetValue(Fov);
            if (fov is <= 0 or >= 180) throw new UsageException($"--fov must be between 0 and 180 degrees; got {fov}");
            Vector3? eye = parse.GetValue(Eye) is { } e ? ValueParsers.ParseVector(e, "--eye") : null;
            Vector3? target = parse.GetValue(Target) is { } t ? ValueParsers.ParseVector(t, "--target") : null;
            string modeName = parse.GetValue(Mode)!;
            if (!Modes.TryGetValue(modeName, out SdfShadingMode mode))
                throw new UsageException($"--mode '{modeName}' is not one of {string.Join(", ", Modes.Keys)}");
            Vector3? light = parse.GetValue(Light) is { } l ? ValueParsers.ParseVector(l, "--light") : null;
            if (light is { } direction && !(direction.Length() > 0)) throw new UsageException("--light must not be the zero vector");
            int maxSteps = parse.GetValue(MaxSteps);
            if (maxSteps is < 1 or > 10_000) throw new UsageException($"--max-steps must be 1 to 10,000; got {maxSteps}");
            int samples = parse.GetValue(Samples);
            if (!RenderSettings.IsValidSampleCount(samples))
                throw new UsageException($"--samples must be a square number from 1 to {RenderSettings.MaxSamples} (1, 4, 9, 16, …); got {samples}");
            Vector4? background = ValueParsers.ParseColor(parse.GetValue(Background)!, "--background");
            if (mode == SdfShadingMode.Steps && (samples != 1 || background is not null))
                throw new UsageException("--mode steps holds step counts: it takes neither --samples nor --background");

            SdfModel model = SdfModel.Load(parse.GetValue(Model)!);
            var settings = new RenderSettings { Mode = mode, Light = light, MaxSteps = maxSteps, Samples = samples, Background = background };
            Render(model, output, width, height, eye, target, fov, settings);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Renders and writes the PNG; shared with <c>demo</c>.</summary>
    public static void Render(SdfModel model, string output, int width, int height, Vector3? eye, Vector3? target, float fov,
        RenderSettings? settings = null)
    {
        settings ??= RenderSettings.Default;
        CameraSetup camera = CameraSetup.Frame(model.Bounds, fov, (float)width / height);
        if (eye is not null || target is not null)
            camera = new CameraSetup(eye ?? camera.Eye, target ?? camera.Target, fov);
        byte[] rgba = HeadlessRender.RenderRgba(model, width, height, camera, settings);
        PngFile.Write(output, width, height, rgba);
        Console.WriteLine($"Wrote {output} ({width}×{height}{(settings.Samples > 1 ? $", {settings.Samples} samples per pixel" : "")})");
        if (settings.Mode != SdfShadingMode.Steps) return;
        Console.WriteLine($"{DescribeSteps(rgba, settings.MaxSteps)}; steps are the distance over the Lipschitz bound {model.LipschitzBound:F2}");
        byte[] counts = HeadlessRender.RenderRgba(model, width, height, camera, settings with { Mode = SdfShadingMode.Evaluations });
        Console.WriteLine(EvaluationCounts.FromPixels(counts).Describe());
    }

    /// <summary>The mean step count over the pixels whose rays entered the bounds (alpha = steps / maxSteps).</summary>
    private static string DescribeSteps(byte[] rgba, int maxSteps)
    {
        double sum = 0;
        int traced = 0;
        for (int i = 3; i < rgba.Length; i += 4)
        {
            if (rgba[i] == 0) continue;
            traced++;
            sum += rgba[i] / 255.0 * maxSteps;
        }
        return traced == 0 ? "No ray entered the bounds." : $"{sum / traced:F1} steps per traced pixel (mean over {traced:N0} pixels; ±{maxSteps / 510.0:F1} from 8-bit alpha)";
    }
}
