using System.Numerics;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

/// <summary>The Jacobi eigen-solver against matrices with known eigensystems.</summary>
public sealed class SymmetricEigenDecompositionTests
{
    [Fact]
    public void DiagonalMatrixGivesSortedDiagonalAndAxes()
    {
        (double[] values, double[] vectors) = Decompose([3, 0, 0, 0, 1, 0, 0, 0, 2]);

        Assert.Equal([1.0, 2.0, 3.0], values);
        AssertParallel([0, 1, 0], vectors.AsSpan(0, 3), 1e-15);
        AssertParallel([0, 0, 1], vectors.AsSpan(3, 3), 1e-15);
        AssertParallel([1, 0, 0], vectors.AsSpan(6, 3), 1e-15);
    }

    [Theory]
    [InlineData(0.1, 2, 7, 1)]
    [InlineData(-4, 0.5, 9, 2)]
    [InlineData(1e-9, 1, 1e6, 3)] // a covariance of a nearly flat neighbourhood: its normal must survive
    [InlineData(0, 0, 5, 4)]      // a double zero, as for collinear points
    public void RotatedDiagonalMatrixGivesItsEigenvaluesAndAxesBack(double l0, double l1, double l2, int seed)
    {
        Matrix4x4 rotation = Matrix4x4.CreateFromQuaternion(Quaternion.Normalize(new Quaternion(0.3f * seed, -0.7f, 0.2f + seed, 0.9f)));
        double[][] axes = Orthonormalize([Row(rotation, 0), Row(rotation, 1), Row(rotation, 2)]);
        double[] lambda = [l0, l1, l2];
        var matrix = new double[9];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < 3; i++) matrix[3 * r + c] += lambda[i] * axes[i][r] * axes[i][c];

        (double[] values, double[] vectors) = Decompose(matrix);

        double scale = Math.Max(Math.Abs(l0), Math.Abs(l2));
        for (int i = 0; i < 3; i++)
            Assert.True(Math.Abs(values[i] - lambda[i]) <= 1e-13 * scale, $"eigenvalue {i}: {values[i]:R}, expected {lambda[i]:R}");
        AssertOrthonormal(vectors);
        // Axes of distinct eigenvalues are determined up to sign; a repeated pair only spans its plane.
        if (l1 - l0 > 1e-6 * scale) AssertParallel(axes[0], vectors.AsSpan(0, 3), 1e-12);
        AssertParallel(axes[2], vectors.AsSpan(6, 3), 1e-12);
    }

    [Fact]
    public void RandomSymmetricMatricesSatisfyTheEigenEquation()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 500; trial++)
        {
            var matrix = new double[9];
            for (int r = 0; r < 3; r++)
                for (int c = r; c < 3; c++) matrix[3 * r + c] = matrix[3 * c + r] = Math.Pow(10, 4 * random.NextDouble() - 2) * (random.NextDouble() - 0.5);

            (double[] values, double[] vectors) = Decompose(matrix, out int sweeps);

            double norm = Math.Sqrt(matrix.Sum(x => x * x));
            Assert.True(values[0] <= values[1] && values[1] <= values[2], $"trial {trial}: eigenvalues {string.Join(", ", values)} not ascending");
            Assert.True(sweeps <= 8, $"trial {trial}: {sweeps} sweeps");
            AssertOrthonormal(vectors);
            for (int i = 0; i < 3; i++)
            {
                for (int r = 0; r < 3; r++)
                {
                    double av = 0;
                    for (int c = 0; c < 3; c++) av += matrix[3 * r + c] * vectors[3 * i + c];
                    double residual = Math.Abs(av - values[i] * vectors[3 * i + r]);
                    Assert.True(residual <= 1e-13 * norm, $"trial {trial}: |(A v{i} − λ v{i})[{r}]| = {residual:E2} for |A| = {norm:E2}");
                }
            }
        }
    }

    [Fact]
    public void ZeroMatrixGivesZerosAndAnOrthonormalBasis()
    {
        (double[] values, double[] vectors) = Decompose(new double[9]);
        Assert.Equal([0.0, 0.0, 0.0], values);
        AssertOrthonormal(vectors);
    }

    [Fact]
    public void OnlyTheUpperTriangleIsRead()
    {
        (double[] values, _) = Decompose([2, 1, 0, 999, 2, 0, 999, 999, 5]);
        Assert.Equal(1, values[0], 14);
        Assert.Equal(3, values[1], 14);
        Assert.Equal(5, values[2], 14);
    }

    private static (double[] Values, double[] Vectors) Decompose(double[] matrix) => Decompose(matrix, out _);

    private static (double[] Values, double[] Vectors) Decompose(double[] matrix, out int sweeps)
    {
        var values = new double[3];
        var vectors = new double[9];
        sweeps = SymmetricEigenDecomposition.Decompose(matrix, values, vectors);
        return (values, vectors);
    }

    private static double[] Row(Matrix4x4 m, int row) => row switch
    {
        0 => [m.M11, m.M12, m.M13],
        1 => [m.M21, m.M22, m.M23],
        _ => [m.M31, m.M32, m.M33],
    };

    /// <summary>Gram–Schmidt in double, so that the test matrix has exactly the eigenvalues it was built from.</summary>
    private static double[][] Orthonormalize(double[][] rows)
    {
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double dot = rows[i].Zip(rows[j], (a, b) => a * b).Sum();
                for (int c = 0; c < 3; c++) rows[i][c] -= dot * rows[j][c];
            }
            double length = Math.Sqrt(rows[i].Sum(x => x * x));
            for (int c = 0; c < 3; c++) rows[i][c] /= length;
        }
        return rows;
    }

    private static void AssertParallel(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        double dot = 0, e = 0, a = 0;
        for (int i = 0; i < 3; i++)
        {
            dot += expected[i] * actual[i];
            e += expected[i] * expected[i];
            a += actual[i] * actual[i];
        }
        double cosine = Math.Abs(dot) / Math.Sqrt(e * a);
        Assert.True(1 - cosine <= tolerance,
            $"({actual[0]:R}, {actual[1]:R}, {actual[2]:R}) is not parallel to ({expected[0]:R}, {expected[1]:R}, {expected[2]:R}): |cos| = {cosine:R}");
    }

    private static void AssertOrthonormal(double[] vectors)
    {
        for (int i = 0; i < 3; i++)
        {
            for (int j = i; j < 3; j++)
            {
                double dot = 0;
                for (int c = 0; c < 3; c++) dot += vectors[3 * i + c] * vectors[3 * j + c];
                Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) <= 1e-14, $"v{i}·v{j} = {dot:R}");
            }
        }
    }
}
