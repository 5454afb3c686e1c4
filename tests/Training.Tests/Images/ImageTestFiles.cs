using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using StbImageWriteSharp;

namespace NeuralSdf.Training.Tests.Images;

/// <summary>Builds PNG files chunk by chunk, with the chunk CRCs computed here (not by the code under test).</summary>
internal sealed class PngBytes
{
    private readonly MemoryStream _bytes = new();

    public PngBytes() => _bytes.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

    /// <summary>IHDR: colour type 0 grey, 2 RGB, 4 grey + alpha, 6 RGBA; no interlace.</summary>
    public PngBytes Header(uint width, uint height, byte bitDepth, byte colorType)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), height);
        data[8] = bitDepth;
        data[9] = colorType;
        return Chunk("IHDR", data);
    }

    /// <summary>One IDAT holding the zlib stream of the rows, each led by filter type 0 (none).</summary>
    public PngBytes Rows(IEnumerable<byte[]> rows)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            foreach (byte[] row in rows)
            {
                zlib.WriteByte(0);
                zlib.Write(row);
            }
        }
        return Chunk("IDAT", compressed.ToArray());
    }

    public PngBytes End() => Chunk("IEND", []);

    public PngBytes Chunk(string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        _bytes.Write(word);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        _bytes.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        _bytes.Write(word);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>Bitwise CRC-32 (reflected polynomial 0xEDB88320), the PNG chunk checksum.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320 & (0u - (crc & 1)));
        }
        return ~crc;
    }

    /// <summary>Where the first chunk of <paramref name="type"/> starts (its length field), or −1.</summary>
    public static int FindChunk(byte[] png, string type)
    {
        for (int offset = 8; offset + 8 <= png.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            if (Encoding.ASCII.GetString(png, offset + 4, 4) == type) return offset;
            offset += 12 + length;
        }
        return -1;
    }
}

/// <summary>Test images written with StbImageWriteSharp, and small hand-made files.</summary>
internal static class TestImages
{
    /// <summary>A deterministic pattern: every value distinct enough to catch a swapped channel, row or column.</summary>
    public static byte[] Pattern(int width, int height, int channels)
    {
        var data = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                    data[(y * width + x) * channels + c] = (byte)((37 * x + 91 * y + 53 * c + 11 * x * y) % 256);
        return data;
    }

    /// <summary>A smooth pattern, which JPEG keeps closely.</summary>
    public static byte[] Smooth(int width, int height, int channels)
    {
        var data = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                    data[(y * width + x) * channels + c] =
                        (byte)Math.Round(127.5 + 100 * Math.Sin(0.11 * x + 0.07 * y + 1.3 * c));
        return data;
    }

    public static byte[] Encode(Action<ImageWriter, Stream> write)
    {
        using var stream = new MemoryStream();
        write(new ImageWriter(), stream);
        return stream.ToArray();
    }

    public static ColorComponents Components(int channels) => channels switch
    {
        1 => ColorComponents.Grey,
        2 => ColorComponents.GreyAlpha,
        3 => ColorComponents.RedGreenBlue,
        _ => ColorComponents.RedGreenBlueAlpha,
    };

    /// <summary>An uncompressed true-colour TGA (type 2), 24-bit BGR, rows from the top (descriptor bit 5).</summary>
    public static byte[] RawTga(int width, int height, byte[] rgb)
    {
        var bytes = new byte[18 + rgb.Length];
        bytes[2] = 2;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(12), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(14), (ushort)height);
        bytes[16] = 24;
        bytes[17] = 0x20;
        for (int i = 0; i < rgb.Length; i += 3)
        {
            bytes[18 + i] = rgb[i + 2];
            bytes[18 + i + 1] = rgb[i + 1];
            bytes[18 + i + 2] = rgb[i];
        }
        return bytes;
    }
}
