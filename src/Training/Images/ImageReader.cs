using System.Globalization;
using System.Runtime.InteropServices;
using StbImageSharp;

namespace NeuralSdf.Training.Images;

/// <summary>Reads PNG, JPEG, BMP, TGA and Radiance HDR files through StbImageSharp, keeping the file's channel count.</summary>
public static class ImageReader
{
    /// <summary>The largest width or height <see cref="Read"/> accepts.</summary>
    public const int MaxSide = 16_384;

    /// <summary>The most pixels (width × height) <see cref="Read"/> accepts: 2^26, i.e. 8,192².</summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>The formats <see cref="Read"/> understands, by name.</summary>
    public static IReadOnlyList<string> SupportedFormats { get; } = ["PNG", "JPEG", "BMP", "TGA", "HDR"];

    // stb_image keeps its failure reason (and its flip and premultiply flags) in static fields: one decode at a time
    // keeps a reason with the file it belongs to. Reading an image is not a hot path.
    private static readonly Lock s_stb = new();

    /// <summary>
    /// Reads <paramref name="path"/>: PNG (8 or 16 bits per channel), JPEG, BMP, TGA (8 bits) or HDR (32-bit float),
    /// grey, grey + alpha, RGB or RGBA as the file stores it. The format is told by the file's signature, not its name.
    /// The size is checked against <see cref="MaxSide"/> and <see cref="MaxPixels"/> from the header, before decoding.
    /// </summary>
    /// <exception cref="ImageFormatException">
    /// The file is missing, unreadable, empty, not in a format above, truncated, corrupt, of zero size or too large.
    /// The message is one line naming the file and the problem.
    /// </exception>
    public static SourceImage Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ReadAllBytes(path);
        if (bytes.Length == 0)
            throw new ImageFormatException(path, "the file is empty (0 bytes)");

        ImageFileFormat format = ImageFileStructure.Detect(bytes, out string? foreign);
        if (foreign is not null)
            throw new ImageFormatException(path, $"this is {foreign} file; the formats read are {FormatList}");

        // stb refuses a PNG over 2^30 bytes decoded with only "too large", and its header query then reports every
        // failure as "unknown image type"; our limits come first, from the IHDR chunk itself.
        if (format == ImageFileFormat.Png && ImageFileStructure.TryReadPngSize(bytes, out int pngWidth, out int pngHeight))
            CheckSize(path, format, pngWidth, pngHeight);

        lock (s_stb)
        {
            ImageInfo info = ReadHeader(path, bytes, format);
            CheckSize(path, format, info.Width, info.Height);
            if (format == ImageFileFormat.Hdr && info.Width < 8 && info.Height > 1)
                throw new ImageFormatException(path, Invariant(
                    $"the HDR image is {info.Width} pixels wide; HDR images under 8 pixels wide are not read, because the decoder (StbImageSharp 2.30.16) fills only their first row"));
            if (ImageFileStructure.FindDamage(format, bytes) is { } damage)
                throw new ImageFormatException(path, damage);
            try
            {
                return Decode(path, bytes, format, info);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ImageFormatException(path, $"cannot decode the {Name(format)} data: {Reason(e.Message)}", e);
            }
        }
    }

    private static string FormatList => string.Join(", ", SupportedFormats);

    private static byte[] ReadAllBytes(string path)
    {
        if (Directory.Exists(path))
            throw new ImageFormatException(path, "is a directory, not a file");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageFormatException(path, $"file not found (looked for {Path.GetFullPath(path)})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFormatException(path, $"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>Width, height, channels and bit depth from the header alone.</summary>
    private static ImageInfo ReadHeader(string path, byte[] bytes, ImageFileFormat format)
    {
        StbImage.stbi__g_failure_reason = null;
        ImageInfo? info;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            info = ImageInfo.FromStream(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ImageFormatException(path, $"cannot read the {Name(format)} header: {Reason(e.Message)}", e);
        }
        if (info is { } header) return header;
        // TGA is only the guess for a file with no known signature: most often it is no image at all.
        if (format == ImageFileFormat.Tga)
            throw new ImageFormatException(path,
                $"not an image in a format read here ({FormatList}): the file starts with {ImageFileStructure.DescribeStart(bytes)}");
        // The header query tries every format in turn and keeps only the last one's complaint; the decoder goes
        // straight to the format the signature names and fails on the same header with the reason that applies.
        string reason = DecoderReason(bytes);
        if (reason == "0-pixel image")
            throw new ImageFormatException(path, $"the image has zero width or height (the {Name(format)} header says so)");
        throw new ImageFormatException(path, $"cannot read the {Name(format)} header: {reason}");
    }

    private static string DecoderReason(byte[] bytes)
    {
        StbImage.stbi__g_failure_reason = null;
        try
        {
            ImageResult.FromMemory(bytes);
            return Reason(StbImage.stbi__g_failure_reason);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Reason(e.Message);
        }
    }

    private static void CheckSize(string path, ImageFileFormat format, int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ImageFormatException(path, Invariant($"the image has zero width or height ({width} × {height} pixels in the {Name(format)} header)"));
        if (width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
            throw new ImageFormatException(path, Invariant(
                $"the image is {width:N0} × {height:N0} pixels; at most {MaxSide:N0} on a side and {MaxPixels:N0} pixels in all are read"));
    }

    private static SourceImage Decode(string path, byte[] bytes, ImageFileFormat format, ImageInfo info)
    {
        StbImage.stbi__g_failure_reason = null;
        if (format == ImageFileFormat.Hdr)
        {
            ImageResultFloat hdr = ImageResultFloat.FromMemory(bytes);
            return Checked(path, hdr.Width, hdr.Height, (int)hdr.Comp, hdr.Data, 32, info);
        }
        if (info.BitsPerChannel == 16)
        {
            float[] data = Load16(bytes, out int width, out int height, out int channels);
            return Checked(path, width, height, channels, data, 16, info);
        }
        ImageResult ldr = ImageResult.FromMemory(bytes);
        var values = new float[ldr.Data.Length];
        for (int i = 0; i < values.Length; i++) values[i] = ldr.Data[i] / 255f;
        return Checked(path, ldr.Width, ldr.Height, (int)ldr.Comp, values, 8, info);
    }

    /// <summary>StbImageSharp has no public 16-bit result type, but its <c>stbi__load_and_postprocess_16bit</c> is public.</summary>
    private static unsafe float[] Load16(byte[] bytes, out int width, out int height, out int channels)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        int x, y, comp;
        ushort* data = StbImage.stbi__load_and_postprocess_16bit(new StbImage.stbi__context(stream), &x, &y, &comp, 0);
        if (data == null)
            throw new InvalidOperationException(StbImage.stbi__g_failure_reason);
        try
        {
            var values = new float[(long)x * y * comp];
            for (long i = 0; i < values.Length; i++) values[i] = data[i] / 65535f;
            (width, height, channels) = (x, y, comp);
            return values;
        }
        finally
        {
            // stb's internal free is Marshal.FreeHGlobal; its allocation counter (StbImage.NativeAllocations) stays one up.
            Marshal.FreeHGlobal((IntPtr)data);
        }
    }

    /// <summary>The decoder must agree with the header the size check was made on.</summary>
    private static SourceImage Checked(string path, int width, int height, int channels, float[] data, int bits, ImageInfo info)
    {
        if (width != info.Width || height != info.Height)
            throw new ImageFormatException(path, Invariant(
                $"the header says {info.Width} × {info.Height} pixels, but the data decodes to {width} × {height}"));
        return new SourceImage(width, height, channels, data, bits, path, validate: false);
    }

    private static string Name(ImageFileFormat format) => format.ToString().ToUpperInvariant();

    /// <summary>stb's reasons are terse ("bad huffman code") and some carry NUL characters; an empty one says so.</summary>
    private static string Reason(string? reason)
    {
        string text = new((reason ?? "").Where(ch => !char.IsControl(ch)).ToArray());
        return text.Trim().Length == 0 ? "the decoder gives no reason" : text.Trim();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
