namespace NeuralSdf.Training.Images;

/// <summary>
/// What an image fit supervises, per pixel and channel, in the network's raw units: the network sees pixel
/// <c>(x, y)</c> at <c>((x + ½ − W/2)·2/L, (y + ½ − H/2)·2/L)</c> with L the longer side, and gives <c>r = (v − offset) / scale</c>
/// for a channel value v. A pixel step is then 2/L, so <c>∂r/∂x_n = (L/2)·(∂v/∂x)/scale</c> and the Laplacian picks up
/// <c>(L/2)²</c>. Values, gradients (per channel: ∂/∂x then ∂/∂y) and the Laplacian are each null unless supervised.
/// </summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="Channels">Channels per pixel.</param>
/// <param name="Values">Raw targets, pixel-major then channel: P × C.</param>
/// <param name="Gradients">Raw ∂r/∂x_n and ∂r/∂y_n: P × C × 2.</param>
/// <param name="Laplacian">Raw ∂²r/∂x_n² + ∂²r/∂y_n²: P × C.</param>
/// <param name="Mean">The mean value of each channel (the constant a derivative-only fit takes).</param>
/// <param name="ValueWeights">Per pixel, whether its value is supervised (1) or not (0); null supervises every value.</param>
public sealed record ImageTargets(int Width, int Height, int Channels, float[]? Values, float[]? Gradients, float[]? Laplacian, float[] Mean,
    float[]? ValueWeights = null)
{
    /// <summary>The number of pixels.</summary>
    public int PixelCount => Width * Height;

    /// <summary>Normalized coordinates of every pixel center, P × 2.</summary>
    public float[] Coordinates()
    {
        float[] xy = new float[2 * PixelCount];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int p = y * Width + x;
                (xy[2 * p], xy[2 * p + 1]) = Center(x, y);
            }
        }
        return xy;
    }

    /// <summary>
    /// A pixel's side in normalized coordinates, for a <paramref name="width"/> × <paramref name="height"/> image: the longer
    /// side spans [−1, 1] (<see cref="NeuralSdf.Runtime.ImageField.NormalizedCoordinates"/>).
    /// </summary>
    public static double PixelStep(int width, int height) => 2.0 / Math.Max(width, height);

    /// <summary>The normalized coordinates of pixel (x, y)'s center; x and y may lie outside the image.</summary>
    private (float X, float Y) Center(int x, int y)
    {
        float step = (float)PixelStep(Width, Height);
        return ((x + 0.5f - Width / 2f) * step, (y + 0.5f - Height / 2f) * step);
    }

    /// <summary>
    /// The pixel centers just outside the image, one per missing neighbour of each border pixel (two at a corner), and the
    /// border pixel each belongs to: where <see cref="ImageDerivatives"/>' mirrored borders put that pixel's own value.
    /// </summary>
    /// <returns>Normalized coordinates G × 2 and, for each, the index of its border pixel.</returns>
    public (float[] Coordinates, long[] Pixels) BorderNeighbours()
    {
        var xy = new List<float>();
        var pixels = new List<long>();
        void Add(int x, int y, int insideX, int insideY)
        {
            (float u, float v) = Center(x, y);
            xy.Add(u);
            xy.Add(v);
            pixels.Add(insideY * Width + insideX);
        }
        for (int x = 0; x < Width; x++)
        {
            Add(x, -1, x, 0);
            Add(x, Height, x, Height - 1);
        }
        for (int y = 0; y < Height; y++)
        {
            Add(-1, y, 0, y);
            Add(Width, y, Width - 1, y);
        }
        return (xy.ToArray(), pixels.ToArray());
    }

    /// <summary>
    /// Poisson image editing (seamless cloning): the gradients of <paramref name="source"/> where <paramref name="mask"/>
    /// is set (its first channel above ½) and of <paramref name="background"/> elsewhere, and the background's values
    /// outside the mask, which pin the result to the background there and so fix its constant.
    /// </summary>
    public static ImageTargets Blend(SourceImage background, SourceImage source, SourceImage mask, ReadOnlySpan<float> offset, ReadOnlySpan<float> scale)
    {
        ImageTargets outside = For(background, ImageSupervision.ValuesAndGradients, offset, scale);
        ImageTargets inside = For(source, ImageSupervision.Gradients, offset, scale);
        int c = background.Channels;
        float[] gradients = outside.Gradients!, weights = new float[outside.PixelCount];
        for (int p = 0; p < weights.Length; p++)
        {
            bool masked = mask.Pixels[p * mask.Channels] > 0.5f;
            weights[p] = masked ? 0 : 1;
            if (masked) Array.Copy(inside.Gradients!, p * c * 2, gradients, p * c * 2, c * 2);
        }
        return outside with { ValueWeights = weights };
    }

    /// <summary>The targets of <paramref name="image"/> for <paramref name="supervision"/>, with values mapped through <paramref name="offset"/> and <paramref name="scale"/>.</summary>
    public static ImageTargets For(SourceImage image, ImageSupervision supervision, ReadOnlySpan<float> offset, ReadOnlySpan<float> scale)
    {
        int w = image.Width, h = image.Height, c = image.Channels, pixels = w * h;
        float perStep = (float)(1 / PixelStep(w, h)); // derivatives per pixel to per normalized unit
        bool values = supervision is ImageSupervision.Values or ImageSupervision.ValuesAndGradients;
        bool gradients = supervision is ImageSupervision.Gradients or ImageSupervision.ValuesAndGradients;
        bool laplacian = supervision == ImageSupervision.Laplacian;
        float[]? v = values ? new float[pixels * c] : null;
        float[]? g = gradients ? new float[pixels * c * 2] : null;
        float[]? l = laplacian ? new float[pixels * c] : null;
        float[] mean = new float[c];
        for (int channel = 0; channel < c; channel++)
        {
            float[] plane = image.GetChannel(channel);
            mean[channel] = (float)plane.Average(x => (double)x);
            float inverse = 1f / scale[channel];
            if (v is not null)
            {
                for (int p = 0; p < pixels; p++) v[p * c + channel] = (plane[p] - offset[channel]) * inverse;
            }
            if (g is not null)
            {
                // Sobel is 8 × the derivative per pixel.
                (float[] dx, float[] dy) = ImageDerivatives.Sobel(plane, w, h);
                for (int p = 0; p < pixels; p++)
                {
                    g[(p * c + channel) * 2] = dx[p] / 8f * perStep * inverse;
                    g[(p * c + channel) * 2 + 1] = dy[p] / 8f * perStep * inverse;
                }
            }
            if (l is not null)
            {
                float[] lap = ImageDerivatives.Laplacian(plane, w, h);
                for (int p = 0; p < pixels; p++) l[p * c + channel] = lap[p] * perStep * perStep * inverse;
            }
        }
        return new ImageTargets(w, h, c, v, g, l, mean);
    }
}
