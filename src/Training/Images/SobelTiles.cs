using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Images;

/// <summary>
/// Pixels drawn as rectangular tiles with a one-pixel apron, so that the network's gradient can be taken with the stencil
/// the targets were taken with (<see cref="ImageDerivatives.Sobel"/>) from its values alone: (T + 2)² evaluations for T²
/// pixels. Apron pixels outside the image repeat the edge pixel, as the targets' mirrored borders do.
/// </summary>
/// <remarks>
/// The network's own derivative at a pixel center is not what the Sobel stencil measures: the stencil smooths across
/// rows and differences across two pixels, so near the sampling limit it reads a fraction of the slope. A network held to
/// the targets through its derivative reconstructs the cameraman at best at 31.9 dB (the band-limited interpolant whose
/// pixel-center gradients best match them); held through the same stencil, only the constant and the Nyquist lines are
/// left free (bench/RESULTS.md, Poisson).
/// </remarks>
internal sealed class SobelTiles
{
    private readonly int _width, _height;
    private readonly Scalar _two, _pixelToCoordinate; // held: see Scalars

    /// <param name="width">Image pixels per row.</param>
    /// <param name="height">Image rows.</param>
    public SobelTiles(int width, int height)
    {
        (_width, _height) = (width, height);
        // Sobel is 8 × the derivative per pixel.
        _pixelToCoordinate = (1 / (8 * ImageTargets.PixelStep(width, height))).ToScalar();
        _two = 2.0.ToScalar();
    }

    /// <summary>
    /// <paramref name="count"/> square tiles of side <paramref name="side"/> at random places, each overlapping the image
    /// (a tile may hang over its border, so that border pixels are drawn as often as any).
    /// </summary>
    public TileBatch Draw(Random random, int count, int side)
    {
        var origins = new (int X, int Y)[count];
        for (int i = 0; i < count; i++) origins[i] = (random.Next(-side + 1, _width), random.Next(-side + 1, _height));
        return At(origins, side, side);
    }

    /// <summary>Tiles of <paramref name="tileWidth"/> × <paramref name="tileHeight"/> pixels with their top-left pixels at <paramref name="origins"/>.</summary>
    public TileBatch At(IReadOnlyList<(int X, int Y)> origins, int tileWidth, int tileHeight)
    {
        int apronWidth = tileWidth + 2, apronHeight = tileHeight + 2;
        long[] apron = new long[origins.Count * apronWidth * apronHeight];
        long[] pixels = new long[origins.Count * tileWidth * tileHeight];
        float[] inside = new float[pixels.Length];
        int a = 0, p = 0;
        foreach ((int x0, int y0) in origins)
        {
            for (int y = y0 - 1; y <= y0 + tileHeight; y++)
            for (int x = x0 - 1; x <= x0 + tileWidth; x++)
                apron[a++] = Clamp(x, y);
            for (int y = y0; y < y0 + tileHeight; y++)
            for (int x = x0; x < x0 + tileWidth; x++)
            {
                inside[p] = x >= 0 && x < _width && y >= 0 && y < _height ? 1 : 0;
                pixels[p++] = Clamp(x, y);
            }
        }
        return new TileBatch(origins.Count, tileWidth, tileHeight, apron, pixels, inside);
    }

    /// <summary>
    /// The Sobel gradient of the raw values <paramref name="apronValues"/> [apron pixels, C] of <paramref name="batch"/>
    /// at its pixels, in raw units per normalized coordinate as <see cref="ImageTargets.Gradients"/>: [pixels, C, 2].
    /// </summary>
    public Tensor Gradient(TileBatch batch, Tensor apronValues)
    {
        long c = apronValues.size(1);
        Tensor v = apronValues.reshape(batch.Count, batch.TileHeight + 2, batch.TileWidth + 2, c);
        Tensor Columns(Tensor t, long start) => t.narrow(2, start, batch.TileWidth);
        // dx: a difference along x smoothed [1 2 1] along y; dy: the transpose.
        Tensor differenceX = Columns(v, 2) - Columns(v, 0);
        Tensor dx = differenceX.narrow(1, 0, batch.TileHeight).Plus(differenceX.narrow(1, 1, batch.TileHeight) * _two)
            .Plus(differenceX.narrow(1, 2, batch.TileHeight));
        Tensor smoothX = Columns(v, 0).Plus(Columns(v, 1) * _two).Plus(Columns(v, 2));
        Tensor dy = smoothX.narrow(1, 2, batch.TileHeight) - smoothX.narrow(1, 0, batch.TileHeight);
        return stack([dx, dy], dim: -1).reshape(-1, c, 2) * _pixelToCoordinate;
    }

    private long Clamp(int x, int y) => (long)Math.Clamp(y, 0, _height - 1) * _width + Math.Clamp(x, 0, _width - 1);
}

/// <summary>A draw of <see cref="SobelTiles"/>: tiles of pixels and their aprons, as image pixel indices.</summary>
/// <param name="Count">The number of tiles.</param>
/// <param name="TileWidth">Pixels per tile row.</param>
/// <param name="TileHeight">Rows per tile.</param>
/// <param name="Apron">Each tile's (W + 2) × (H + 2) pixels, row by row, edge pixels repeated outside the image.</param>
/// <param name="Pixels">Each tile's W × H pixels, row by row (clamped into the image where the tile hangs over it).</param>
/// <param name="Inside">Per pixel of <paramref name="Pixels"/>, 1 where it lies in the image, else 0.</param>
internal sealed record TileBatch(int Count, int TileWidth, int TileHeight, long[] Apron, long[] Pixels, float[] Inside);
