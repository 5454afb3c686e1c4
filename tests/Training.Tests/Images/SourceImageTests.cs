using NeuralSdf.Training.Images;

namespace NeuralSdf.Training.Tests.Images;

public sealed class SourceImageTests
{
    [Fact]
    public void IndexerReadsColumnRowChannelFromTheTopRow()
    {
        // 3 × 2 RGB: value = (10 y + x) / 100 + c / 1000
        float[] pixels = new float[3 * 2 * 3];
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 3; x++)
                for (int c = 0; c < 3; c++)
                    pixels[(y * 3 + x) * 3 + c] = (10 * y + x) / 100f + c / 1000f;

        var image = new SourceImage(3, 2, 3, pixels);

        Assert.Equal(0.12f + 0.002f, image[2, 1, 2]);
        Assert.Equal(0.01f + 0.001f, image[1, 0, 1]);
        Assert.Equal(pixels, image.Pixels.ToArray());
        Assert.Equal([0.01f + 0.001f, 0.11f + 0.001f], [image[1, 0, 1], image[1, 1, 1]]);
        Assert.Equal([0f, 0.01f, 0.02f, 0.1f, 0.11f, 0.12f], image.GetChannel(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => image[3, 0, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => image[0, 0, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => image[-1, 0, 0]);
    }

    [Fact]
    public void TheImageKeepsItsOwnCopy()
    {
        float[] pixels = [0.5f, 0.25f];
        var image = new SourceImage(2, 1, 1, pixels);
        pixels[0] = 1;
        Assert.Equal(0.5f, image[0, 0, 0]);
    }

    [Fact]
    public void DepthDecidesHdrAndColourSpace()
    {
        var ldr = new SourceImage(1, 1, 1, [0.5f], bitsPerChannel: 16);
        var hdr = new SourceImage(1, 1, 1, [12.5f], bitsPerChannel: 32, sourcePath: "sky.hdr");
        Assert.Equal((false, "srgb", ""), (ldr.IsHdr, ldr.ColorSpace, ldr.SourcePath));
        Assert.Equal((true, "linear", "sky.hdr"), (hdr.IsHdr, hdr.ColorSpace, hdr.SourcePath));
    }

    [Fact]
    public void InvalidContentIsRefusedWithTheActualAndTheAllowedValues()
    {
        var e = Assert.Throws<ArgumentException>(() => new SourceImage(2, 2, 3, new float[11]));
        Assert.Contains("12 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => new SourceImage(2, 1, 1, [0.5f, 1.5f]));
        Assert.Contains("pixel 1, 0", e.Message);
        Assert.Contains("[0, 1]", e.Message);
        Assert.Throws<ArgumentException>(() => new SourceImage(1, 1, 1, [float.NaN], bitsPerChannel: 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SourceImage(1, 1, 5, new float[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SourceImage(1, 1, 1, [0f], bitsPerChannel: 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SourceImage(0, 1, 1, []));
    }
}
