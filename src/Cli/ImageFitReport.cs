using System.Globalization;
using System.Text;
using NeuralSdf.Runtime;
using NeuralSdf.Training;
using NeuralSdf.Training.Images;
using ScottPlot;

namespace NeuralSdf.Cli;

/// <summary>
/// Writes <c>FIELD.report.html</c> beside a fitted image field: one self-contained page with the source, the fit and an
/// error heat map side by side, PSNR and SSIM against steps and seconds, the options, and the SIREN against the ReLU +
/// positional-encoding baseline when <c>--compare</c> trained one.
/// </summary>
internal static class ImageFitReport
{
    private const int PlotWidth = 620, PlotHeight = 340, MaxShownSide = 512;

    public static string PathFor(string fieldPath) => FitReport.PathFor(fieldPath);

    /// <param name="what">What the fit was told, in words (the supervision mode, or a blend's sources).</param>
    /// <param name="baseline">The baseline trained for the comparison, or null.</param>
    public static void Write(string path, SourceImage image, string what, ImageSupervision supervision, TrainingOptions options, ImageTrainingResult result,
        ImageQuality quality, ImageBaselineResult? baseline = null)
    {
        string name = Path.GetFileName(path);
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{E(name)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1500px; padding: 0 1em; color: #222; }
            h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; } td, th { padding: 0.25em 0.8em; text-align: left; border-bottom: 1px solid #eee; }
            figure { display: inline-block; margin: 0 1em 1em 0; } figcaption { color: #666; }
            img.pixels { image-rendering: pixelated; border: 1px solid #ddd; }
            .note { color: #666; }
            </style>
            </head>
            <body>
            <h1>{{E(Path.GetFileName(image.SourcePath))}}: image field</h1>
            <p class="note">Written by {{E(result.Field.Field.Metadata.GetValueOrDefault("training.tool", "neuralsdf"))}} on {{E(result.Field.Field.Metadata.GetValueOrDefault("training.date", ""))}}.</p>

            """);

        html.Append("<h2>Source, fit and error</h2>\n");
        int shownWidth = Math.Min(MaxShownSide, image.Width), shownHeight = (int)Math.Round((double)image.Height * shownWidth / image.Width);
        float maxError = 0;
        float[] error = new float[image.Width * image.Height];
        for (int p = 0; p < error.Length; p++)
        {
            double sum = 0;
            for (int c = 0; c < image.Channels; c++) sum += Math.Abs(quality.Fit[p * image.Channels + c] - image.Pixels[p * image.Channels + c]);
            error[p] = (float)(sum / image.Channels);
            maxError = Math.Max(maxError, error[p]);
        }
        html.Append(Figure(Png(image.Width, image.Height, image.Channels, image.Pixels), shownWidth, shownHeight, "source"));
        html.Append(Figure(Png(image.Width, image.Height, image.Channels, quality.Fit), shownWidth, shownHeight,
            $"fit: PSNR {quality.Psnr:0.00} dB, SSIM {quality.Ssim:0.0000}{(quality.Aligned ? " (means aligned)" : "")}"));
        html.Append(Figure(HeatMap(error, image.Width, image.Height, maxError), shownWidth, shownHeight,
            $"mean absolute error per pixel: black 0, white {maxError:0.000}"));
        if (baseline is not null)
        {
            html.Append(Figure(Png(image.Width, image.Height, image.Channels, baseline.Quality.Fit), shownWidth, shownHeight,
                $"baseline, ReLU + positional encoding: PSNR {baseline.Quality.Psnr:0.00} dB, SSIM {baseline.Quality.Ssim:0.0000}"));
        }
        html.Append("<p class=\"note\">The fit is the field sampled by the runtime's CPU evaluator at the source's pixel centers, as <code>render-image</code> does at the source's size.</p>\n");

        html.Append("<h2>PSNR and SSIM</h2>\n");
        var series = new List<(string Label, TrainingProgress<ImageLossTerms>[] History)> { ("SIREN", Plotted(result.History)) };
        if (baseline is not null) series.Add(("ReLU + PE", Plotted(baseline.History)));
        if (series[0].History.Length < 2)
        {
            html.Append("<p>Too few progress reports to plot (the fit ran fewer than 20 steps).</p>\n");
        }
        else
        {
            html.Append(Figure(Plot(series, bySeconds: false), PlotWidth, PlotHeight, "against step"));
            html.Append(Figure(Plot(series, bySeconds: true), PlotWidth, PlotHeight, "against seconds"));
            html.Append(supervision is ImageSupervision.Values or ImageSupervision.ValuesAndGradients
                ? "<p class=\"note\">PSNR of each step's batch of pixels; SSIM of the whole image, measured every 10 s.</p>\n"
                : "<p class=\"note\">PSNR and SSIM of the whole image, measured every 10 s with the means aligned.</p>\n");
        }

        if (baseline is not null) AppendComparison(html, result, quality, baseline);

        html.Append("<h2>Options</h2>\n<table>\n");
        Row(html, "Image", $"{image.Width}×{image.Height}, {image.Channels} channel(s), {(image.IsHdr ? "HDR" : $"{image.BitsPerChannel}-bit")}");
        Row(html, "Supervised", what);
        Row(html, "Network", $"SIREN {result.Field.Field.Network.Describe()} ({result.Field.Field.Network.ParameterCount:N0} parameters)");
        Row(html, "Batch", $"{Math.Min(options.BatchSize, image.Width * image.Height):N0} pixels per step");
        Row(html, "Learning rate", $"{options.LearningRate:G3} (half the run, then a cosine to 5 %)");
        Row(html, "Steps, seconds", $"{result.Steps:N0} steps in {result.Elapsed.TotalSeconds:0.0} s on {result.Field.Field.Metadata.GetValueOrDefault("training.device", "?")}");
        Row(html, "Seed", options.Seed.ToString(CultureInfo.InvariantCulture));
        html.Append("</table>\n");
        if (baseline is null) html.Append("<p class=\"note\">With <code>--compare</code>, the SIREN paper's baseline (ReLU + positional encoding) trains for the same time and joins this report.</p>\n");
        html.Append("</body>\n</html>\n");
        AtomicFile.WriteAllText(path, html.ToString());
        Console.WriteLine($"Wrote {path}");
    }

    private static void AppendComparison(StringBuilder html, ImageTrainingResult result, ImageQuality quality, ImageBaselineResult baseline)
    {
        SirenNetwork network = result.Field.Field.Network;
        html.Append("<h2>Against the ReLU + positional-encoding baseline</h2>\n");
        html.Append($"<p>At equal time and parameter count, the SIREN is <strong>{quality.Psnr - baseline.Quality.Psnr:+0.00;−0.00} dB</strong> " +
                    $"above the baseline (SSIM {quality.Ssim - baseline.Quality.Ssim:+0.0000;−0.0000}).</p>\n<table>\n");
        html.Append("<tr><th></th><th>network</th><th>parameters</th><th>steps</th><th>seconds</th><th>PSNR</th><th>SSIM</th></tr>\n");
        html.Append($"<tr><th>SIREN</th><td>{E(network.Describe())}</td><td>{network.ParameterCount:N0}</td><td>{result.Steps:N0}</td>" +
                    $"<td>{result.Elapsed.TotalSeconds:0.0}</td><td>{quality.Psnr:0.00} dB</td><td>{quality.Ssim:0.0000}</td></tr>\n");
        html.Append($"<tr><th>ReLU + PE</th><td>{baseline.HiddenLayers}×{baseline.HiddenWidth} ReLU, L = {baseline.FrequencyCount}</td><td>{baseline.Parameters:N0}</td>" +
                    $"<td>{baseline.Steps:N0}</td><td>{baseline.Elapsed.TotalSeconds:0.0}{(baseline.Cancelled ? " (interrupted)" : "")}</td>" +
                    $"<td>{baseline.Quality.Psnr:0.00} dB</td><td>{baseline.Quality.Ssim:0.0000}</td></tr>\n</table>\n");
        html.Append("<p class=\"note\">The baseline is the SIREN paper's: NeRF's encoding (x, sin(2ᵏπx), cos(2ᵏπx) for k &lt; L) of (u, v), then ReLU " +
                    "layers as many as the SIREN's, as wide as gives the same parameter count, trained by the same loop, loss, batch, learning rate and " +
                    "schedule for the SIREN's training time. Both are measured over the whole image at the source's pixel centers.</p>\n");
    }

    /// <summary>The reports with a PSNR to plot.</summary>
    private static TrainingProgress<ImageLossTerms>[] Plotted(IReadOnlyList<TrainingProgress<ImageLossTerms>> history) =>
        history.Where(p => double.IsFinite(p.Loss.Psnr)).ToArray();

    /// <summary>The reports where a new SSIM was measured (the terms repeat the last one in between), and the last report.</summary>
    private static TrainingProgress<ImageLossTerms>[] SsimMeasurements(TrainingProgress<ImageLossTerms>[] history) =>
        history.Where((p, i) => double.IsFinite(p.Loss.Ssim) && (i == 0 || i == history.Length - 1 || p.Loss.Ssim != history[i - 1].Loss.Ssim)).ToArray();

    private static byte[] Plot(IReadOnlyList<(string Label, TrainingProgress<ImageLossTerms>[] History)> series, bool bySeconds)
    {
        ReportFont.Register();
        using var plot = new Plot();
        double X(TrainingProgress<ImageLossTerms> p) => bySeconds ? p.Elapsed.TotalSeconds : p.Step;
        bool anySsim = false;
        foreach ((string label, TrainingProgress<ImageLossTerms>[] history) in series)
        {
            string prefix = series.Count > 1 ? label + " " : "";
            var psnr = plot.Add.ScatterLine(history.Select(X).ToArray(), history.Select(p => p.Loss.Psnr).ToArray());
            psnr.LegendText = prefix + "PSNR (dB)";
            var ssimPoints = SsimMeasurements(history);
            if (ssimPoints.Length < 2) continue;
            var ssim = plot.Add.ScatterLine(ssimPoints.Select(X).ToArray(), ssimPoints.Select(p => p.Loss.Ssim).ToArray());
            ssim.LegendText = prefix + "SSIM";
            ssim.LinePattern = LinePattern.Dashed;
            ssim.Axes.YAxis = plot.Axes.Right;
            anySsim = true;
        }
        if (anySsim) plot.Axes.Right.Label.Text = "SSIM";
        plot.XLabel(bySeconds ? "seconds" : "step");
        plot.YLabel("PSNR (dB)");
        plot.ShowLegend(Edge.Bottom);
        plot.Font.Set(ReportFont.Name);
        return plot.GetImageBytes(PlotWidth, PlotHeight, ImageFormat.Png);
    }

    private static byte[] Png(int width, int height, int channels, ReadOnlySpan<float> values)
    {
        string temp = Path.GetTempFileName();
        try
        {
            ImagePng.Write(temp, width, height, channels, Tonemap(values));
            return File.ReadAllBytes(temp);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>HDR values shown as they would clip on screen.</summary>
    private static float[] Tonemap(ReadOnlySpan<float> values)
    {
        float[] shown = values.ToArray();
        for (int i = 0; i < shown.Length; i++) shown[i] = Math.Clamp(shown[i], 0f, 1f);
        return shown;
    }

    private static byte[] HeatMap(float[] error, int width, int height, float max) =>
        Png(width, height, 1, error.Select(e => max > 0 ? e / max : 0f).ToArray());

    private static string Figure(byte[] png, int width, int height, string caption) =>
        $"<figure><img class=\"pixels\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" width=\"{width}\" height=\"{height}\" alt=\"{E(caption)}\"><figcaption>{E(caption)}</figcaption></figure>\n";

    private static void Row(StringBuilder html, string key, string value) => html.Append($"<tr><th>{E(key)}</th><td>{E(value)}</td></tr>\n");

    private static string E(string text) => System.Net.WebUtility.HtmlEncode(text);
}
