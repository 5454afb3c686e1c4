using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using NeuralSdf.Runtime;
using StbImageSharp;

namespace NeuralSdf.Cli.Tests;

/// <summary><c>fit-image</c>, <c>render-image</c> and <c>export</c> on image fields, run as a user would, and the errors bad images give.</summary>
public class ImageCommandsTests : IDisposable
{
    private static readonly string[] TinyFit = ["--steps", "300", "--layers", "2", "--hidden", "48", "--batch", "1024", "--device", "cpu"];
    private const int Width = 48, Height = 32;
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-cli-image-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private CliProcess.Result Run(params string[] arguments) => CliProcess.Run(_folder, arguments);

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    /// <summary>A smooth RGB picture as an 8-bit PNG, written by hand (filter 0 rows, zlib) so the test depends on no encoder of ours.</summary>
    private byte[] WriteSmoothPng(string name)
    {
        byte[] rgb = new byte[Width * Height * 3];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                for (int c = 0; c < 3; c++)
                    rgb[(y * Width + x) * 3 + c] = (byte)Math.Round(255 * (0.5 + 0.3 * Math.Sin(2 * Math.PI * ((x + 0.5) / Width * (c + 1) + 0.4 * (y + 0.5) / Height))));
        File.WriteAllBytes(Path(name), Png(Width, Height, rgb));
        return rgb;
    }

    [Fact]
    public void FitImageThenRenderImageAtTheSourceSizeReproducesThePicture()
    {
        byte[] source = WriteSmoothPng("wave.png");
        CliProcess.Result fit = Run(["fit-image", "wave.png", "-o", "wave.nsdf", .. TinyFit]);
        Assert.True(fit.ExitCode == 0, $"fit-image exited {fit.ExitCode}: {fit.StandardError}");
        Assert.Contains("PSNR", fit.StandardOutput);
        Assert.True(File.Exists(Path("wave.report.html")), "the report is written beside the field");
        Assert.Contains("Source, fit and error", File.ReadAllText(Path("wave.report.html")));
        Assert.Equal(FieldKind.Image, NeuralField.Load(Path("wave.nsdf")).Kind);

        CliProcess.Result render = Run("render-image", "wave.nsdf", "-o", "wave.fit.png");
        Assert.True(render.ExitCode == 0, render.StandardError);
        ImageResult fitted = ImageResult.FromMemory(File.ReadAllBytes(Path("wave.fit.png")), ColorComponents.Default);
        Assert.Equal((Width, Height, ColorComponents.RedGreenBlue), (fitted.Width, fitted.Height, fitted.Comp));
        double mse = source.Zip(fitted.Data, (a, b) => Math.Pow((a - b) / 255.0, 2)).Average();
        double psnr = 10 * Math.Log10(1 / mse);
        Assert.True(psnr > 30, $"PSNR of render-image against the source: {psnr:0.00} dB (bound 30)");
    }

    [Fact]
    public void CompareTrainsTheBaselineAndPutsBothInTheReport()
    {
        WriteSmoothPng("wave.png");
        CliProcess.Result fit = Run(["fit-image", "wave.png", "-o", "wave.nsdf", "--compare", "--steps", "60", "--layers", "2", "--hidden", "32", "--batch", "512", "--device", "cpu"]);
        Assert.True(fit.ExitCode == 0, $"fit-image --compare exited {fit.ExitCode}: {fit.StandardError}");
        Match siren = Regex.Match(fit.StandardOutput, @"Wrote wave\.nsdf: .* PSNR (\d+\.\d\d) dB");
        Match baseline = Regex.Match(fit.StandardOutput, @"Baseline 2×(\d+) ReLU \+ PE \(L = 10, ([\d,]+) parameters\): .* PSNR (\d+\.\d\d) dB");
        Assert.True(siren.Success && baseline.Success, fit.StandardOutput);

        string report = File.ReadAllText(Path("wave.report.html"));
        Assert.Contains("Against the ReLU + positional-encoding baseline", report);
        Assert.Contains($"<td>{baseline.Groups[3].Value} dB</td>", report);
        double margin = double.Parse(siren.Groups[1].Value, CultureInfo.InvariantCulture) - double.Parse(baseline.Groups[3].Value, CultureInfo.InvariantCulture);
        Match reported = Regex.Match(report, @"the SIREN is <strong>([+−])(\d+\.\d\d) dB</strong>");
        Assert.True(reported.Success, "the report states the margin");
        double stated = (reported.Groups[1].Value == "−" ? -1 : 1) * double.Parse(reported.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(stated - margin) < 0.011, $"the report's margin {stated} against {margin:0.00} from the two PSNRs printed");

        // 2→32→32→3 has 3·32 + 33·32 + 33·3 = 1,251 parameters; a 2×w ReLU on the 2·(1 + 2·10) = 42 encoded inputs has
        // 43w + (w + 1)·w + (w + 1)·3, nearest at w = 19: 1,257.
        Assert.Equal(("19", "1,257"), (baseline.Groups[1].Value, baseline.Groups[2].Value));
    }

    [Fact]
    public void CompareNeedsTheReport()
    {
        WriteSmoothPng("wave.png");
        CliProcess.Result fit = Run(["fit-image", "wave.png", "-o", "wave.nsdf", "--compare", "--no-report", "--steps", "5"]);
        Assert.Equal(2, fit.ExitCode);
        Assert.Contains("--compare puts the baseline in the report", fit.StandardError);
        Assert.False(File.Exists(Path("wave.nsdf")), "nothing is fitted on a usage error");
    }

    [Fact]
    public void DerivativeFitsTakeTheirOwnDefaultsUnlessOptionsAreGiven()
    {
        WriteSmoothPng("wave.png");
        string[] tiny = ["--no-report", "--steps", "2", "--layers", "1", "--hidden", "8", "--device", "cpu"];
        CliProcess.Result gradients = Run(["fit-image", "wave.png", "-o", "g.nsdf", "--supervise", "gradients", .. tiny]);
        CliProcess.Result given = Run(["fit-image", "wave.png", "-o", "h.nsdf", "--supervise", "gradients", "--lr", "0.002", .. tiny]);
        CliProcess.Result laplacian = Run(["fit-image", "wave.png", "-o", "l.nsdf", "--supervise", "laplacian", .. tiny]);
        CliProcess.Result values = Run(["fit-image", "wave.png", "-o", "v.nsdf", .. tiny]);
        Assert.True(gradients.ExitCode == 0 && given.ExitCode == 0 && laplacian.ExitCode == 0 && values.ExitCode == 0,
            gradients.StandardError + given.StandardError + laplacian.StandardError + values.StandardError);
        Assert.Contains("lr 0.0001,", gradients.StandardOutput);
        Assert.Contains("(ω₀ 40)", gradients.StandardOutput);
        Assert.Contains("lr 0.002,", given.StandardOutput);
        Assert.Contains("lr 0.0003,", laplacian.StandardOutput);
        Assert.Contains("(ω₀ 20)", laplacian.StandardOutput);
        Assert.Contains("lr 0.001,", values.StandardOutput);
        Assert.Contains("(ω₀ 40)", values.StandardOutput);
        Assert.Contains("Fitting 1×8 SIREN", gradients.StandardOutput); // the options given still apply
    }

    [Fact]
    public void RenderImageZoomsIntoARegionAndShowsDerivatives()
    {
        WriteSmoothPng("wave.png");
        Assert.Equal(0, Run(["fit-image", "wave.png", "-o", "wave.nsdf", "--no-report", "--steps", "20", "--layers", "1", "--hidden", "16", "--device", "cpu"]).ExitCode);
        CliProcess.Result zoom = Run("render-image", "wave.nsdf", "-o", "zoom.png", "--size", "96x64", "--region", "0.25,0.25,0.5,0.5");
        Assert.True(zoom.ExitCode == 0, zoom.StandardError);
        Assert.Equal((96, 64), Size("zoom.png"));
        foreach (string show in new[] { "dx", "dy", "gradient", "laplacian" })
        {
            CliProcess.Result view = Run("render-image", "wave.nsdf", "-o", $"{show}.png", "--show", show, "--size", "24x16");
            Assert.True(view.ExitCode == 0, $"{show}: {view.StandardError}");
            Assert.Contains("per source pixel", view.StandardOutput);
            ImageResult image = ImageResult.FromMemory(File.ReadAllBytes(Path($"{show}.png")), ColorComponents.Default);
            Assert.True(image.Data.Max() - image.Data.Min() > 100, $"the {show} view spans the range");
        }
        CliProcess.Result bad = Run("render-image", "wave.nsdf", "-o", "x.png", "--region", "0.5,0,0.25,1");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("x1 > x0", bad.StandardError);
    }

    [Fact]
    public void ExportGivesPrefixedGlslHlslAndOnnxForAnImageField()
    {
        WriteSmoothPng("wave.png");
        Assert.Equal(0, Run(["fit-image", "wave.png", "-o", "wave.nsdf", "--no-report", "--steps", "10", "--layers", "1", "--hidden", "8", "--device", "cpu"]).ExitCode);
        CliProcess.Result export = Run("export", "wave.nsdf", "--glsl", "wave.glsl", "--storage", "inline", "--prefix", "wood", "--hlsl", "wave.hlsl", "--onnx", "wave.onnx");
        Assert.True(export.ExitCode == 0, export.StandardError);
        Assert.Contains("vec4 wood_color(vec2 uv)", File.ReadAllText(Path("wave.glsl")));
        Assert.Contains("float4 wood_color(float2 uv)", File.ReadAllText(Path("wave.hlsl")));
        Assert.Contains("input uv [N,2], output color [N,3]", export.StandardOutput);
    }

    [Theory]
    [InlineData("empty.png", "empty")]
    [InlineData("text.png", "not an image")]
    [InlineData("cut.png", "truncated")]
    [InlineData("huge.png", "100,000 × 100,000")]
    [InlineData("missing.png", "not found")]
    public void ABadImageGivesOneLineNamingItExitCodeTwoAndNoField(string name, string problem)
    {
        byte[] good = Png(Width, Height, new byte[Width * Height * 3]);
        switch (name)
        {
            case "empty.png": File.WriteAllBytes(Path(name), []); break;
            case "text.png": File.WriteAllText(Path(name), "hello, this is not a picture"); break;
            case "cut.png": File.WriteAllBytes(Path(name), good[..(good.Length - 30)]); break;
            case "huge.png": File.WriteAllBytes(Path(name), Png(100_000, 100_000, null)); break;
        }
        CliProcess.Result fit = Run("fit-image", name, "-o", "out.nsdf", "--steps", "5");
        Assert.Equal(2, fit.ExitCode);
        string line = fit.StandardError.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith($"neuralsdf: error: {name}: ", line);
        Assert.Contains(problem, line);
        Assert.False(File.Exists(Path("out.nsdf")));
        Assert.False(File.Exists(Path("out.report.html")));
    }

    [Fact]
    public void BlendPastesTheSourcesDetailInsideTheMaskAndKeepsTheBackgroundOutside()
    {
        // Background: a slow ramp. Source: a ripple on another level. Mask: the middle third.
        byte[] background = new byte[Width * Height * 3], source = new byte[Width * Height * 3], mask = new byte[Width * Height * 3];
        bool Inside(int x, int y) => x >= Width / 3 && x < 2 * Width / 3 && y >= Height / 3 && y < 2 * Height / 3;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                for (int c = 0; c < 3; c++)
                {
                    int i = (y * Width + x) * 3 + c;
                    background[i] = (byte)(60 + 2 * x + c * 10);
                    source[i] = (byte)(180 + 40 * Math.Sin(2 * Math.PI * x / 8.0));
                    mask[i] = (byte)(Inside(x, y) ? 255 : 0);
                }
        File.WriteAllBytes(Path("back.png"), Png(Width, Height, background));
        File.WriteAllBytes(Path("ripple.png"), Png(Width, Height, source));
        File.WriteAllBytes(Path("mask.png"), Png(Width, Height, mask));
        CliProcess.Result blend = Run(["blend", "back.png", "ripple.png", "--mask", "mask.png", "-o", "pasted.nsdf", "--no-report", "--steps", "600", "--layers", "2", "--hidden", "48", "--batch", "1024", "--device", "cpu"]);
        Assert.True(blend.ExitCode == 0, $"blend exited {blend.ExitCode}: {blend.StandardError}");
        ImageResult result = ImageResult.FromMemory(File.ReadAllBytes(Path("pasted.png")), ColorComponents.Default);
        Assert.Equal((Width, Height), (result.Width, result.Height));

        double outsideError = 0, insideSource = 0, insideResult = 0;
        int outside = 0, inside = 0;
        var insideValues = new List<(double Source, double Result)>();
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                int i = (y * Width + x) * 3;
                if (!Inside(x, y))
                {
                    outsideError += Math.Abs(result.Data[i] - background[i]);
                    outside++;
                }
                else if (x > Width / 3 + 1 && x < 2 * Width / 3 - 2 && y > Height / 3 + 1 && y < 2 * Height / 3 - 2)
                {
                    insideValues.Add((source[i], result.Data[i]));
                    insideSource += source[i];
                    insideResult += result.Data[i];
                    inside++;
                }
            }
        Assert.True(outsideError / outside < 6, $"outside the mask the result keeps the background: mean |Δ| {outsideError / outside:0.0} of 255");
        // Inside, the result carries the source's detail on the background's level: equal after removing the means.
        double sourceMean = insideSource / inside, resultMean = insideResult / inside;
        double detailError = insideValues.Average(v => Math.Abs((v.Result - resultMean) - (v.Source - sourceMean)));
        Assert.True(detailError < 12, $"inside the mask the source's ripple comes through: mean |Δ detail| {detailError:0.0} of 255");
        Assert.True(Math.Abs(resultMean - sourceMean) > 40, $"…on the background's level, not the source's: means {resultMean:0} and {sourceMean:0}");

        File.WriteAllBytes(Path("small.png"), Png(8, 8, new byte[8 * 8 * 3]));
        CliProcess.Result mismatch = Run("blend", "back.png", "ripple.png", "--mask", "small.png", "-o", "bad.nsdf");
        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains("small.png is 8×8 but the background", mismatch.StandardError);
        Assert.False(File.Exists(Path("bad.nsdf")));
    }

    [Fact]
    public void InterruptSavesALoadableFieldAndExits130()
    {
        WriteSmoothPng("wave.png");
        CliProcess.Result interrupted = CliProcess.Interrupt(_folder, ["fit-image", "wave.png", "-o", "long.nsdf", "--steps", "1000000", "--layers", "1", "--hidden", "16", "--device", "cpu"]);
        Assert.True(interrupted.ExitCode == 130, $"exit {interrupted.ExitCode}: {interrupted.StandardError}");
        Assert.Contains("Interrupted; saved", interrupted.StandardOutput);
        ImageField field = ImageField.Load(Path("long.nsdf"));
        Assert.True(int.Parse(field.Field.Metadata["training.steps"]) > 0);
        Assert.True(File.Exists(Path("long.nsdf.state")), "the optimizer's moments are saved beside the field");
        Assert.False(File.Exists(Path("long.report.html")), "an interrupted fit writes no report");
    }

    [Fact]
    public void AnSdfIsNotAnImageField()
    {
        CliProcess.Result render = Run("render-image", CliProcess.RepositoryFile("samples", "HostRenderer", "torus.nsdf"), "-o", "t.png");
        Assert.Equal(2, render.ExitCode);
        Assert.Contains("holds an sdf field, not an image field", render.StandardError);
        Assert.False(File.Exists(Path("t.png")));
        CliProcess.Result supervise = Run("fit-image", "any.png", "--supervise", "colours");
        Assert.Equal(2, supervise.ExitCode);
        Assert.Contains("--supervise 'colours' is not one of values, gradients, laplacian, values+gradients", supervise.StandardError);
    }

    private (int Width, int Height) Size(string name)
    {
        ImageInfo? info = ImageInfo.FromStream(File.OpenRead(Path(name)));
        return (info!.Value.Width, info.Value.Height);
    }

    /// <summary>An 8-bit RGB PNG; with <paramref name="rgb"/> null, only a valid signature and IHDR (for a header that claims a huge size).</summary>
    private static byte[] Png(int width, int height, byte[]? rgb)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        Chunk(file, "IHDR", header);
        if (rgb is not null)
        {
            using var raw = new MemoryStream();
            for (int y = 0; y < height; y++)
            {
                raw.WriteByte(0);
                raw.Write(rgb, y * width * 3, width * 3);
            }
            using var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(zlib);
            Chunk(file, "IDAT", compressed.ToArray());
            Chunk(file, "IEND", []);
        }
        return file.ToArray();
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        byte[] length = new byte[4], crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        file.Write(length);
        file.Write(typed);
        file.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
