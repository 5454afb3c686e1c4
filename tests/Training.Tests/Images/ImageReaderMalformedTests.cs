using System.Buffers.Binary;
using System.Text;
using NeuralSdf.Training.Images;
using NeuralSdf.Training.Tests.Geometry;
using StbImageWriteSharp;

namespace NeuralSdf.Training.Tests.Images;

public sealed class ImageReaderMalformedTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Reading fails with one line that starts with the path, and the problem has every key word.</summary>
    private static ImageFormatException AssertFails(string path, params string[] keyWords)
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\0', e.Message);
        foreach (string word in keyWords)
            Assert.True(e.Problem.Contains(word, StringComparison.OrdinalIgnoreCase), $"'{word}' missing from: {e.Message}");
        return e;
    }

    private static byte[] RgbPng(int width, int height) =>
        TestImages.Encode((w, s) => w.WritePng(TestImages.Pattern(width, height, 3), width, height, ColorComponents.RedGreenBlue, s));

    [Fact]
    public void MissingFile() => AssertFails(Path.Combine(_temp.FullPath, "absent.png"), "not found");

    [Fact]
    public void Directory() => AssertFails(_temp.FullPath, "directory");

    [Fact]
    public void EmptyFile() => AssertFails(_temp.Write("empty.png", []), "empty", "0 bytes");

    [Fact]
    public void TextRenamedPngNamesTheFormatsRead() =>
        AssertFails(_temp.Write("notes.png", "hello, this is not an image\n"), "not an image", "PNG, JPEG, BMP, TGA, HDR", "68656C6C6F", "hello");

    [Fact]
    public void GifIsRecognizedAndRefused()
    {
        byte[] gif = [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0, (byte)',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, (byte)';'];
        AssertFails(_temp.Write("anim.png", gif), "GIF", "PNG, JPEG, BMP, TGA, HDR");
    }

    [Fact]
    public void PngCutInTheMiddleOfIdat()
    {
        byte[] png = RgbPng(40, 30);
        int idat = PngBytes.FindChunk(png, "IDAT");
        int idatLength = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(idat));
        Assert.True(idatLength > 100, $"the test needs a long IDAT, not {idatLength} bytes");

        AssertFails(_temp.Write("cut.png", png[..(idat + 8 + idatLength / 2)]), "truncated", "IDAT", $"byte {idat}");
    }

    [Fact]
    public void PngWithoutIend()
    {
        byte[] png = RgbPng(8, 8);
        AssertFails(_temp.Write("no-iend.png", png[..PngBytes.FindChunk(png, "IEND")]), "truncated", "IEND");
    }

    [Fact]
    public void PngWithACorruptIdatByte()
    {
        byte[] png = RgbPng(16, 16);
        png[PngBytes.FindChunk(png, "IDAT") + 8 + 5] ^= 0x40;
        AssertFails(_temp.Write("flipped.png", png), "IDAT", "CRC", "corrupt");
    }

    [Fact]
    public void PngWhoseZlibStreamIsGarbageCarriesStbsReason()
    {
        byte[] png = new PngBytes().Header(2, 2, 8, 0).Chunk("IDAT", "not zlib at all"u8.ToArray()).End().ToArray();
        ImageFormatException e = AssertFails(_temp.Write("garbage.png", png), "cannot decode the PNG data");
        Assert.DoesNotContain("gives no reason", e.Problem);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void HugePngIsRefusedFromItsHeaderBeforeDecoding()
    {
        // Only the header: decoding would need 30 GB. The size check must come first, and say the size and the limits.
        byte[] png = new PngBytes().Header(100_000, 100_000, 8, 2).End().ToArray();
        AssertFails(_temp.Write("huge.png", png), "100,000 × 100,000", "16,384", "67,108,864");
    }

    [Fact]
    public void PngOverThePixelLimitButUnderTheSideLimit() =>
        AssertFails(_temp.Write("wide.png", new PngBytes().Header(16_000, 8_000, 8, 0).End().ToArray()), "16,000 × 8,000", "67,108,864");

    [Theory]
    [InlineData(0u, 10u)]
    [InlineData(10u, 0u)]
    public void PngWithZeroWidthOrHeight(uint width, uint height) =>
        AssertFails(_temp.Write("zero.png", new PngBytes().Header(width, height, 8, 0).End().ToArray()), "zero width or height");

    [Fact]
    public void JpegCutInHalf()
    {
        byte[] data = TestImages.Smooth(64, 64, 3);
        byte[] jpeg = TestImages.Encode((w, s) => w.WriteJpg(data, 64, 64, ColorComponents.RedGreenBlue, s, 90));
        AssertFails(_temp.Write("cut.jpg", jpeg[..(jpeg.Length / 2)]), "truncated", "end-of-image");
    }

    [Fact]
    public void BmpCutShort()
    {
        byte[] bmp = TestImages.Encode((w, s) => w.WriteBmp(TestImages.Pattern(10, 10, 3), 10, 10, ColorComponents.RedGreenBlue, s));
        AssertFails(_temp.Write("cut.bmp", bmp[..^50]), "truncated", "BMP", $"byte {bmp.Length - 50}");
    }

    [Fact]
    public void UncompressedTgaCutShort()
    {
        byte[] tga = TestImages.RawTga(10, 10, TestImages.Pattern(10, 10, 3));
        AssertFails(_temp.Write("cut.tga", tga[..^7]), "truncated", "TGA", "300 bytes");
    }

    [Fact]
    public void RunLengthTgaCutShort()
    {
        // stb reads past the end as zeros and would return the image with its lower half black.
        byte[] tga = TestImages.Encode((w, s) => w.WriteTga(TestImages.Pattern(10, 10, 3), 10, 10, ColorComponents.RedGreenBlue, s));
        Assert.Equal(10, tga[2]);   // the writer's default: run-length true colour
        AssertFails(_temp.Write("cut-rle.tga", tga[..(tga.Length / 2)]), "truncated", "run-length TGA", "of its 100 pixels");
    }

    [Fact]
    public void MessageIsOneLineWhateverTheProblemSays()
    {
        var e = new ImageFormatException("a.png", "first\nsecond");
        Assert.Equal("a.png: first second", e.Message);
        Assert.Equal("first\nsecond", e.Problem);
        Assert.Equal("a.png", e.FilePath);
    }

    [Fact]
    public void HdrNarrowerThanEightPixelsIsRefused()
    {
        // StbImageSharp 2.30.16 decodes only the first row of such a file and leaves the others uninitialized.
        byte[] hdr = [.. "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 2 +X 3\n"u8, .. Enumerable.Repeat((byte)128, 24)];
        AssertFails(_temp.Write("narrow.hdr", hdr), "3 pixels wide", "under 8");
    }

    [Fact]
    public void HdrWithAForeignHeaderLine()
    {
        byte[] hdr = Encoding.ASCII.GetBytes("#?RADIANCE\nFORMAT=32-bit_rle_xyze\n\n-Y 2 +X 2\n");
        AssertFails(_temp.Write("xyz.hdr", hdr), "HDR");
    }
}
