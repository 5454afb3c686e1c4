namespace NeuralSdf.Training.Images;

/// <summary>
/// Finite-difference derivatives of a single-channel image, the targets of the SIREN paper's Poisson fits, with the
/// conventions of <c>scipy.ndimage.sobel</c> and <c>scipy.ndimage.laplace</c> on a 2-D array. The image is
/// <c>width × height</c> floats, row-major from the top row. x is the column (0 = left, growing right), y is the row
/// (0 = top, growing down). Outside the image the values mirror scipy's default <c>'reflect'</c> mode,
/// <c>d c b a | a b c d | d c b a</c>: for these 3-tap kernels that repeats the edge pixel.
/// </summary>
/// <remarks>
/// How the SIREN code (vsitzmann/siren, <c>dataio.Implicit2DWrapper</c>) calls them: on a <c>(1, H, W)</c> array of
/// values mapped from [0, 1] to [−1, 1] and then multiplied by 10 (gradients) or 10⁴ (Laplacian). Its "gradx" is
/// along axis 1 (rows, our y) and "grady" along axis 2 (columns, our x), in the order of its coordinates (row, column).
/// scipy's Sobel also smooths the size-1 channel axis with [1 2 1] under 'reflect', which multiplies by 4, while the
/// second difference along that axis is 0. So for an image v in [0, 1]: gradx = 80 · Dy(v), grady = 80 · Dx(v),
/// laplace = 2·10⁴ · Laplacian(v), with Dx, Dy and Laplacian as computed here.
/// </remarks>
public static class ImageDerivatives
{
    /// <summary>
    /// The Sobel gradient: <c>dx = [1 2 1]ᵀ ⊗ [−1 0 1]</c> (difference along x, smoothing along y) and
    /// <c>dy = [−1 0 1]ᵀ ⊗ [1 2 1]</c>, as <c>scipy.ndimage.sobel(image, axis=1)</c> and <c>axis=0</c>, with no normalization.
    /// For a smooth image the result is 8 × ∂f/∂x (and 8 × ∂f/∂y) in pixel units: exact for a linear ramp inside the
    /// image. On the first and last column (row) the reflected difference is one-sided, so there a ramp gives 4 × slope.
    /// With a continuous coordinate u = 2x/(width − 1) − 1 over [−1, 1], ∂f/∂u = (width − 1)/2 · ∂f/∂x = (width − 1)/16 · dx.
    /// A positive dy means the image gets brighter downwards.
    /// </summary>
    /// <param name="image">width × height values, row-major from the top row.</param>
    /// <param name="width">Pixels per row, at least 1.</param>
    /// <param name="height">Rows, at least 1.</param>
    /// <returns>dx and dy, each width × height, in the layout of <paramref name="image"/>.</returns>
    public static (float[] Dx, float[] Dy) Sobel(ReadOnlySpan<float> image, int width, int height)
    {
        CheckImage(image, width, height);
        // Separable: along each row a difference and a [1 2 1] smoothing, then the other kernel down each column.
        var rowDifference = new float[image.Length];
        var rowSmooth = new float[image.Length];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<float> row = image.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                float left = row[Reflect(x - 1, width)], right = row[Reflect(x + 1, width)];
                rowDifference[y * width + x] = right - left;
                rowSmooth[y * width + x] = left + 2f * row[x] + right;
            }
        }
        var dx = new float[image.Length];
        var dy = new float[image.Length];
        for (int y = 0; y < height; y++)
        {
            int up = Reflect(y - 1, height) * width, here = y * width, down = Reflect(y + 1, height) * width;
            for (int x = 0; x < width; x++)
            {
                dx[here + x] = rowDifference[up + x] + 2f * rowDifference[here + x] + rowDifference[down + x];
                dy[here + x] = rowSmooth[down + x] - rowSmooth[up + x];
            }
        }
        return (dx, dy);
    }

    /// <summary>
    /// The 5-point Laplacian <c>f(x−1, y) + f(x+1, y) + f(x, y−1) + f(x, y+1) − 4 f(x, y)</c>, as
    /// <c>scipy.ndimage.laplace</c>: ∂²f/∂x² + ∂²f/∂y² in pixel units, exact for a quadratic inside the image
    /// (a x² + b y² gives 2a + 2b). With u = 2x/(width − 1) − 1 the x part of ∂²f/∂u² is ((width − 1)/2)² × its pixel value.
    /// </summary>
    /// <param name="image">width × height values, row-major from the top row.</param>
    /// <param name="width">Pixels per row, at least 1.</param>
    /// <param name="height">Rows, at least 1.</param>
    /// <returns>width × height values in the layout of <paramref name="image"/>.</returns>
    public static float[] Laplacian(ReadOnlySpan<float> image, int width, int height)
    {
        CheckImage(image, width, height);
        var laplacian = new float[image.Length];
        for (int y = 0; y < height; y++)
        {
            int up = Reflect(y - 1, height) * width, here = y * width, down = Reflect(y + 1, height) * width;
            for (int x = 0; x < width; x++)
            {
                float centre = image[here + x];
                // Summed as scipy does: the second difference along axis 0 (rows), then along axis 1 (columns).
                float alongY = image[up + x] - 2f * centre + image[down + x];
                float alongX = image[here + Reflect(x - 1, width)] - 2f * centre + image[here + Reflect(x + 1, width)];
                laplacian[here + x] = alongY + alongX;
            }
        }
        return laplacian;
    }

    /// <summary>scipy's 'reflect' for an index at most one outside [0, n): −1 → 0, n → n − 1.</summary>
    private static int Reflect(int i, int n) => i < 0 ? -i - 1 : i >= n ? 2 * n - i - 1 : i;

    private static void CheckImage(ReadOnlySpan<float> image, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (image.Length != (long)width * height)
            throw new ArgumentException($"a {width} × {height} image has {(long)width * height:N0} values, but {image.Length:N0} were given", nameof(image));
        int bad = image.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw new ArgumentException($"value {bad:N0} (pixel {bad % width}, {bad / width}) is {image[bad]}; the image must be finite", nameof(image));
    }
}
