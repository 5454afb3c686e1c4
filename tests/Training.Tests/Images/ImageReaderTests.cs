using System.Buffers.Binary;
using NeuralSdf.Training.Images;
using NeuralSdf.Training.Tests.Geometry;
using StbImageWriteSharp;

namespace NeuralSdf.Training.Tests.Images;

public sealed class ImageReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Every value equals the byte it came from, / 255, at the same place: exact, for lossless formats.</summary>
    private static void AssertSameValues(byte[] expected, SourceImage image, int width, int height, int channels)
    {
        Assert.Equal((width, height, channels), (image.Width, image.Height, image.Channels));
        Assert.Equal(expected.Length, image.Pixels.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            int c = i % channels, x = i / channels % width, y = i / channels / width;
            float want = expected[i] / 255f;
            Assert.True(want == image.Pixels[i], $"value {i} (pixel {x}, {y}, channel {c}): expected {want}, read {image.Pixels[i]}");
            Assert.Equal(want, image[x, y, c]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void PngKeepsItsChannelCountAndEveryValue(int channels)
    {
        const int width = 7, height = 5;   // odd sizes, so a row-stride mix-up shows
        byte[] data = TestImages.Pattern(width, height, channels);
        string path = _temp.Write($"pattern{channels}.png",
            TestImages.Encode((w, s) => w.WritePng(data, width, height, TestImages.Components(channels), s)));

        SourceImage image = ImageReader.Read(path);

        AssertSameValues(data, image, width, height, channels);
        Assert.Equal(8, image.BitsPerChannel);
        Assert.False(image.IsHdr);
        Assert.Equal("srgb", image.ColorSpace);
        Assert.Equal(path, image.SourcePath);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void BmpIsReadExactly(int channels)
    {
        const int width = 6, height = 3;   // 6 × 3 bytes a row: padded to 20 in the file
        byte[] data = TestImages.Pattern(width, height, channels);
        string path = _temp.Write("pattern.bmp", TestImages.Encode((w, s) => w.WriteBmp(data, width, height, TestImages.Components(channels), s)));

        AssertSameValues(data, ImageReader.Read(path), width, height, channels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void RunLengthTgaFromTheWriterIsReadExactly(int channels)
    {
        const int width = 9, height = 4;
        byte[] data = TestImages.Pattern(width, height, channels);
        string path = _temp.Write("pattern.tga", TestImages.Encode((w, s) => w.WriteTga(data, width, height, TestImages.Components(channels), s)));

        AssertSameValues(data, ImageReader.Read(path), width, height, channels);
    }

    [Fact]
    public void UncompressedTgaWithRowsFromTheTopIsReadExactly()
    {
        const int width = 5, height = 3;
        byte[] rgb = TestImages.Pattern(width, height, 3);
        string path = _temp.Write("raw.tga", TestImages.RawTga(width, height, rgb));

        AssertSameValues(rgb, ImageReader.Read(path), width, height, 3);
    }

    [Fact]
    public void JpegIsReadWithinItsCompressionError()
    {
        const int width = 32, height = 24;
        byte[] data = TestImages.Smooth(width, height, 3);
        string path = _temp.Write("smooth.jpg", TestImages.Encode((w, s) => w.WriteJpg(data, width, height, ColorComponents.RedGreenBlue, s, 100)));

        SourceImage image = ImageReader.Read(path);

        Assert.Equal((width, height, 3, 8), (image.Width, image.Height, image.Channels, image.BitsPerChannel));
        double worst = 0;
        for (int i = 0; i < data.Length; i++) worst = Math.Max(worst, Math.Abs(image.Pixels[i] - data[i] / 255.0));
        // Quality 100 with 4:2:0 chroma keeps a smooth image within a few levels of 255; a swapped channel or a flipped
        // image would be off by far more (the pattern spans 200 levels).
        Assert.True(worst < 8 / 255.0, $"largest JPEG error {worst * 255:F2} levels of 255; expected under 8");
    }

    [Fact]
    public void HdrKeepsLinearValuesAboveOne()
    {
        // Flat (not run-length) RGBE pixels written by hand, 8 × 2: a value is mantissa × 2^(exponent − 136), exact in float.
        byte[][] rgbe = [.. Enumerable.Range(0, 16).Select(i => new byte[] { (byte)(128 + 8 * i), (byte)(7 * i), (byte)(255 - i), (byte)(126 + i) })];
        rgbe[0] = [128, 64, 255, 137];
        rgbe[5] = [0, 0, 0, 0];
        byte[] header = "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 2 +X 8\n"u8.ToArray();
        string path = _temp.Write("flat.hdr", [.. header, .. rgbe.SelectMany(p => p)]);

        SourceImage image = ImageReader.Read(path);

        Assert.Equal((8, 2, 3, 32), (image.Width, image.Height, image.Channels, image.BitsPerChannel));
        Assert.True(image.IsHdr);
        Assert.Equal("linear", image.ColorSpace);
        for (int i = 0; i < rgbe.Length * 3; i++)
        {
            byte[] pixel = rgbe[i / 3];
            float want = pixel[3] == 0 ? 0f : pixel[i % 3] * MathF.Pow(2, pixel[3] - 136);
            Assert.True(want == image.Pixels[i], $"value {i}: RGBE {string.Join(' ', pixel)} is {want}, read {image.Pixels[i]}");
        }
        Assert.Equal(510f, image[0, 0, 2]);   // above 1: kept, not clamped or tone-mapped
    }

    [Fact]
    public void HdrFromTheWriterRunLengthCodedIsReadWithinRgbePrecision()
    {
        const int width = 40, height = 3;   // 8 to 32,767 pixels a row: the writer uses run-length scanlines
        byte[] data = TestImages.Smooth(width, height, 3);
        string path = _temp.Write("smooth.hdr", TestImages.Encode((w, s) => w.WriteHdr(data, width, height, ColorComponents.RedGreenBlue, s)));

        SourceImage image = ImageReader.Read(path);

        Assert.Equal((width, height, 3, 32), (image.Width, image.Height, image.Channels, image.BitsPerChannel));
        for (int i = 0; i < data.Length; i++)
        {
            // RGBE shares one exponent per pixel with 8-bit mantissas: within 1/128 of the pixel's largest value.
            int p = i / 3 * 3;
            double largest = Math.Max(data[p], Math.Max(data[p + 1], data[p + 2])) / 255.0;
            Assert.True(Math.Abs(image.Pixels[i] - data[i] / 255.0) <= largest / 128,
                $"value {i}: wrote {data[i] / 255.0}, read {image.Pixels[i]}; RGBE allows {largest / 128}");
        }
    }

    [Fact]
    public void SixteenBitPngIsReadToOne65535th()
    {
        // 3 × 2 grey + alpha, 16 bits a channel, big-endian as PNG stores them.
        ushort[] values = [0, 65535, 1, 65534, 256, 257, 32767, 32768, 4660, 43981, 65280, 255];
        var rows = new List<byte[]>();
        for (int y = 0; y < 2; y++)
        {
            var row = new byte[3 * 2 * 2];
            for (int i = 0; i < 6; i++) BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(2 * i), values[y * 6 + i]);
            rows.Add(row);
        }
        string path = _temp.Write("sixteen.png", new PngBytes().Header(3, 2, 16, 4).Rows(rows).End().ToArray());

        SourceImage image = ImageReader.Read(path);

        Assert.Equal((3, 2, 2, 16), (image.Width, image.Height, image.Channels, image.BitsPerChannel));
        for (int i = 0; i < values.Length; i++)
        {
            // 1 and 256 differ from their 8-bit truncations (0 and 1/255): a silent 8-bit load fails here.
            Assert.True(values[i] / 65535f == image.Pixels[i], $"value {i}: stored {values[i]}, read {image.Pixels[i] * 65535}");
        }
    }

    [Fact]
    public void EightBitPngBuiltByHandIsReadLikeTheWritersOnes()
    {
        byte[][] rows = [[0, 10, 20], [255, 128, 1]];
        string path = _temp.Write("grey.png", new PngBytes().Header(3, 2, 8, 0).Rows(rows).End().ToArray());

        AssertSameValues([0, 10, 20, 255, 128, 1], ImageReader.Read(path), 3, 2, 1);
    }

    [Fact]
    public void TheFormatComesFromTheContentNotTheName()
    {
        byte[] data = TestImages.Pattern(4, 4, 3);
        string path = _temp.Write("really-a-bmp.png", TestImages.Encode((w, s) => w.WriteBmp(data, 4, 4, ColorComponents.RedGreenBlue, s)));

        AssertSameValues(data, ImageReader.Read(path), 4, 4, 3);
    }
}
