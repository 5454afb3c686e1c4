using NeuralSdf.Training;
using SkiaSharp;

namespace NeuralSdf.Cli.Tests;

/// <summary>The report's pieces that need no fit: its path, which loss terms it plots, and the font its plots carry.</summary>
public class FitReportTests
{
    [Theory]
    [InlineData("bunny.nsdf", "bunny.report.html")]
    [InlineData("out/Torus.NSDF", "out/Torus.report.html")]
    [InlineData("a.b.nsdf", "a.b.report.html")]
    public void ReportSitsBesideTheModelWithoutItsExtension(string model, string report) =>
        Assert.Equal(report, FitReport.PathFor(model));

    [Fact]
    public void TermsThatStayZeroAreNotPlotted()
    {
        // The supervised recipe: no off-surface term; the normal term falls to zero only at the end.
        TrainingProgress<LossTerms> At(int step, double normal) =>
            new(step, 30, 0, TimeSpan.FromSeconds(step), new LossTerms(Total: 10, Surface: 0.1, Normal: normal, OffSurface: 0, SignedDistance: 0.2, Direction: 0.3, Eikonal: 0.5));
        TrainingProgress<LossTerms>[] history = [At(10, 0.3), At(20, 0.1), At(30, 0)];

        string[] plotted = LossPlot.NonZeroTerms(history).Select(t => t.Name).ToArray();

        Assert.Equal(LossPlot.Terms.Select(t => t.Name).Where(n => !n.StartsWith("off-surface", StringComparison.Ordinal)), plotted);
    }

    [Fact]
    public void PlotsRenderAPngFromAShortHistory()
    {
        TrainingProgress<LossTerms>[] history = [new(10, 10, 0, TimeSpan.FromSeconds(1), new LossTerms(5, 0.01, 0.2, 0.3, 0, 0, 0.4))];
        byte[] png = LossPlot.Render(history, LossPlot.Axis.Seconds, 300, 200);
        Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', $"{png.Length} bytes starting {Convert.ToHexString(png.AsSpan(0, Math.Min(8, png.Length)))}");
    }

    [Fact]
    public void TheEmbeddedFontHasEveryCharacterThePlotsDraw()
    {
        using SKTypeface typeface = ReportFont.CreateTypeface();
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        string text = "Loss terms against step seconds (log scale) 0123456789.e−" + string.Concat(LossPlot.Terms.Select(t => t.Name));
        using var font = new SKFont(typeface);
        ushort[] glyphs = font.GetGlyphs(text);
        string missing = string.Concat(text.Where((c, i) => glyphs[i] == 0).Distinct());
        Assert.True(missing.Length == 0, $"the embedded font lacks '{missing}'");
    }
}
