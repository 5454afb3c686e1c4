using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Images;

/// <summary>
/// What a fit to an image's gradients adds to the squared residual of its tiles of pixels: the error of the image that the
/// residual implies on a coarse lattice of pixels drawn anew each step (every <see cref="Stride"/>-th pixel along each
/// axis from a random offset). A squared gradient residual weighs an error of spatial frequency k by k², so the smooth
/// shading that carries most of an image's PSNR moves slowest: after 2 minutes on the cameraman two thirds of the error's
/// energy is in features wider than 32 pixels, and 2 % with this term (bench/RESULTS.md, Poisson). The implied image
/// weighs every frequency the lattice holds alike.
/// </summary>
/// <remarks>
/// The implied image is the least-squares integral of the residual on the lattice: the residual's components averaged
/// onto the lattice's edges, their divergence, and the inverse of the lattice's mirrored 5-point Laplacian
/// (<see cref="InversePoissonOperator"/>). It sees the image only through its gradients. Sampled on a lattice, the
/// residual's fine detail aliases into coarse errors; weighed alike with the plain residual that noise costs more than the
/// term gains (<see cref="Weight"/>).
/// </remarks>
internal sealed class LatticeImpliedImageLoss : IDisposable
{
    private readonly int _latticeWidth, _latticeHeight, _channels;
    private readonly InversePoissonOperator _inverse;
    private readonly Scalar _latticeStep, _half, _targetMeanSquare, _weight; // held: see Scalars

    /// <summary>
    /// The term's weight beside the plain gradient residual (each relative to its target's mean square): on the cameraman
    /// 0.01, 0.03, 0.1 and 1 gave 29.1, 29.6, 29.4 and 25.1 dB in 2 minutes, the plain residual alone 25.6 (bench/RESULTS.md).
    /// </summary>
    public const double Weight = 0.05;

    /// <summary>Pixels between lattice points along each axis.</summary>
    public int Stride { get; }

    /// <param name="targets">The image's targets (their gradients).</param>
    /// <param name="stride">Pixels between lattice points.</param>
    /// <param name="device">Where the fit runs.</param>
    public LatticeImpliedImageLoss(ImageTargets targets, int stride, Device device)
    {
        ArgumentNullException.ThrowIfNull(targets.Gradients);
        if (!Fits(targets.Width, targets.Height, stride))
            throw new ArgumentOutOfRangeException(nameof(stride), $"a {targets.Width}×{targets.Height} image holds no lattice of stride {stride}");
        Stride = stride;
        _channels = targets.Channels;
        (_latticeWidth, _latticeHeight) = (targets.Width / stride, targets.Height / stride);
        _inverse = new InversePoissonOperator(_latticeWidth, _latticeHeight, 1, device);
        _latticeStep = (stride * ImageTargets.PixelStep(targets.Width, targets.Height)).ToScalar();
        _half = 0.5.ToScalar();
        _weight = Weight.ToScalar();
        using var scope = NewDisposeScope();
        var points = Points(0, 0);
        float[] atLattice = new float[points.Length * _channels * 2];
        for (int i = 0; i < points.Length; i++)
            Array.Copy(targets.Gradients, (points[i].Y * targets.Width + points[i].X) * _channels * 2, atLattice, i * _channels * 2, _channels * 2);
        Tensor image = ImpliedImage(tensor(atLattice, [points.Length, _channels, 2]).to(device));
        _targetMeanSquare = Math.Max(image.Squared().mean().item<float>(), 1e-12f).ToScalar();
    }

    /// <summary>Whether an image of these dimensions holds a lattice of this stride worth integrating over (4 points a side).</summary>
    public static bool Fits(int width, int height, int stride) => width / stride >= 4 && height / stride >= 4;

    /// <summary>The lattice's pixels from a random offset, row by row.</summary>
    public (int X, int Y)[] Draw(Random random) => Points(random.Next(Stride), random.Next(Stride));

    /// <summary>
    /// The mean square of the image that the residual of the network's gradients <paramref name="gradients"/> [L, C, 2]
    /// at the drawn lattice against the targets' there, <paramref name="targets"/>, implies, relative to the targets' own image.
    /// </summary>
    public Tensor ImpliedImageError(Tensor gradients, Tensor targets) =>
        ImpliedImage(gradients - targets).Squared().mean() / _targetMeanSquare * _weight;

    /// <summary>The zero-mean image [C, h, w] on the lattice whose differences best match gradients [L, C, 2] at its points.</summary>
    public Tensor ImpliedImage(Tensor gradients)
    {
        Tensor planes = gradients.reshape(_latticeHeight, _latticeWidth, _channels, 2).permute(2, 3, 0, 1) * _latticeStep;
        Tensor dx = planes[.., 0], dy = planes[.., 1];
        // Each component averaged onto the edges between lattice points, none across the border (a mirrored image's).
        Tensor edgesX = dx[.., .., 1..].Plus(dx[.., .., ..^1]) * _half;
        Tensor edgesY = dy[.., 1..].Plus(dy[.., ..^1]) * _half;
        Tensor divergence = Diff(nn.functional.pad(edgesX, [1, 1]), 2).Plus(Diff(nn.functional.pad(edgesY, [0, 0, 1, 1]), 1));
        return _inverse.Apply(divergence);
    }

    public void Dispose() => _inverse.Dispose();

    private (int X, int Y)[] Points(int offsetX, int offsetY)
    {
        var points = new (int X, int Y)[_latticeWidth * _latticeHeight];
        for (int j = 0; j < _latticeHeight; j++)
        for (int i = 0; i < _latticeWidth; i++)
            points[j * _latticeWidth + i] = (offsetX + Stride * i, offsetY + Stride * j);
        return points;
    }

    private static Tensor Diff(Tensor t, int dim) => t.narrow(dim, 1, t.size(dim) - 1) - t.narrow(dim, 0, t.size(dim) - 1);
}
