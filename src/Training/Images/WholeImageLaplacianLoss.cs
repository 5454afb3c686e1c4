using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Images;

/// <summary>
/// What a fit to an image's Laplacian adds to the plain squared residual when every step sees the whole image. Two things
/// make it converge where the plain residual alone does not (bench/RESULTS.md, Poisson: 11.3 dB against 27.9 dB on the cameraman in 10 min):
/// <list type="bullet">
/// <item>The borders are taken as the target's were: <see cref="ImageDerivatives.Laplacian"/> mirrors the image, so a border
/// pixel's stencil has the pixel itself where its outside neighbour would be, and lacks the term f(outside) − f(pixel)
/// that the network's continuous Laplacian has. That term, from one network evaluation just outside each border pixel, is
/// taken off there. With it the data fix one image up to a constant; without it any harmonic function could be added at
/// no cost.</item>
/// <item>Beside the paper's squared residual, which weighs an error of spatial frequency k by k⁴, the residual passed
/// through the inverse Laplacian (<see cref="InversePoissonOperator"/>), which weighs every frequency alike: the low
/// frequencies that carry most of the PSNR move as fast as the edges.</item>
/// </list>
/// Both see the network only through its Laplacian and the two values at each border, and the image only through its
/// Laplacian.
/// </summary>
internal sealed class WholeImageLaplacianLoss : IDisposable
{
    private readonly int _width, _height, _channels;
    private readonly Tensor _outside, _owners;
    private readonly InversePoissonOperator _inverse;
    private readonly Scalar _impliedMeanSquare, _minusPixelLaplacianScale; // held: see Scalars

    /// <param name="targets">The image's targets (their Laplacian, raw units per normalized coordinate²).</param>
    /// <param name="target">The same Laplacian as a [P, C] tensor on <paramref name="device"/>.</param>
    /// <param name="device">Where the fit runs.</param>
    public WholeImageLaplacianLoss(ImageTargets targets, Tensor target, Device device)
    {
        (_width, _height, _channels) = (targets.Width, targets.Height, targets.Channels);
        // The coordinate Laplacian is the pixel one over the pixel step².
        double step = ImageTargets.PixelStep(_width, _height), pixelLaplacianScale = 1 / (step * step);
        _inverse = new InversePoissonOperator(_width, _height, pixelLaplacianScale, device);
        (float[] outside, long[] owners) = targets.BorderNeighbours();
        _outside = tensor(outside, [owners.Length, 2]).to(device).DetachFromDisposeScope();
        _owners = tensor(owners).to(device).DetachFromDisposeScope();
        _minusPixelLaplacianScale = (-pixelLaplacianScale).ToScalar();
        using var scope = NewDisposeScope();
        _impliedMeanSquare = Math.Max(_inverse.Apply(Planes(target)).Squared().mean().item<float>(), 1e-12f).ToScalar();
    }

    /// <summary>The network's Laplacian at every pixel [P, C] as the target's was taken: without the outside neighbour at the borders.</summary>
    /// <param name="network">The network being fitted (evaluated just outside the borders).</param>
    /// <param name="values">Its raw values at every pixel, [P, C].</param>
    /// <param name="laplacian">Its continuous Laplacian at every pixel, [P, C].</param>
    public Tensor WithMirroredBorders(FieldModule network, Tensor values, Tensor laplacian)
    {
        Tensor missing = network.forward(_outside) - values.index_select(0, _owners);
        return laplacian.index_add(0, _owners, missing, _minusPixelLaplacianScale);
    }

    /// <summary>The mean square of the image that a Laplacian residual [P, C] implies, relative to that of the target's image.</summary>
    public Tensor ImpliedImageError(Tensor residual) => _inverse.Apply(Planes(residual)).Squared().mean() / _impliedMeanSquare;

    public void Dispose()
    {
        _inverse.Dispose();
        _outside.Dispose();
        _owners.Dispose();
    }

    /// <summary>Pixel-major values [P, C] as channel planes [C, H, W].</summary>
    private Tensor Planes(Tensor values) => values.reshape(_height, _width, _channels).permute(2, 0, 1);
}
