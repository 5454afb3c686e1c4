using System.CommandLine;
using System.Globalization;
using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Cli;

/// <summary><c>neuralsdf render-image FIELD -o OUT.png</c>: samples an image field at any resolution and region, or its analytic derivatives.</summary>
internal static class RenderImageCommand
{
    private static readonly Argument<string> Field = new("field") { Description = "Image field file (.nsdf, from fit-image or blend)" };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "PNG to write (as many channels as the field; derivative views: its colour channels)", Required = true };
    private static readonly Option<string?> Size = new("--size") { Description = "Image size WxH (default: the source's size)" };
    private static readonly Option<string> Region = new("--region") { Description = "Part of the image to sample, x0,y0,x1,y1 in uv ([0, 1], top-left to bottom-right); past the source's resolution it zooms continuously", DefaultValueFactory = _ => "0,0,1,1" };
    private static readonly Option<string> Show = new("--show") { Description = "value, dx, dy, gradient (magnitude) or laplacian; derivatives are per source pixel, scaled so the largest fills the range (printed)", DefaultValueFactory = _ => "value" };

    public static Command Create()
    {
        var command = new Command("render-image", "Sample an image field into a PNG at any size and region, or view its derivatives") { Field, Output, Size, Region, Show };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string output = parse.GetValue(Output)!;
            if (!output.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--output '{output}' must end in .png");
            string show = parse.GetValue(Show)!.ToLowerInvariant();
            if (show is not ("value" or "dx" or "dy" or "gradient" or "laplacian"))
                throw new UsageException($"--show '{show}' is not one of value, dx, dy, gradient, laplacian");
            UvRegion region = ParseRegion(parse.GetValue(Region)!);
            ImageField field = ImageField.Load(parse.GetValue(Field)!);
            (int width, int height) = parse.GetValue(Size) is { } size ? ValueParsers.ParseSize(size, "--size") : (field.Width, field.Height);
            Render(field, output, width, height, region, show);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static void Render(ImageField field, string output, int width, int height, UvRegion region, string show)
    {
        if (show == "value")
        {
            float[] values = field.Render(width, height, region);
            if (field.ColorSpace == "srgb")
            {
                for (int i = 0; i < values.Length; i++) values[i] = Math.Clamp(values[i], 0f, 1f);
            }
            ImagePng.Write(output, width, height, field.Channels, values);
            Console.WriteLine($"Wrote {output} ({width}×{height}, {field.Channels} channel{(field.Channels == 1 ? "" : "s")})");
            return;
        }
        (float[] view, int channels, float scale) = DerivativeView(field, width, height, region, show);
        ImagePng.Write(output, width, height, channels, view);
        Console.WriteLine($"Wrote {output} ({width}×{height}, {show} per source pixel: {(show == "gradient" ? "white" : "white / black")} is ±{scale.ToString("G3", CultureInfo.InvariantCulture)}, " +
                          $"{(show == "gradient" ? "black 0" : "mid grey 0")})");
    }

    /// <summary>
    /// The derivative of each colour channel (alpha left out) per source pixel, mapped to [0, 1]: signed views around ½,
    /// the gradient's magnitude from 0, each divided by the largest magnitude in the picture (returned).
    /// </summary>
    private static (float[] View, int Channels, float Scale) DerivativeView(ImageField field, int width, int height, UvRegion region, string show)
    {
        Vector2[] uv = ImageField.PixelCenters(width, height, region);
        int channels = field.Channels, colors = channels is 2 or 4 ? channels - 1 : channels;
        float[] derivative = new float[uv.Length * colors];
        if (show == "laplacian")
        {
            float[] laplacians = new float[uv.Length * channels];
            field.Laplacian(uv, laplacians);
            for (int p = 0; p < uv.Length; p++)
                for (int c = 0; c < colors; c++) derivative[p * colors + c] = laplacians[p * channels + c];
        }
        else
        {
            float[] values = new float[uv.Length * channels], jacobians = new float[uv.Length * channels * 2];
            field.Sample(uv, values, jacobians);
            for (int p = 0; p < uv.Length; p++)
            {
                for (int c = 0; c < colors; c++)
                {
                    float du = jacobians[(p * channels + c) * 2] / field.Width, dv = jacobians[(p * channels + c) * 2 + 1] / field.Height;
                    derivative[p * colors + c] = show switch { "dx" => du, "dy" => dv, _ => MathF.Sqrt(du * du + dv * dv) };
                }
            }
        }
        float max = derivative.Max(MathF.Abs);
        float scale = max > 0 ? max : 1;
        bool signed = show != "gradient";
        float[] view = derivative.Select(d => signed ? 0.5f + 0.5f * d / scale : d / scale).ToArray();
        return (view, colors, scale);
    }

    private static UvRegion ParseRegion(string text)
    {
        string[] parts = text.Split(',');
        float[] v = new float[4];
        if (parts.Length != 4 || !parts.Select((p, i) => float.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) && float.IsFinite(v[i])).All(ok => ok))
            throw new UsageException($"--region '{text}' is not four numbers 'x0,y0,x1,y1'");
        if (!(v[2] > v[0]) || !(v[3] > v[1]))
            throw new UsageException($"--region '{text}' must have x1 > x0 and y1 > y0");
        return new UvRegion(new Vector2(v[0], v[1]), new Vector2(v[2], v[3]));
    }
}
