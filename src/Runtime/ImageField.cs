using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralSdf.Runtime;

/// <summary>
/// A fitted neural image: the typed view of a <see cref="NeuralField"/> of kind <see cref="FieldKind.Image"/>.
/// Its input is a texture coordinate <c>(u, v)</c> with <c>(0, 0)</c> at the top-left corner of the source image and
/// <c>(1, 1)</c> at the bottom-right (pixel <c>(x, y)</c>'s center is at <c>((x + ½) / Width, (y + ½) / Height)</c>),
/// continuous, so it can be sampled at any resolution; its values are the source's channels as stored (in [0, 1] for
/// 8- and 16-bit images, in <see cref="ColorSpace"/>). Immutable and thread-safe.
/// </summary>
public sealed class ImageField
{
    /// <summary>The typed view of <paramref name="field"/>, which must be of kind <see cref="FieldKind.Image"/>.</summary>
    /// <exception cref="ArgumentException">The field is of another kind.</exception>
    public ImageField(NeuralField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Kind != FieldKind.Image)
            throw new ArgumentException($"The field is an {FieldKinds.Name(field.Kind)} field, not an image.", nameof(field));
        Field = field;
        Width = FieldKinds.ParseInt(field.Properties, FieldKinds.Width)!.Value;
        Height = FieldKinds.ParseInt(field.Properties, FieldKinds.Height)!.Value;
        ColorSpace = field.Properties[FieldKinds.ColorSpace];
    }

    /// <summary>The field this image reads.</summary>
    public NeuralField Field { get; }

    /// <summary>The source image's width in pixels (the aspect and the natural sampling resolution).</summary>
    public int Width { get; }

    /// <summary>The source image's height in pixels.</summary>
    public int Height { get; }

    /// <summary>The number of channels: 1 grey, 2 grey and alpha, 3 RGB, 4 RGBA.</summary>
    public int Channels => Field.OutputCount;

    /// <summary><c>srgb</c> for values as an 8- or 16-bit file stores them, <c>linear</c> for HDR radiance.</summary>
    public string ColorSpace { get; }

    /// <summary>
    /// Creates an image field over a network with 2 inputs and 1–4 outputs. The network sees <c>(u, v)</c> mapped to
    /// <c>[−1, 1]</c> along the longer side, the aspect kept; <paramref name="output"/> maps its raw outputs to channel values.
    /// </summary>
    public static ImageField Create(SirenNetwork network, int width, int height, OutputAffine output, string colorSpace,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (network.OutputCount is < 1 or > 4)
            throw new ArgumentException($"An image has 1 to 4 channels; the network gives {network.OutputCount} outputs.", nameof(network));
        var properties = new Dictionary<string, string>
        {
            [FieldKinds.Width] = width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [FieldKinds.Height] = height.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [FieldKinds.Channels] = ImageChannels.Name(network.OutputCount),
            [FieldKinds.ColorSpace] = colorSpace,
        };
        return new ImageField(new NeuralField(FieldKind.Image, network, NormalizedCoordinates(width, height), output, properties, metadata));
    }

    /// <summary><c>(u, v)</c> in [0, 1]² to [−1, 1] along the longer side of a <paramref name="width"/> × <paramref name="height"/> image, centered.</summary>
    public static InputAffine NormalizedCoordinates(int width, int height)
    {
        float longer = Math.Max(width, height);
        return new InputAffine([0.5f, 0.5f], [2f * width / longer, 2f * height / longer]);
    }

    /// <summary>Reads and validates a model file that holds an image field. Throws <see cref="SdfFormatException"/> otherwise.</summary>
    public static ImageField Load(string path) => new(ModelFile.ReadField(path, FieldKind.Image));

    /// <summary>Writes this field to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => Field.Save(path);

    /// <summary>The channel values at <paramref name="uv"/>, expanded to RGBA (grey repeats into R, G and B; a missing alpha is 1).</summary>
    public Vector4 Color(Vector2 uv)
    {
        Span<float> values = stackalloc float[4];
        Field.Evaluate(MemoryMarshal.Cast<Vector2, float>(new ReadOnlySpan<Vector2>(ref uv)), values[..Channels]);
        return ToRgba(values[..Channels]);
    }

    /// <summary>The raw channel values at a batch of coordinates: <see cref="Channels"/> floats per coordinate.</summary>
    public void Sample(ReadOnlySpan<Vector2> uv, Span<float> values) => Field.Evaluate(MemoryMarshal.Cast<Vector2, float>(uv), values);

    /// <summary>
    /// Channel values and their derivatives with respect to <c>u</c> and <c>v</c>: <paramref name="jacobians"/> gets
    /// <c>2 · Channels</c> floats per coordinate, <c>∂c/∂u, ∂c/∂v</c> for each channel in turn.
    /// </summary>
    public void Sample(ReadOnlySpan<Vector2> uv, Span<float> values, Span<float> jacobians) =>
        Field.Evaluate(MemoryMarshal.Cast<Vector2, float>(uv), values, jacobians);

    /// <summary>
    /// The Laplacian of each channel per source pixel, <c>∂²c/∂x² + ∂²c/∂y²</c> with x and y in the source's pixels
    /// (<c>x = u·Width</c>, <c>y = v·Height</c>; what a discrete Laplacian of the source approximates), at a batch of
    /// coordinates, from the network's second derivatives: <see cref="Channels"/> floats per coordinate.
    /// </summary>
    public void Laplacian(ReadOnlySpan<Vector2> uv, Span<float> laplacians)
    {
        if (laplacians.Length != uv.Length * Channels)
            throw new ArgumentException($"{uv.Length} coordinates need {uv.Length * Channels} values; the span holds {laplacians.Length}.", nameof(laplacians));
        float[] pixelSquared = [1f / ((float)Width * Width), 1f / ((float)Height * Height)];
        SecondDerivatives.Laplacian(Field.Folded, MemoryMarshal.Cast<Vector2, float>(uv), pixelSquared, laplacians);
    }

    /// <summary>
    /// Samples the field on a <paramref name="width"/> × <paramref name="height"/> grid of pixel centers covering
    /// <paramref name="region"/> (in uv; the whole image is (0, 0)–(1, 1)): <see cref="Channels"/> values per pixel, rows
    /// from the top. At the source's own size over the whole image, the samples fall on the source's pixel centers.
    /// </summary>
    public float[] Render(int width, int height, UvRegion region)
    {
        Vector2[] uv = PixelCenters(width, height, region);
        float[] values = new float[uv.Length * Channels];
        Sample(uv, values);
        return values;
    }

    /// <summary>The uv of each pixel center of a <paramref name="width"/> × <paramref name="height"/> grid over <paramref name="region"/>, rows from the top.</summary>
    public static Vector2[] PixelCenters(int width, int height, UvRegion region)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var uv = new Vector2[width * height];
        Vector2 size = region.Max - region.Min;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
                uv[y * width + x] = region.Min + size * new Vector2((x + 0.5f) / width, (y + 0.5f) / height);
        }
        return uv;
    }

    /// <summary>Raw channel values expanded to RGBA.</summary>
    public static Vector4 ToRgba(ReadOnlySpan<float> channels) => channels.Length switch
    {
        1 => new Vector4(channels[0], channels[0], channels[0], 1),
        2 => new Vector4(channels[0], channels[0], channels[0], channels[1]),
        3 => new Vector4(channels[0], channels[1], channels[2], 1),
        4 => new Vector4(channels[0], channels[1], channels[2], channels[3]),
        _ => throw new ArgumentException($"An image has 1 to 4 channels; got {channels.Length}.", nameof(channels)),
    };
}
