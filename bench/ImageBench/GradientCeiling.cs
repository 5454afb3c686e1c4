using System.Numerics;
using NeuralSdf.Training.Images;

namespace NeuralSdf.Bench;

/// <summary>
/// How close a fit from Sobel gradients can come to the image when the network is held through its own derivative at the
/// pixel centers: the band-limited image (the image mirrored to twice its size, so periodic) whose derivative at each pixel
/// center best matches the targets in the least-squares sense, frequency by frequency, measured against the image with the
/// means aligned. The network's derivative at frequency ω is iω; the Sobel target's is i·sin ω·(1 + cos ω')/2 (a central
/// difference smoothed [1 2 1]/4 across), so the best image is the source times
/// (ωx sin ωx (1 + cos ωy)/2 + ωy sin ωy (1 + cos ωx)/2) / |ω|².
/// </summary>
internal static class GradientCeiling
{
    public static void Run(string path)
    {
        SourceImage image = ImageReader.Read(path);
        float[] plane = image.GetChannel(0);
        Console.WriteLine();
        Console.WriteLine($"## Gradient ceiling: {Path.GetFileName(path)} ({image.Width}×{image.Height}, first channel)");
        Complex[,] spectrum = Transform(Mirrored(plane, image.Width, image.Height), inverse: false);
        foreach ((string name, bool smoothed) in new[] { ("Sobel (the targets)", true), ("central differences", false) })
        {
            Complex[,] filtered = Filter(spectrum, smoothed);
            float[] best = Crop(Transform(filtered, inverse: true), image.Width, image.Height);
            double psnr = ImageMetrics.Psnr(ImageMetrics.AlignMean(best, plane), plane);
            Console.WriteLine($"- {name}: the band-limited image whose pixel-center derivatives best match them is {psnr:F2} dB from the image");
        }
    }

    private static Complex[,] Mirrored(float[] plane, int width, int height)
    {
        var mirrored = new Complex[2 * height, 2 * width];
        for (int y = 0; y < 2 * height; y++)
        for (int x = 0; x < 2 * width; x++)
        {
            int sx = x < width ? x : 2 * width - 1 - x, sy = y < height ? y : 2 * height - 1 - y;
            mirrored[y, x] = plane[sy * width + sx];
        }
        return mirrored;
    }

    private static Complex[,] Filter(Complex[,] spectrum, bool smoothed)
    {
        int rows = spectrum.GetLength(0), columns = spectrum.GetLength(1);
        var filtered = new Complex[rows, columns];
        for (int ky = 0; ky < rows; ky++)
        for (int kx = 0; kx < columns; kx++)
        {
            double wx = Frequency(kx, columns), wy = Frequency(ky, rows);
            double smoothX = smoothed ? (1 + Math.Cos(wx)) / 2 : 1, smoothY = smoothed ? (1 + Math.Cos(wy)) / 2 : 1;
            double norm = wx * wx + wy * wy;
            double gain = norm == 0 ? 0 : (wx * Math.Sin(wx) * smoothY + wy * Math.Sin(wy) * smoothX) / norm;
            filtered[ky, kx] = spectrum[ky, kx] * gain;
        }
        return filtered;
    }

    private static double Frequency(int k, int n) => 2 * Math.PI * (k <= n / 2 ? k : k - n) / n;

    private static float[] Crop(Complex[,] values, int width, int height)
    {
        var plane = new float[width * height];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++) plane[y * width + x] = (float)values[y, x].Real;
        return plane;
    }

    /// <summary>The 2-D DFT (the inverse divides by the size), one axis after the other; O(n³), a second for 512².</summary>
    private static Complex[,] Transform(Complex[,] values, bool inverse)
    {
        Complex[,] rows = TransformRows(values, inverse);
        return Transposed(TransformRows(Transposed(rows), inverse));
    }

    private static Complex[,] TransformRows(Complex[,] values, bool inverse)
    {
        int rows = values.GetLength(0), n = values.GetLength(1);
        var twiddle = new Complex[n];
        for (int k = 0; k < n; k++) twiddle[k] = Complex.FromPolarCoordinates(inverse ? 1.0 / n : 1, (inverse ? 2 : -2) * Math.PI * k / n);
        var result = new Complex[rows, n];
        Parallel.For(0, rows, r =>
        {
            for (int k = 0; k < n; k++)
            {
                Complex sum = 0;
                for (int j = 0; j < n; j++) sum += values[r, j] * twiddle[(int)((long)k * j % n)];
                result[r, k] = sum;
            }
        });
        return result;
    }

    private static Complex[,] Transposed(Complex[,] values)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var t = new Complex[columns, rows];
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < columns; c++) t[c, r] = values[r, c];
        return t;
    }
}
