using NeuralSdf.Training.Images;

namespace NeuralSdf.Training.Tests.Images;

public sealed class ImageDerivativesTests
{
    private static float[] Grid(int width, int height, Func<int, int, double> f)
    {
        var image = new float[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                image[y * width + x] = (float)f(x, y);
        return image;
    }

    private static void AssertAt(float expected, float[] actual, int width, int x, int y, string what) =>
        Assert.True(expected == actual[y * width + x], $"{what} at ({x}, {y}): expected {expected}, got {actual[y * width + x]}");

    [Fact]
    public void SobelOfARampIsEightTimesTheSlopeInsideAndFourTimesOnTheBorder()
    {
        const int width = 9, height = 6;
        const float sx = 0.25f, sy = -0.75f;   // powers of two apart: every sum is exact
        float[] ramp = Grid(width, height, (x, y) => 3 + sx * x + sy * y);

        (float[] dx, float[] dy) = ImageDerivatives.Sobel(ramp, width, height);

        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // 'reflect' repeats the edge pixel, so across the border the difference spans one pixel, not two.
                AssertAt((x == 0 || x == width - 1 ? 4 : 8) * sx, dx, width, x, y, "dx");
                AssertAt((y == 0 || y == height - 1 ? 4 : 8) * sy, dy, width, x, y, "dy");
            }
        }
    }

    [Fact]
    public void SobelYIsPositiveWhenTheImageGetsBrighterDownwards()
    {
        float[] image = Grid(3, 3, (x, y) => y);
        (float[] dx, float[] dy) = ImageDerivatives.Sobel(image, 3, 3);
        Assert.Equal(8f, dy[4]);
        Assert.Equal(0f, dx[4]);
    }

    [Fact]
    public void LaplacianOfAQuadraticIsTwiceTheSumOfItsCoefficientsInside()
    {
        const int width = 8, height = 7;
        const double a = 0.5, b = -0.125;
        float[] quadratic = Grid(width, height, (x, y) => a * (x - 3) * (x - 3) + b * (y - 2) * (y - 2) + 0.25 * x - 1);

        float[] laplacian = ImageDerivatives.Laplacian(quadratic, width, height);

        for (int y = 1; y < height - 1; y++)
            for (int x = 1; x < width - 1; x++)
                AssertAt((float)(2 * a + 2 * b), laplacian, width, x, y, "Laplacian");
    }

    /// <summary>
    /// scipy.ndimage.sobel(f, axis=1), sobel(f, axis=0) and laplace(f) of this image (scipy 1.10, default mode).
    /// By hand, a corner: row differences with 'reflect' at (0, 0) are f(1, 0) − f(0, 0) = 1 in row 0 and 3 − 0 = 3
    /// in row 1; smoothing down the column, row −1 reflects to row 0: dx = 1 + 2·1 + 3 = 6.
    /// The Laplacian there: (f(0, 1) − f(0, 0)) + (f(1, 0) − f(0, 0)) = (0 − 1) + (2 − 1) = 0.
    /// </summary>
    [Fact]
    public void FourByFourMatchesScipyIncludingTheReflectedBorder()
    {
        float[] f = [1, 2, 4, 7, 0, 3, 5, 9, 2, 2, 6, 8, 1, 4, 3, 10];
        float[] dxScipy = [6, 14, 21, 13, 7, 17, 23, 13, 6, 15, 24, 15, 9, 10, 24, 23];
        float[] dyScipy = [-2, 2, 5, 7, 3, 3, 5, 5, 4, 1, -2, 1, -1, 0, -2, 3];
        float[] laplaceScipy = [0, 2, 2, -1, 6, -3, 2, -7, -3, 7, -6, 1, 4, -6, 11, -9];

        (float[] dx, float[] dy) = ImageDerivatives.Sobel(f, 4, 4);

        Assert.Equal(dxScipy, dx);
        Assert.Equal(dyScipy, dy);
        Assert.Equal(laplaceScipy, ImageDerivatives.Laplacian(f, 4, 4));
    }

    /// <summary>
    /// The SIREN code's targets for the same image scaled to [0, 1] (v = f / 16), as its dataio computes them:
    /// img = 10 (2v − 1) as a (1, H, W) array, gradx = sobel(img, axis=1), grady = sobel(img, axis=2), and
    /// laplace(10⁴ (2v − 1)); the values printed by scipy 1.10. They are 80 Dy, 80 Dx and 2·10⁴ times our Laplacian.
    /// </summary>
    [Fact]
    public void SirenPoissonTargetsAreFixedMultiplesOfOurs()
    {
        float[] v = [.. new float[] { 1, 2, 4, 7, 0, 3, 5, 9, 2, 2, 6, 8, 1, 4, 3, 10 }.Select(x => x / 16)];
        float[] sirenGradX = [-10, 10, 25, 35, 15, 15, 25, 25, 20, 5, -10, 5, -5, 0, -10, 15];
        float[] sirenGradY = [30, 70, 105, 65, 35, 85, 115, 65, 30, 75, 120, 75, 45, 50, 120, 115];
        float[] sirenLaplace = [0, 2500, 2500, -1250, 7500, -3750, 2500, -8750, -3750, 8750, -7500, 1250, 5000, -7500, 13750, -11250];

        (float[] dx, float[] dy) = ImageDerivatives.Sobel(v, 4, 4);
        float[] laplacian = ImageDerivatives.Laplacian(v, 4, 4);

        Assert.Equal(sirenGradX, dy.Select(d => 80 * d));
        Assert.Equal(sirenGradY, dx.Select(d => 80 * d));
        Assert.Equal(sirenLaplace, laplacian.Select(d => 2e4f * d));
    }

    /// <summary>The separable passes against the 3 × 3 kernels applied directly, on random data and awkward sizes.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 5)]
    [InlineData(6, 1)]
    [InlineData(2, 2)]
    [InlineData(13, 7)]
    public void SeparablePassesAgreeWithTheThreeByThreeKernels(int width, int height)
    {
        var random = new Random(1234 + width * 31 + height);
        float[] image = Grid(width, height, (_, _) => random.NextDouble() * 2 - 1);
        int[,] sobelX = { { -1, 0, 1 }, { -2, 0, 2 }, { -1, 0, 1 } };   // [row offset + 1, column offset + 1]
        int[,] laplace = { { 0, 1, 0 }, { 1, -4, 1 }, { 0, 1, 0 } };
        static int Mirror(int i, int n) => i < 0 ? -i - 1 : i >= n ? 2 * n - i - 1 : i;
        double Apply(int[,] kernel, int x, int y, bool transpose)
        {
            double sum = 0;
            for (int j = -1; j <= 1; j++)
                for (int i = -1; i <= 1; i++)
                    sum += (transpose ? kernel[i + 1, j + 1] : kernel[j + 1, i + 1]) * image[Mirror(y + j, height) * width + Mirror(x + i, width)];
            return sum;
        }

        (float[] dx, float[] dy) = ImageDerivatives.Sobel(image, width, height);
        float[] laplacian = ImageDerivatives.Laplacian(image, width, height);

        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                Assert.True(Math.Abs(dx[i] - Apply(sobelX, x, y, false)) < 1e-5, $"dx at ({x}, {y}): {dx[i]} against {Apply(sobelX, x, y, false)}");
                Assert.True(Math.Abs(dy[i] - Apply(sobelX, x, y, true)) < 1e-5, $"dy at ({x}, {y}): {dy[i]} against {Apply(sobelX, x, y, true)}");
                Assert.True(Math.Abs(laplacian[i] - Apply(laplace, x, y, false)) < 1e-5, $"Laplacian at ({x}, {y}): {laplacian[i]} against {Apply(laplace, x, y, false)}");
            }
        }
    }

    [Fact]
    public void ASinglePixelHasNoGradientAndNoCurvature()
    {
        (float[] dx, float[] dy) = ImageDerivatives.Sobel([0.7f], 1, 1);
        Assert.Equal([0f], dx);
        Assert.Equal([0f], dy);
        Assert.Equal([0f], ImageDerivatives.Laplacian([0.7f], 1, 1));
    }

    [Fact]
    public void WrongLengthOrNonFiniteValuesAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageDerivatives.Sobel(new float[11], 4, 3));
        Assert.Contains("12", e.Message);
        e = Assert.Throws<ArgumentException>(() => ImageDerivatives.Laplacian([0, 1, float.NaN, 2], 2, 2));
        Assert.Contains("pixel 0, 1", e.Message);
        Assert.Throws<ArgumentException>(() => ImageDerivatives.Laplacian([0, float.PositiveInfinity], 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDerivatives.Sobel([], 0, 1));
    }
}
