using static TorchSharp.torch;

namespace NeuralSdf.Training.Images;

/// <summary>
/// The inverse of an image's 5-point Laplacian with mirrored borders (<see cref="ImageDerivatives.Laplacian"/>'s
/// <c>'reflect'</c> mode, a zero normal derivative half a pixel outside), applied to whole images on the tensor device.
/// The orthonormal DCT-II diagonalizes that Laplacian: along an axis of N pixels its k-th basis vector
/// cos(π k (n + ½) / N) has the eigenvalue 2 cos(π k / N) − 2, and an image's eigenvalue is the sum of its row's and
/// column's. The constant (k = 0 on both axes) has eigenvalue 0 and is dropped: the result has mean 0.
/// </summary>
/// <remarks>
/// A Laplacian fit's squared residual weighs an error of spatial frequency k by k⁴, so the low frequencies that carry most
/// of an image's PSNR barely move (bench/RESULTS.md, Poisson). The same residual passed through this operator weighs every
/// frequency alike: it is the error of the image the residual implies.
/// </remarks>
internal sealed class InversePoissonOperator : IDisposable
{
    private readonly Tensor _rows, _columns, _inverseEigenvalues;

    /// <param name="width">Pixels per row.</param>
    /// <param name="height">Rows.</param>
    /// <param name="pixelLaplacianScale">What the Laplacian to invert is in units of the pixel Laplacian (a coordinate step of 1/s pixels gives s²).</param>
    /// <param name="device">Where the operator's matrices live.</param>
    public InversePoissonOperator(int width, int height, double pixelLaplacianScale, Device device)
    {
        _rows = Dct(height).to(device).DetachFromDisposeScope();
        _columns = Dct(width).to(device).DetachFromDisposeScope();
        var inverse = new float[height * width];
        for (int ky = 0; ky < height; ky++)
        for (int kx = 0; kx < width; kx++)
        {
            double eigenvalue = (2 * Math.Cos(Math.PI * ky / height) - 2 + 2 * Math.Cos(Math.PI * kx / width) - 2) * pixelLaplacianScale;
            inverse[ky * width + kx] = ky == 0 && kx == 0 ? 0f : (float)(1 / eigenvalue);
        }
        _inverseEigenvalues = tensor(inverse, [height, width]).to(device).DetachFromDisposeScope();
    }

    /// <summary>The zero-mean images whose Laplacians are <paramref name="laplacians"/> (each [height, width], any leading dimensions).</summary>
    public Tensor Apply(Tensor laplacians)
    {
        Tensor spectrum = _rows.matmul(laplacians).matmul(_columns.t());
        return _rows.t().matmul(spectrum * _inverseEigenvalues).matmul(_columns);
    }

    public void Dispose()
    {
        _rows.Dispose();
        _columns.Dispose();
        _inverseEigenvalues.Dispose();
    }

    /// <summary>The orthonormal DCT-II as an N × N matrix: row k is √(c/N)·cos(π k (n + ½) / N), c = 1 for k = 0, else 2.</summary>
    private static Tensor Dct(int n)
    {
        var m = new float[n * n];
        for (int k = 0; k < n; k++)
        {
            double norm = Math.Sqrt((k == 0 ? 1.0 : 2.0) / n);
            for (int i = 0; i < n; i++) m[k * n + i] = (float)(norm * Math.Cos(Math.PI * k * (i + 0.5) / n));
        }
        return tensor(m, [n, n]);
    }
}
