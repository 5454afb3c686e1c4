using System.Globalization;
using NeuralSdf.Training;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace NeuralSdf.Cli;

/// <summary>Draws the loss terms of a fit against step or seconds as PNG bytes, one line per term, log y axis.</summary>
internal static class LossPlot
{
    /// <summary>What the x axis counts.</summary>
    public enum Axis
    {
        /// <summary>Optimizer steps.</summary>
        Step,

        /// <summary>Wall-clock seconds since this run started.</summary>
        Seconds,
    }

    /// <summary>One loss term: its name and how to read it from a step's <see cref="LossTerms"/>.</summary>
    public readonly record struct Term(string Name, Func<LossTerms, double> Value);

    /// <summary>Every term a fit reports, in the order the plots list them.</summary>
    public static readonly Term[] Terms =
    [
        new("total (weighted)", l => l.Total),
        new("surface |f|", l => l.Surface),
        new("normal 1 − cos", l => l.Normal),
        new("off-surface exp(−100|f|)", l => l.OffSurface),
        new("signed distance |f − s|", l => l.SignedDistance),
        new("distance gradient 1 − cos", l => l.Direction),
        new("eikonal ||∇f| − 1|", l => l.Eikonal),
    ];

    /// <summary>The terms that are above zero somewhere in <paramref name="history"/> (the others are off for this recipe or input).</summary>
    public static IReadOnlyList<Term> NonZeroTerms(IReadOnlyList<TrainingProgress<LossTerms>> history) =>
        Terms.Where(t => history.Any(p => t.Value(p.Loss) > 0)).ToArray();

    /// <summary>Renders the non-zero terms of <paramref name="history"/> against <paramref name="axis"/> as a PNG.</summary>
    public static byte[] Render(IReadOnlyList<TrainingProgress<LossTerms>> history, Axis axis, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(history);
        ReportFont.Register();
        using var plot = new Plot();
        foreach (Term term in NonZeroTerms(history))
        {
            // A log axis in ScottPlot is a linear axis of log10 values with log-spaced minor ticks.
            var points = history.Select(p => (X: axis == Axis.Step ? p.Step : p.Elapsed.TotalSeconds, Y: term.Value(p.Loss)))
                .Where(p => p.Y > 0 && double.IsFinite(p.Y)).ToArray();
            var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => Math.Log10(p.Y)).ToArray());
            line.LegendText = term.Name;
            line.LineWidth = 1.5f;
        }
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = PowerOfTen,
        };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
        plot.Title(axis == Axis.Step ? "Loss terms against step" : "Loss terms against seconds");
        plot.XLabel(axis == Axis.Step ? "step" : "seconds");
        plot.YLabel("loss (log scale)");
        plot.ShowLegend(Edge.Right);
        plot.Font.Set(ReportFont.Name);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>A tick at log10 value <paramref name="exponent"/>: plain for 0.01 to 1,000, else <c>1e−5</c>.</summary>
    private static string PowerOfTen(double exponent)
    {
        int e = (int)Math.Round(exponent);
        return e is >= -2 and <= 3
            ? Math.Pow(10, e).ToString("0.##", CultureInfo.InvariantCulture)
            : "1e" + (e < 0 ? "−" : "") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
    }
}
