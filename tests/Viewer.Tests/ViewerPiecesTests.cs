using NeuralSdf.Runtime;
using NeuralSdf.Viewer;

namespace NeuralSdf.Viewer.Tests;

public sealed class ViewerPiecesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-pieces-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ScreenshotNamesCarryTheTimeAndNeverOverwrite()
    {
        var time = new DateTime(2026, 11, 27, 14, 5, 9, 42);
        string first = ScreenshotFile.PathFor(_folder, time);
        Assert.Equal(Path.Combine(_folder, "neuralsdf-20261127-140509-042.png"), first);
        File.WriteAllText(first, "");
        string second = ScreenshotFile.PathFor(_folder, time);
        Assert.Equal(Path.Combine(_folder, "neuralsdf-20261127-140509-042-2.png"), second);
    }

    [Fact]
    public void TheHelpPanelDrawsTheGlyphsOfItsText()
    {
        // "HI" at pixel size 1: H is 5 wide with two columns set on its middle row; I a centred column. Rows top-down.
        byte[] rgba = TextOverlay.Rasterize(["HI"], 30, 20, 1);
        bool Lit(int x, int y) => rgba[4 * (y * 30 + x)] > 128;
        const int padding = 6;
        string row(int y) => new(Enumerable.Range(padding, 11).Select(x => Lit(x, padding + y) ? '#' : '.').ToArray());
        Assert.Equal("#...#..###.", row(0));
        Assert.Equal("#####...#..", row(3));
        Assert.Equal("#...#..###.", row(6));
        Assert.All(Enumerable.Range(0, 30), x => Assert.False(Lit(x, 0)));
        Assert.All(ViewerKeys.Help, k => Assert.All((k.Key + k.Action).Where(c => c != ' '), c => Assert.True(BitmapFont.IsSet(c, 0, 0) || Enumerable.Range(0, 35).Any(i => BitmapFont.IsSet(c, i % 5, i / 5)), $"no glyph for '{c}'")));
    }
}
