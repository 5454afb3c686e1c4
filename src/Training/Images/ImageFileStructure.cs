using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace NeuralSdf.Training.Images;

/// <summary>The file formats <see cref="ImageReader"/> reads.</summary>
internal enum ImageFileFormat { Png, Jpeg, Bmp, Tga, Hdr }

/// <summary>
/// What stb_image does not check: which format a file is by its signature, and whether it is complete.
/// stb reads past the end of a file as zeros, so a truncated BMP or TGA decodes without complaint (the missing
/// rows black) and a truncated PNG fails with a chunk type of four NUL bytes as its reason; these checks say
/// what is wrong instead.
/// </summary>
internal static class ImageFileStructure
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Formats stb_image knows but we do not read, by signature.</summary>
    private static readonly (string Magic, string Name)[] s_foreign =
    [
        ("GIF8", "a GIF"), ("8BPS", "a Photoshop (PSD)"), ("P5", "a PGM"), ("P6", "a PPM"), ("\x53\x80\xF6\x34", "a Softimage PIC"),
    ];

    /// <summary>The format by its signature; TGA, which has none, is the guess for anything else.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="foreign">When the signature is that of a format we do not read: its name, e.g. "a GIF".</param>
    public static ImageFileFormat Detect(ReadOnlySpan<byte> bytes, out string? foreign)
    {
        foreign = null;
        if (bytes.StartsWith(PngSignature)) return ImageFileFormat.Png;
        if (bytes.StartsWith([(byte)0xFF, (byte)0xD8, (byte)0xFF])) return ImageFileFormat.Jpeg;
        if (bytes.StartsWith("BM"u8)) return ImageFileFormat.Bmp;
        if (bytes.StartsWith("#?RADIANCE"u8) || bytes.StartsWith("#?RGBE"u8)) return ImageFileFormat.Hdr;
        foreach ((string magic, string name) in s_foreign)
        {
            if (bytes.StartsWith(Encoding.Latin1.GetBytes(magic))) foreign = name;
        }
        return ImageFileFormat.Tga;
    }

    /// <summary>The first bytes as hex and as text, for a message about an unknown header.</summary>
    public static string DescribeStart(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> head = bytes[..Math.Min(8, bytes.Length)];
        var text = new StringBuilder();
        foreach (byte b in head) text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        return $"{Convert.ToHexString(head)} (\"{text}\")";
    }

    /// <summary>Why the file is truncated or corrupt, or null when it looks complete (or the format gives no way to tell).</summary>
    public static string? FindDamage(ImageFileFormat format, ReadOnlySpan<byte> bytes) => format switch
    {
        ImageFileFormat.Png => FindPngDamage(bytes),
        ImageFileFormat.Jpeg => FindJpegDamage(bytes),
        ImageFileFormat.Bmp => FindBmpDamage(bytes),
        ImageFileFormat.Tga => FindTgaDamage(bytes),
        _ => null,   // HDR scanlines are run-length coded with no total length to check against
    };

    /// <summary>Walks the chunks to IEND; checks each chunk fits in the file and, for critical chunks, its CRC (as libpng does).</summary>
    private static string? FindPngDamage(ReadOnlySpan<byte> bytes)
    {
        long offset = PngSignature.Length;
        while (true)
        {
            if (offset + 8 > bytes.Length)
                return Invariant($"truncated: the file ends at byte {bytes.Length:N0}, before the IEND chunk that closes a PNG");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes[(int)offset..]);
            ReadOnlySpan<byte> type = bytes.Slice((int)offset + 4, 4);
            string name = Encoding.Latin1.GetString(type);
            if (length > int.MaxValue)
                return Invariant($"the chunk at byte {offset:N0} claims {length:N0} bytes, over the PNG limit of {int.MaxValue:N0}: the file is corrupt");
            long end = offset + 12 + length;   // length, type, data, CRC
            if (end > bytes.Length)
                return Invariant($"truncated: the {name} chunk at byte {offset:N0} claims {length:N0} bytes of data, but the file ends {Math.Max(0, bytes.Length - offset - 8):N0} bytes into it");
            bool critical = (type[0] & 0x20) == 0;
            if (critical)
            {
                uint stored = BinaryPrimitives.ReadUInt32BigEndian(bytes[(int)(end - 4)..]);
                uint computed = Crc32.Compute(bytes.Slice((int)offset + 4, 4 + (int)length));
                if (stored != computed)
                    return Invariant($"the {name} chunk at byte {offset:N0} has CRC {stored:X8} but its content gives {computed:X8}: the file is corrupt");
            }
            if (name == "IEND") return null;
            offset = end;
        }
    }

    /// <summary>Entropy-coded data escapes 0xFF, so the last SOS marker (FF DA) is the last scan, and EOI (FF D9) must follow it.</summary>
    private static string? FindJpegDamage(ReadOnlySpan<byte> bytes)
    {
        int lastScan = bytes.LastIndexOf([(byte)0xFF, (byte)0xDA]);
        if (lastScan < 0) return null;   // no scan at all: stb says so
        if (bytes[lastScan..].IndexOf([(byte)0xFF, (byte)0xD9]) < 0)
            return Invariant($"truncated: no end-of-image marker (FF D9) after the scan at byte {lastScan:N0}; the file ends at byte {bytes.Length:N0}");
        return null;
    }

    /// <summary>An uncompressed BMP (BI_RGB or BI_BITFIELDS) holds its rows, each padded to 4 bytes, from the offset in its header.</summary>
    private static string? FindBmpDamage(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 34) return Invariant($"truncated: the file ends at byte {bytes.Length:N0}, inside the BMP header");
        uint dataOffset = BinaryPrimitives.ReadUInt32LittleEndian(bytes[10..]);
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes[14..]);
        if (headerSize < 40) return null;   // OS/2 headers: rare, left to stb
        long width = BinaryPrimitives.ReadInt32LittleEndian(bytes[18..]);
        long height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(bytes[22..]));   // negative: rows stored top-down
        int bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]);
        uint compression = BinaryPrimitives.ReadUInt32LittleEndian(bytes[30..]);
        if (compression is not (0 or 3 or 6) || width <= 0) return null;   // RLE has no fixed size
        long rowBytes = (bitsPerPixel * width + 31) / 32 * 4;
        return CheckSize("BMP", bytes.Length, dataOffset, rowBytes * height);
    }

    /// <summary>An uncompressed TGA (types 1–3) is an 18-byte header, an id, a colour map, then width × height pixels.</summary>
    private static string? FindTgaDamage(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 18) return Invariant($"truncated: the file ends at byte {bytes.Length:N0}, inside the 18-byte TGA header");
        int imageType = bytes[2];
        if (imageType is not (1 or 2 or 3)) return null;   // RLE (9–11) has no fixed size
        long mapBytes = bytes[1] == 0 ? 0 : BinaryPrimitives.ReadUInt16LittleEndian(bytes[5..]) * (long)((bytes[7] + 7) / 8);
        long width = BinaryPrimitives.ReadUInt16LittleEndian(bytes[12..]);
        long height = BinaryPrimitives.ReadUInt16LittleEndian(bytes[14..]);
        return CheckSize("TGA", bytes.Length, 18 + bytes[0] + mapBytes, width * height * ((bytes[16] + 7) / 8));
    }

    private static string? CheckSize(string format, long fileLength, long dataOffset, long dataLength) =>
        dataOffset + dataLength <= fileLength ? null
            : Invariant($"truncated: the {format} pixel data needs {dataLength:N0} bytes from byte {dataOffset:N0}, but the file ends at byte {fileLength:N0}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320 reflected).</summary>
    private static class Crc32
    {
        private static readonly uint[] s_table = BuildTable();

        public static uint Compute(ReadOnlySpan<byte> data)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in data) crc = s_table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc ^ 0xFFFFFFFF;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }
    }
}
