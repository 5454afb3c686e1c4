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

    public static Command Create()
    {
        var command = new Command("render", "Render the model to a PNG without a window (EGL, software GL works)") { Model, Output, Size, Eye, Target, Fov };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string output = parse.GetValue(Output)!;
            if (!output.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--output '{output}' must end in .png");
            (int width, int height) = ValueParsers.ParseSize(parse.GetValue(Size)!, "--size");
            float fov = parse.GetValue(Fov);
            if (fov is <= 0 or >= 180) throw new UsageException($"--fov must be between 0 and 180 degrees; got {fov}");
            Vector3? eye = parse.GetValue(Eye) is { } e ? ValueParsers.ParseVector(e, "--eye") : null;
            Vector3? target = parse.GetValue(Target) is { } t ? ValueParsers.ParseVector(t, "--target") : null;

            SdfModel model = SdfModel.Load(parse.GetValue(Model)!);
            Render(model, output, width, height, eye, target, fov);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Renders and writes the PNG; shared with <c>demo</c>.</summary>
    public static void Render(SdfModel model, string output, int width, int height, Vector3? eye, Vector3? target, float fov)
    {
        CameraSetup camera = CameraSetup.Frame(model.Bounds, fov, (float)width / height);
        if (eye is not null || target is not null)
            camera = new CameraSetup(eye ?? camera.Eye, target ?? camera.Target, fov);
        HeadlessRender.RenderPng(model, output, width, height, camera);
        Console.WriteLine($"Wrote {output} ({width}×{height})");
    }
}
