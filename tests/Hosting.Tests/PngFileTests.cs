using System.Buffers.Binary;
using NeuralSdf.Runtime;

namespace NeuralSdf.Hosting.Tests;

public sealed class PngFileTests
{
    [Fact]
    public void WritesAPngWithTheGivenSizeAndLeavesNoTemporaryFile()
    {
        string directory = Directory.CreateTempSubdirectory("nsdf-png-").FullName;
        try
        {
            string path = Path.Combine(directory, "image.png");
            byte[] rgba = new byte[4 * 3 * 2];
            rgba[3] = 255;
            PngFile.Write(path, 3, 2, rgba);
            byte[] bytes = File.ReadAllBytes(path);
            Assert.Equal<byte>([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            Assert.Equal(6, bytes[25]); // colour type 6: RGBA
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WrongBufferLengthNamesBothSizes() =>
        Assert.Contains("needs 24 bytes; got 23", Assert.Throws<ArgumentException>(() => PngFile.Write("x.png", 3, 2, new byte[23])).Message);
}
