using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Images;

/// <summary>
/// The loss of a fit to an image's Laplacian when every step sees the whole image. Two things make it converge where the
/// plain squared residual does not (bench/RESULTS.md, Poisson: 11 dB against 24 dB on the cameraman):
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
    private readonly Tensor _target, _outside, _owners;
    private readonly InversePoissonOperator _inverse;
    private readonly Scalar _targetMeanSquare, _impliedMeanSquare, _minusPixelLaplacianScale; // held: see Scalars

    /// <param name="targets">The image's targets (their Laplacian, raw units per normalized coordinate²).</param>
    /// <param name="target">The same Laplacian as a [P, C] tensor on <paramref name="device"/>.</param>
    /// <param name="device">Where the fit runs.</param>
    public WholeImageLaplacianLoss(ImageTargets targets, Tensor target, Device device)
    {
        (_width, _height, _channels) = (targets.Width, targets.Height, targets.Channels);
        _target = target;
        // A pixel step is 2 / max(W, H) normalized units: the coordinate Laplacian is the pixel one times half².
        float half = Math.Max(_width, _height) / 2f;
        _inverse = new InversePoissonOperator(_width, _height, half * half, device);
        (float[] outside, long[] owners) = targets.BorderNeighbours();
        _outside = tensor(outside, [owners.Length, 2]).to(device).DetachFromDisposeScope();
        _owners = tensor(owners).to(device).DetachFromDisposeScope();
        _minusPixelLaplacianScale = (-half * half).ToScalar();
        using var scope = NewDisposeScope();
        _targetMeanSquare = Math.Max(target.Squared().mean().item<float>(), 1e-12f).ToScalar();
        _impliedMeanSquare = Math.Max(_inverse.Apply(Planes(target)).Squared().mean().item<float>(), 1e-12f).ToScalar();
    }

    /// <summary>The loss, relative to the target's mean squares (1 for a field that is 0 everywhere, per term).</summary>
    /// <param name="network">The network being fitted (evaluated just outside the borders).</param>
    /// <param name="values">Its raw values at every pixel, [P, C].</param>
    /// <param name="laplacian">Its Laplacian at every pixel, [P, C].</param>
    public Tensor Loss(SirenModule network, Tensor values, Tensor laplacian)
    {
        Tensor missing = network.forward(_outside) - values.index_select(0, _owners);
        Tensor residual = laplacian.index_add(0, _owners, missing, _minusPixelLaplacianScale) - _target;
        Tensor plain = residual.Squared().mean() / _targetMeanSquare;
        return plain.Plus(_inverse.Apply(Planes(residual)).Squared().mean() / _impliedMeanSquare);
    }

    public void Dispose()
    {
        _inverse.Dispose();
        _outside.Dispose();
        _owners.Dispose();
    }

    /// <summary>Pixel-major values [P, C] as channel planes [C, H, W].</summary>
    private Tensor Planes(Tensor values) => values.reshape(_height, _width, _channels).permute(2, 0, 1);
}
