namespace NeuralSdf.Training.Images;

/// <summary>
/// An image as read from a file, immutable: pixels as floats, row-major from the top row, channels interleaved
/// (grey; grey, alpha; R, G, B; or R, G, B, A). LDR values are the stored values scaled to [0, 1]
/// (value / 255 or value / 65535), not linearized: a fit reproduces what the file stores. HDR values are as
/// stored, linear, and may exceed 1.
/// </summary>
public sealed class SourceImage
{
    private readonly float[] _pixels;

    /// <summary>Builds an image from <paramref name="pixels"/> (copied), e.g. for tests or a computed image.</summary>
    /// <param name="width">Pixels per row, at least 1.</param>
    /// <param name="height">Rows, at least 1.</param>
    /// <param name="channels">1 grey, 2 grey + alpha, 3 RGB, 4 RGBA.</param>
    /// <param name="pixels">width × height × channels values, top row first, channels interleaved.</param>
    /// <param name="bitsPerChannel">8 or 16 for LDR (values must lie in [0, 1]), 32 for HDR (any finite value).</param>
    /// <param name="sourcePath">Where the image came from; empty when it was computed.</param>
    public SourceImage(int width, int height, int channels, ReadOnlySpan<float> pixels, int bitsPerChannel = 8, string sourcePath = "")
        : this(width, height, channels, pixels.ToArray(), bitsPerChannel, sourcePath, validate: true)
    {
    }

    /// <summary>Takes ownership of <paramref name="pixels"/>; the reader's values are valid by construction.</summary>
    internal SourceImage(int width, int height, int channels, float[] pixels, int bitsPerChannel, string sourcePath, bool validate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA)");
        if (bitsPerChannel is not (8 or 16 or 32))
            throw new ArgumentOutOfRangeException(nameof(bitsPerChannel), bitsPerChannel, "bits per channel must be 8, 16 or 32 (HDR float)");
        ArgumentNullException.ThrowIfNull(sourcePath);
        long expected = (long)width * height * channels;
        if (pixels.Length != expected)
            throw new ArgumentException(
                $"{width} × {height} × {channels} channels needs {expected:N0} values, but {pixels.Length:N0} were given", nameof(pixels));
        if (validate)
        {
            bool hdr = bitsPerChannel == 32;
            for (int i = 0; i < pixels.Length; i++)
            {
                float v = pixels[i];
                if (!float.IsFinite(v) || (!hdr && v is < 0f or > 1f))
                    throw new ArgumentException(
                        $"value {i:N0} (pixel {i / channels % width}, {i / channels / width}, channel {i % channels}) is {v}; " +
                        (hdr ? "HDR values must be finite" : "LDR values must lie in [0, 1]"), nameof(pixels));
            }
        }
        Width = width;
        Height = height;
        Channels = channels;
        BitsPerChannel = bitsPerChannel;
        SourcePath = sourcePath;
        _pixels = pixels;
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Number of rows.</summary>
    public int Height { get; }

    /// <summary>1 grey, 2 grey + alpha, 3 RGB, 4 RGBA: the file's own channel count.</summary>
    public int Channels { get; }

    /// <summary>Bits per channel in the file: 8 or 16 for LDR, 32 for HDR (float).</summary>
    public int BitsPerChannel { get; }

    /// <summary>True for a high-dynamic-range (float) image, whose values are linear and may exceed 1.</summary>
    public bool IsHdr => BitsPerChannel == 32;

    /// <summary><c>"linear"</c> for HDR, <c>"srgb"</c> for LDR files (whose values are kept as stored, not linearized).</summary>
    public string ColorSpace => IsHdr ? "linear" : "srgb";

    /// <summary>The file the image was read from; empty for a computed image.</summary>
    public string SourcePath { get; }

    /// <summary>All values: row-major from the top row, channels interleaved; <see cref="Width"/> × <see cref="Height"/> × <see cref="Channels"/> of them.</summary>
    public ReadOnlySpan<float> Pixels => _pixels;

    /// <summary>The value of channel <paramref name="c"/> at column <paramref name="x"/> (0 = left) and row <paramref name="y"/> (0 = top).</summary>
    public float this[int x, int y, int c]
    {
        get
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || (uint)c >= (uint)Channels)
                throw new ArgumentOutOfRangeException(nameof(x),
                    $"pixel ({x}, {y}) channel {c} is outside the {Width} × {Height} image with {Channels} channels");
            return _pixels[((long)y * Width + x) * Channels + c];
        }
    }

    /// <summary>One channel as a new single-channel array, row-major from the top row (the layout <see cref="ImageDerivatives"/> takes).</summary>
    public float[] GetChannel(int c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(c, Channels);
        var plane = new float[Width * Height];
        for (int i = 0; i < plane.Length; i++)
            plane[i] = _pixels[i * Channels + c];
        return plane;
    }
}
