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
    private static readonly (byte[] Magic, string Name)[] s_foreign =
    [
        ("GIF8"u8.ToArray(), "a GIF"), ("8BPS"u8.ToArray(), "a Photoshop (PSD)"), ("P5"u8.ToArray(), "a PGM"), ("P6"u8.ToArray(), "a PPM"),
        ([0x53, 0x80, 0xF6, 0x34], "a Softimage PIC"),
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
        foreach ((byte[] magic, string name) in s_foreign)
        {
            if (bytes.StartsWith(magic)) foreign = name;
        }
        return ImageFileFormat.Tga;
    }

    /// <summary>Width and height from a PNG's IHDR chunk, which must come first; false when the file is too short for one.</summary>
    public static bool TryReadPngSize(ReadOnlySpan<byte> bytes, out int width, out int height)
    {
        (width, height) = (0, 0);
        if (bytes.Length < 24 || !bytes.Slice(12, 4).SequenceEqual("IHDR"u8)) return false;
        // PNG caps both at 2^31 − 1; a larger value is corrupt, and clamping keeps it over any limit of ours.
        width = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]), int.MaxValue);
        height = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]), int.MaxValue);
        return true;
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

    /// <summary>
    /// A TGA is an 18-byte header, an id, a colour map, then width × height pixels: stored as they are (types 1–3),
    /// or in run-length packets (types 9–11), each a count byte and then one pixel (a run) or count pixels (literal).
    /// </summary>
    private static string? FindTgaDamage(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 18) return Invariant($"truncated: the file ends at byte {bytes.Length:N0}, inside the 18-byte TGA header");
        int imageType = bytes[2];
        long mapBytes = bytes[1] == 0 ? 0 : BinaryPrimitives.ReadUInt16LittleEndian(bytes[5..]) * (long)((bytes[7] + 7) / 8);
        long pixels = BinaryPrimitives.ReadUInt16LittleEndian(bytes[12..]) * (long)BinaryPrimitives.ReadUInt16LittleEndian(bytes[14..]);
        int pixelBytes = (bytes[16] + 7) / 8;
        long offset = 18 + bytes[0] + mapBytes;
        if (imageType is 1 or 2 or 3) return CheckSize("TGA", bytes.Length, offset, pixels * pixelBytes);
        if (imageType is not (9 or 10 or 11)) return null;
        long decoded = 0;
        while (decoded < pixels && offset < bytes.Length)
        {
            int packet = bytes[(int)offset];
            int count = (packet & 0x7F) + 1;
            offset += 1 + ((packet & 0x80) != 0 ? pixelBytes : count * pixelBytes);
            decoded += count;
        }
        return decoded < pixels || offset > bytes.Length
            ? Invariant($"truncated: the run-length TGA data ends at byte {bytes.Length:N0}, with {Math.Min(decoded, pixels):N0} of its {pixels:N0} pixels")
            : null;
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
