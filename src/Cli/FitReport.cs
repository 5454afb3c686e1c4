using NeuralSdf.Hosting;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using NeuralSdf.Runtime;
using NeuralSdf.Training;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Metrics;

namespace NeuralSdf.Cli;

/// <summary>What one run of <c>fit</c> read, was told and produced: everything the report shows.</summary>
/// <param name="InputPath">The input file as the user named it.</param>
/// <param name="Geometry">The input as read.</param>
/// <param name="ModelPath">The model file written.</param>
/// <param name="Options">The options of this run (architecture options are the resumed model's when <paramref name="ResumedFrom"/> is set).</param>
/// <param name="Result">The fitted model, step counts, time and loss history.</param>
/// <param name="ResumedFrom">The model this run continued, or null.</param>
internal sealed record FitRun(string InputPath, InputGeometry Geometry, string ModelPath, TrainingOptions Options, TrainingResult Result, string? ResumedFrom);

/// <summary>
/// Writes <c>MODEL.report.html</c> beside a fitted model: one self-contained page (images as data URIs) with the
/// input and options, the loss terms against step and seconds, the quality metrics against the input with the
/// targets beside them, and a rendered thumbnail.
/// </summary>
internal static class FitReport
{
    /// <summary>Marching-cubes resolution of the zero set that the quality table measures.</summary>
    public const int EvaluationResolution = 128;

    /// <summary>Area-uniform samples drawn on each surface for the quality table.</summary>
    public const int EvaluationSamples = 50_000;

    /// <summary>Width and height of the thumbnail in pixels.</summary>
    public const int ThumbnailSize = 256;

    /// <summary>Width and height of each loss plot in pixels.</summary>
    public const int PlotWidth = 760, PlotHeight = 380;

    /// <summary>Quality targets from issue 3: a metric, its bound, and whether larger values are better.</summary>
    private static readonly (string Metric, double Bound, bool AtLeast)[] Targets =
    [
        ("Chamfer-L1", 0.0025, false),
        ("F-score at 1 %", 0.98, true),
        ("Normal consistency", 0.96, true),
        ("Ghost area", 0.01, false),
    ];

    /// <summary>The report's path for <paramref name="modelPath"/>: <c>bunny.nsdf</c> → <c>bunny.report.html</c>.</summary>
    public static string PathFor(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        string stem = modelPath.EndsWith(".nsdf", StringComparison.OrdinalIgnoreCase) ? modelPath[..^".nsdf".Length] : modelPath;
        return stem + ".report.html";
    }

    /// <summary>Measures the fit, renders the thumbnail and plots, and writes the page to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, FitRun run)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(run);
        var clock = Stopwatch.StartNew();
        SurfaceComparison quality = FitEvaluation.Evaluate(run.Result.Model, run.Geometry, EvaluationResolution, EvaluationSamples);
        TimeSpan evaluationTime = clock.Elapsed;
        (byte[]? thumbnail, string? thumbnailProblem) = RenderThumbnail(run.Result.Model);
        IReadOnlyList<TrainingProgress<LossTerms>> history = run.Result.History;
        byte[]? byStep = history.Count > 0 ? LossPlot.Render(history, LossPlot.Axis.Step, PlotWidth, PlotHeight) : null;
        byte[]? bySeconds = history.Count > 0 ? LossPlot.Render(history, LossPlot.Axis.Seconds, PlotWidth, PlotHeight) : null;

        var html = new StringBuilder();
        string modelName = Path.GetFileName(run.ModelPath);
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{E(modelName)}}: fit report</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1500px; padding: 0 1em; color: #222; }
            h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; } td, th { padding: 0.25em 0.8em; text-align: left; border-bottom: 1px solid #eee; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .met { color: #17692b; font-weight: bold; } .missed { color: #b3261e; font-weight: bold; } .note { color: #666; }
            .plots img { max-width: 100%; margin-right: 1em; }
            .thumb { background: repeating-conic-gradient(#eee 0 25%, #fff 0 50%) 0 0 / 16px 16px; border: 1px solid #ddd; }
            </style>
            </head>
            <body>
            <h1>{{E(modelName)}}</h1>
            <p class="note">Fit report written by {{E(Metadata(run, "training.tool"))}} on {{E(Metadata(run, "training.date"))}}.</p>

            """);

        AppendInputAndTraining(html, run);

        html.Append("<h2>Loss</h2>\n");
        if (byStep is null || bySeconds is null)
        {
            html.Append("<p>No progress was recorded (the fit ran fewer than 10 steps), so there is nothing to plot.</p>\n");
        }
        else
        {
            string[] zero = LossPlot.Terms.Except(LossPlot.NonZeroTerms(history)).Select(t => t.Name).ToArray();
            html.Append("<p class=\"note\">Each term before weighting (the total is the weighted sum that is minimized), recorded every 10 steps."
                + (zero.Length == 0 ? "" : $" Not drawn, as they are zero for this recipe and input: {E(string.Join("; ", zero))}.") + "</p>\n");
            html.Append($"<div class=\"plots\">{Image(byStep, PlotWidth, PlotHeight, "loss terms against step")}{Image(bySeconds, PlotWidth, PlotHeight, "loss terms against seconds")}</div>\n");
        }

        AppendQuality(html, run, quality, evaluationTime);

        html.Append("<h2>Thumbnail</h2>\n");
        html.Append(thumbnail is not null
            ? $"<p>{Image(thumbnail, ThumbnailSize, ThumbnailSize, "the model, sphere-traced", "thumb")}</p>\n<p class=\"note\">Sphere-traced by the headless renderer from the default 3/4 view (<code>neuralsdf render</code> makes larger ones).</p>\n"
            : $"<p>No thumbnail: {E(thumbnailProblem!)}</p>\n");
        html.Append("</body>\n</html>\n");
        AtomicFile.WriteAllText(path, html.ToString());
    }

    private static void AppendInputAndTraining(StringBuilder html, FitRun run)
    {
        InputGeometry g = run.Geometry;
        TrainingResult r = run.Result;
        TrainingOptions o = run.Options;
        BoundingBox bounds = g.Bounds;
        html.Append("<h2>Input</h2>\n<table>\n");
        Row(html, "File", run.InputPath);
        if (g.IsMesh)
        {
            Row(html, "Kind", "triangle mesh");
            Row(html, "Vertices", N(g.VertexCount));
            Row(html, "Triangles", N(g.TriangleCount));
        }
        else
        {
            Row(html, "Kind", g.Normals is null ? "point cloud without normals" : "point cloud with normals");
            Row(html, "Points", N(g.VertexCount));
        }
        Row(html, "Bounding box", $"{V(bounds.Min)} to {V(bounds.Max)} (diagonal {G(bounds.Diagonal)})");
        html.Append("</table>\n");

        int firstStep = r.History.Count > 0 ? r.History[0].FirstStep : r.Steps;
        html.Append("<h2>Training</h2>\n<table>\n");
        Row(html, "Network", $"SIREN {r.Model.Network.Describe()} ({N(r.Model.Network.ParameterCount)} parameters)");
        Row(html, "Recipe", $"{Metadata(run, "training.recipe")} (asked for {o.Recipe.ToString().ToLowerInvariant()})");
        if (run.ResumedFrom is not null) Row(html, "Resumed from", $"{run.ResumedFrom} at step {N(firstStep)}");
        Row(html, "Steps", run.ResumedFrom is null ? N(r.Steps) : $"{N(r.Steps)} ({N(r.Steps - firstStep)} in this run)");
        Row(html, "Seconds", $"{r.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} ({G((r.Steps - firstStep) / Math.Max(r.Elapsed.TotalSeconds, 1e-9))} steps/s)");
        Row(html, "Device", Metadata(run, "training.device") + (o.Threads is { } t ? $", {t} threads" : $", default threads ({Environment.ProcessorCount} cores)"));
        Row(html, "Backend", Metadata(run, "training.backend"));
        Row(html, "Budget", (o.Steps is { } s ? $"{N(s)} steps" : "") + (o.Steps is not null && o.Minutes is not null ? " or " : "")
            + (o.Minutes is { } m ? $"{G(m)} minutes" : "") + (o.Steps is null && o.Minutes is null ? $"{N(TrainingOptions.DefaultSteps)} steps (default)" : ""));
        Row(html, "Points per step", $"{N(o.BatchSize)} on the surface + {N(o.BatchSize)} in space");
        Row(html, "Learning rate", G(o.LearningRate));
        Row(html, "Seed", o.Seed.ToString(CultureInfo.InvariantCulture));
        Row(html, "Divergence roll-backs", Metadata(run, "training.rollbacks"));
        LossTerms f = r.FinalLoss;
        Row(html, "Final loss", $"{G(f.Total)} (surface {G(f.Surface)}, normal {G(f.Normal)}, off-surface {G(f.OffSurface)}, signed distance {G(f.SignedDistance)}, distance gradient {G(f.Direction)}, eikonal {G(f.Eikonal)})");
        html.Append("</table>\n");
    }

    private static void AppendQuality(StringBuilder html, FitRun run, SurfaceComparison q, TimeSpan evaluationTime)
    {
        html.Append("<h2>Quality against the input</h2>\n");
        html.Append($"<p class=\"note\">The raw zero set (marching cubes at {EvaluationResolution}, no clean-up) against the input surface, "
            + $"{N(q.SampleCount)} area-uniform samples a side; distances are fractions of the input's diagonal. Measured in {evaluationTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s; "
            + $"<code>neuralsdf eval {E(Path.GetFileName(run.ModelPath))} --reference {E(run.InputPath)}</code> measures it again with more samples.</p>\n");
        html.Append("<table>\n<tr><th>Metric</th><th>Value</th><th>Target</th><th></th></tr>\n");
        QualityRow(html, "Chamfer-L1", q.ChamferL1, G(q.ChamferL1));
        QualityRow(html, "Chamfer-L2", q.ChamferL2, G(q.ChamferL2));
        QualityRow(html, "Hausdorff", q.Hausdorff, G(q.Hausdorff));
        QualityRow(html, "Normal consistency", q.NormalConsistency, double.IsNaN(q.NormalConsistency) ? "n/a (no normals)" : q.NormalConsistency.ToString("0.0000", CultureInfo.InvariantCulture));
        QualityRow(html, "F-score at 0.5 %", q.FScoreHalfPercent, q.FScoreHalfPercent.ToString("0.0000", CultureInfo.InvariantCulture));
        QualityRow(html, "F-score at 1 %", q.FScoreOnePercent, q.FScoreOnePercent.ToString("0.0000", CultureInfo.InvariantCulture));
        QualityRow(html, "Ghost area", q.GhostArea, (q.GhostArea * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %");
        html.Append("</table>\n");
    }

    private static void QualityRow(StringBuilder html, string metric, double value, string shown)
    {
        string target = "", verdict = "";
        foreach ((string name, double bound, bool atLeast) in Targets)
        {
            if (name != metric) continue;
            target = (atLeast ? "≥ " : "≤ ") + (metric == "Ghost area" ? $"{G(bound * 100)} %" : G(bound));
            verdict = double.IsNaN(value) ? "<span class=\"note\">not measured</span>"
                : (atLeast ? value >= bound : value <= bound) ? "<span class=\"met\">met</span>" : "<span class=\"missed\">not met</span>";
        }
        html.Append($"<tr><td>{E(metric)}</td><td class=\"num\">{E(shown)}</td><td>{E(target)}</td><td>{verdict}</td></tr>\n");
    }

    private static (byte[]? Png, string? Problem) RenderThumbnail(SdfModel model)
    {
        try
        {
            CameraSetup camera = CameraSetup.Frame(model.Bounds, 40, 1);
            byte[] rgba = HeadlessRender.RenderRgba(model, ThumbnailSize, ThumbnailSize, camera);
            return (PngFile.Encode(ThumbnailSize, ThumbnailSize, rgba), null);
        }
        catch (GlUnavailableException e)
        {
            return (null, e.Message);
        }
    }

    private static string Image(byte[] png, int width, int height, string alt, string? cssClass = null) =>
        $"<img{(cssClass is null ? "" : $" class=\"{cssClass}\"")} width=\"{width}\" height=\"{height}\" alt=\"{E(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">";

    private static void Row(StringBuilder html, string name, string value) => html.Append($"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>\n");

    private static string Metadata(FitRun run, string key) => run.Result.Model.Metadata.TryGetValue(key, out string? value) ? value : "?";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture).Replace("E", "e");

    private static string V(System.Numerics.Vector3 v) => $"({G(v.X)}, {G(v.Y)}, {G(v.Z)})";
}
