namespace NeuralSdf.Training.Geometry;

/// <summary>
/// Eigenvalues and eigenvectors of a real symmetric 3×3 matrix by cyclic Jacobi rotations.
/// </summary>
/// <remarks>
/// Each rotation zeroes one off-diagonal entry; sweeps over the three entries repeat until the off-diagonal part
/// is below rounding next to the diagonal (convergence is quadratic: three to five sweeps in practice). Unlike the
/// closed form through the characteristic cubic, Jacobi keeps the small eigenvalues accurate relative to the
/// large ones, which is what a covariance normal (the smallest eigenvalue's vector) needs. Allocates nothing.
/// </remarks>
internal static class SymmetricEigenDecomposition
{
    /// <summary>Sweeps after which the rotations stop even if the off-diagonal part has not vanished (it always has by then).</summary>
    public const int MaximumSweeps = 50;

    /// <summary>
    /// Decomposes the symmetric matrix given row-major in <paramref name="matrix"/> (9 values; only the upper
    /// triangle is read). Writes the eigenvalues in ascending order to <paramref name="values"/> (3) and the
    /// matching unit eigenvectors, mutually orthogonal, to <paramref name="vectors"/> (9: vector i at 3i..3i+2).
    /// Returns the number of sweeps taken.
    /// </summary>
    public static int Decompose(ReadOnlySpan<double> matrix, Span<double> values, Span<double> vectors)
    {
        if (matrix.Length != 9) throw new ArgumentException($"The matrix holds {matrix.Length} values; expected 9 (3×3, row-major).", nameof(matrix));
        if (values.Length != 3) throw new ArgumentException($"The eigenvalue span holds {values.Length} values; expected 3.", nameof(values));
        if (vectors.Length != 9) throw new ArgumentException($"The eigenvector span holds {vectors.Length} values; expected 9.", nameof(vectors));

        Span<double> a = stackalloc double[9];
        Span<double> v = stackalloc double[9];
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                a[3 * r + c] = r <= c ? matrix[3 * r + c] : matrix[3 * c + r];
                v[3 * r + c] = r == c ? 1 : 0;
            }
        }

        int sweep = 0;
        while (sweep < MaximumSweeps && !IsDiagonal(a))
        {
            sweep++;
            Rotate(a, v, 0, 1);
            Rotate(a, v, 0, 2);
            Rotate(a, v, 1, 2);
        }

        // Sort ascending; the columns of v are the eigenvectors.
        Span<int> order = [0, 1, 2];
        if (a[4 * order[1]] < a[4 * order[0]]) (order[0], order[1]) = (order[1], order[0]);
        if (a[4 * order[2]] < a[4 * order[1]]) (order[1], order[2]) = (order[2], order[1]);
        if (a[4 * order[1]] < a[4 * order[0]]) (order[0], order[1]) = (order[1], order[0]);
        for (int i = 0; i < 3; i++)
        {
            int column = order[i];
            values[i] = a[4 * column];
            for (int r = 0; r < 3; r++) vectors[3 * i + r] = v[3 * r + column];
        }
        return sweep;
    }

    /// <summary>True when every off-diagonal entry is too small to change either diagonal entry it couples.</summary>
    private static bool IsDiagonal(ReadOnlySpan<double> a) =>
        IsNegligible(a[1], a[0], a[4]) && IsNegligible(a[2], a[0], a[8]) && IsNegligible(a[5], a[4], a[8]);

    private static bool IsNegligible(double offDiagonal, double diagonalP, double diagonalQ)
    {
        double g = 100 * Math.Abs(offDiagonal);
        return Math.Abs(diagonalP) + g == Math.Abs(diagonalP) && Math.Abs(diagonalQ) + g == Math.Abs(diagonalQ);
    }

    /// <summary>Applies the rotation in the (p, q) plane that zeroes a[p, q]: a ← Jᵀ a J, v ← v J.</summary>
    private static void Rotate(Span<double> a, Span<double> v, int p, int q)
    {
        double apq = a[3 * p + q];
        double app = a[4 * p], aqq = a[4 * q];
        if (IsNegligible(apq, app, aqq))
        {
            a[3 * p + q] = a[3 * q + p] = 0;
            return;
        }
        double theta = (aqq - app) / (2 * apq);
        // t = tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0; for huge θ, t ≈ 1/(2θ) without overflowing θ².
        double t = Math.Abs(theta) > 1e150 ? 0.5 / theta : Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;

        a[4 * p] = app - t * apq;
        a[4 * q] = aqq + t * apq;
        a[3 * p + q] = a[3 * q + p] = 0;
        int r = 3 - p - q;
        double arp = a[3 * r + p], arq = a[3 * r + q];
        a[3 * r + p] = a[3 * p + r] = c * arp - s * arq;
        a[3 * r + q] = a[3 * q + r] = s * arp + c * arq;
        for (int k = 0; k < 3; k++)
        {
            double vkp = v[3 * k + p], vkq = v[3 * k + q];
            v[3 * k + p] = c * vkp - s * vkq;
            v[3 * k + q] = s * vkp + c * vkq;
        }
    }
}
