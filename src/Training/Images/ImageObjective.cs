using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Images;

/// <summary>The loss of one step of an image fit, term by term.</summary>
/// <param name="Total">The sum that is minimized.</param>
/// <param name="Values">Mean squared error of the values over their mean square (0 unless supervised).</param>
/// <param name="Gradients">Mean squared error of the gradients over their mean square (0 unless supervised), the network's
/// taken with the targets' Sobel stencil (<see cref="SobelTiles"/>); plus that of the image the error implies on a coarse
/// lattice (<see cref="LatticeImpliedImageLoss"/>) where the image holds one.</param>
/// <param name="Laplacian">Mean squared error of the Laplacian over its mean square (0 unless supervised); with a whole-image
/// batch, with mirrored borders and plus that of the image the error implies (<see cref="WholeImageLaplacianLoss"/>).</param>
/// <param name="Psnr">
/// PSNR in dB of the fit against the source's values: of this step's batch when values are supervised, else of the whole
/// image at the last measurement, means aligned (a derivative-only fit has no constant of its own); NaN before the first.
/// </param>
/// <param name="Ssim">SSIM of the whole image at the last measurement (every few seconds, means aligned likewise); NaN before the first.</param>
public readonly record struct ImageLossTerms(double Total, double Values, double Gradients, double Laplacian, double Psnr, double Ssim) : ILossTerms;

/// <summary>
/// An image's loss: a batch of pixels per step (all of them when the batch is as large as the image), and the mean
/// squared error of whatever <see cref="ImageTargets"/> supervises, each term relative to its target's mean square so that
/// values, gradients and the Laplacian weigh alike whatever their units. Values and the Laplacian are taken at random pixel
/// centers; a fit with gradients draws its pixels in tiles, so that the network's gradient is taken with the targets' stencil.
/// </summary>
internal sealed class ImageObjective : IFieldObjective<ImageLossTerms>, IDisposable
{
    /// <summary>How often the whole image is evaluated for its SSIM (and a derivative-only fit's PSNR): a few percent of the time.</summary>
    private static readonly TimeSpan MeasureInterval = TimeSpan.FromSeconds(10);

    /// <summary>The side of the tiles a gradient fit draws its pixels in: 16² pixels cost 18² evaluations.</summary>
    private const int TileSide = 16;

    private readonly ImageTargets _targets;
    private readonly float[] _reference;
    private readonly float[] _outputScale, _outputOffset;
    private readonly int _batch;
    private readonly Random _random;
    private readonly Tensor _coordinates;
    private readonly Tensor? _values, _valueWeights, _gradients, _laplacian;
    // Scalars rather than numbers, for TorchSharp's sake (see Scalars).
    private static readonly Scalar MinimumWeight = 1e-6.ToScalar();
    private readonly Scalar? _valuesMeanSquare, _gradientsMeanSquare, _laplacianMeanSquare;
    private readonly WholeImageLaplacianLoss? _wholeImageLaplacian;
    private readonly SobelTiles? _tiles;
    private readonly int _tileSide, _tileCount;
    private readonly TileBatch? _wholeImageTile; // the one tile of every step when the batch covers the image
    private readonly LatticeImpliedImageLoss? _lattice;
    private readonly Stopwatch _sinceMeasured = new();
    private double _psnr = double.NaN, _ssim = double.NaN;

    /// <param name="targets">What is supervised.</param>
    /// <param name="reference">The source's values (pixel-major, then channel) for the PSNR.</param>
    /// <param name="outputScale">Raw-to-value scale per channel.</param>
    /// <param name="outputOffset">Raw-to-value offset per channel (a derivative-only fit's own constant is aligned instead).</param>
    /// <param name="batch">Pixels per step.</param>
    /// <param name="seed">Seed of the pixel draws.</param>
    /// <param name="device">Where the targets live.</param>
    public ImageObjective(ImageTargets targets, float[] reference, float[] outputScale, float[] outputOffset, int batch, long seed, Device device)
    {
        _targets = targets;
        _reference = reference;
        _outputScale = outputScale;
        _outputOffset = outputOffset;
        _batch = Math.Min(batch, targets.PixelCount);
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        int p = targets.PixelCount, c = targets.Channels;
        _coordinates = tensor(targets.Coordinates(), [p, 2]).to(device).DetachFromDisposeScope();
        if (targets.Values is { } v) (_values, _valuesMeanSquare) = (tensor(v, [p, c]).to(device).DetachFromDisposeScope(), MeanSquare(v).ToScalar());
        if (targets.ValueWeights is { } w) _valueWeights = tensor(w, [p, 1]).to(device).DetachFromDisposeScope();
        if (targets.Gradients is { } g)
        {
            (_gradients, _gradientsMeanSquare) = (tensor(g, [p, c, 2]).to(device).DetachFromDisposeScope(), MeanSquare(g).ToScalar());
            _tiles = new SobelTiles(targets.Width, targets.Height);
            _tileSide = Math.Min(TileSide, Math.Min(targets.Width, targets.Height));
            _tileCount = Math.Max(1, _batch / (_tileSide * _tileSide));
            if (_tileCount * _tileSide * _tileSide >= p) _wholeImageTile = _tiles.At([(0, 0)], targets.Width, targets.Height);
            int? stride = LatticeStride(targets.Width, targets.Height, _batch);
            if (stride is { } s) _lattice = new LatticeImpliedImageLoss(targets, s, device);
        }
        if (targets.Laplacian is { } l) (_laplacian, _laplacianMeanSquare) = (tensor(l, [p, c]).to(device).DetachFromDisposeScope(), MeanSquare(l).ToScalar());
        if (_laplacian is not null && _batch == p) _wholeImageLaplacian = new WholeImageLaplacianLoss(targets, _laplacian, device);
    }

    /// <summary>Whether the values are supervised (then the PSNR comes from each batch; otherwise from a periodic full evaluation).</summary>
    private bool SupervisesValues => _values is not null;

    public (Tensor Total, ImageLossTerms Terms) Loss(FieldModule network, Device device)
    {
        var terms = new List<Tensor>();
        (double values, double gradients, double laplacian) = _tiles is not null ? TileLoss(network, device, terms) : PixelLoss(network, device, terms);
        if (!_sinceMeasured.IsRunning || _sinceMeasured.Elapsed >= MeasureInterval)
        {
            float[] fit = Evaluate(network);
            if (!SupervisesValues) fit = ImageMetrics.AlignMean(fit, _reference, _targets.Channels);
            if (!SupervisesValues) _psnr = ImageMetrics.Psnr(fit, _reference);
            if (_targets.Width >= ImageMetrics.SsimWindow && _targets.Height >= ImageMetrics.SsimWindow)
                _ssim = ImageMetrics.Ssim(fit, _reference, _targets.Width, _targets.Height, _targets.Channels);
            _sinceMeasured.Restart();
        }
        Tensor total = stack(terms).sum();
        return (total, new ImageLossTerms(total.item<float>(), values, gradients, laplacian, _psnr, _ssim));
    }

    /// <summary>Values and the Laplacian at a batch of pixel centers (or all of them).</summary>
    private (double Values, double Gradients, double Laplacian) PixelLoss(FieldModule network, Device device, List<Tensor> terms)
    {
        Tensor? index = _batch < _targets.PixelCount ? DrawPixels(device) : null;
        Tensor Pick(Tensor all) => index is null ? all : all.index_select(0, index);
        Tensor x = Pick(_coordinates);
        double valuesTerm = 0, laplacianTerm = 0;
        if (_laplacian is not null)
        {
            // Carried forward, the Laplacian costs one backward pass instead of autograd's double one: 80 ms a step of 8,192
            // pixels against 139 on 2 cores.
            FieldDerivatives d = network.ForwardWithDerivatives(x);
            Tensor predicted = _wholeImageLaplacian?.WithMirroredBorders(network, d.Values, d.Laplacian) ?? d.Laplacian;
            Tensor residual = predicted - Pick(_laplacian);
            Tensor term = residual.Squared().mean() / _laplacianMeanSquare!;
            if (_wholeImageLaplacian is not null) term = term.Plus(_wholeImageLaplacian.ImpliedImageError(residual));
            terms.Add(term);
            laplacianTerm = term.item<float>();
        }
        if (_values is not null)
        {
            valuesTerm = ValuesTerm(network.forward(x), Pick(_values), _valueWeights is null ? null : Pick(_valueWeights), terms);
        }
        return (valuesTerm, 0, laplacianTerm);
    }

    /// <summary>
    /// Gradients (and values, when supervised) on tiles of pixels, the network's gradient taken with the targets' own
    /// stencil (<see cref="SobelTiles"/>), plus the image the gradient residual implies on a coarse lattice
    /// (<see cref="LatticeImpliedImageLoss"/>).
    /// </summary>
    private (double Values, double Gradients, double Laplacian) TileLoss(FieldModule network, Device device, List<Tensor> terms)
    {
        TileBatch tiles = _wholeImageTile ?? _tiles!.Draw(_random, _tileCount, _tileSide);
        TileBatch? lattice = _lattice is null ? null : _tiles!.At(_lattice.Draw(_random), 1, 1);
        long[] apron = lattice is null ? tiles.Apron : [.. tiles.Apron, .. lattice.Apron];
        Tensor f = network.forward(_coordinates.index_select(0, tensor(apron).to(device)));
        Tensor tileValues = f.narrow(0, 0, tiles.Apron.Length);

        Tensor pixels = tensor(tiles.Pixels).to(device);
        Tensor inside = tensor(tiles.Inside, [tiles.Inside.Length, 1]).to(device);
        Tensor residual = _tiles!.Gradient(tiles, tileValues) - _gradients!.index_select(0, pixels);
        Tensor gradientTerm = (residual.Squared() * inside.unsqueeze(2)).mean() / inside.mean().clamp_min(MinimumWeight) / _gradientsMeanSquare!;
        if (lattice is not null)
        {
            Tensor latticeGradients = _tiles.Gradient(lattice, f.narrow(0, tiles.Apron.Length, lattice.Apron.Length));
            gradientTerm = gradientTerm.Plus(_lattice!.ImpliedImageError(latticeGradients, _gradients.index_select(0, tensor(lattice.Pixels).to(device))));
        }
        terms.Add(gradientTerm);

        double valuesTerm = 0;
        if (_values is not null)
        {
            long c = _targets.Channels;
            Tensor centers = tileValues.reshape(tiles.Count, tiles.TileHeight + 2, tiles.TileWidth + 2, c)
                .narrow(1, 1, tiles.TileHeight).narrow(2, 1, tiles.TileWidth).reshape(-1, c);
            Tensor weights = _valueWeights is null ? inside : inside * _valueWeights.index_select(0, pixels);
            valuesTerm = ValuesTerm(centers, _values.index_select(0, pixels), weights, terms);
        }
        return (valuesTerm, gradientTerm.item<float>(), 0);
    }

    /// <summary>
    /// The squared value error as a mean over the pixels weighted 1 (masked pixels when blending, and tile pixels off the
    /// image, weigh 0; null weighs every pixel); updates the batch PSNR.
    /// </summary>
    private double ValuesTerm(Tensor predicted, Tensor target, Tensor? weights, List<Tensor> terms)
    {
        Tensor error = (predicted - target).Squared();
        if (weights is not null) error = error * weights / weights.mean().clamp_min(MinimumWeight);
        Tensor term = error.mean() / _valuesMeanSquare!;
        terms.Add(term);
        _psnr = Psnr(error.mean([0L]).data<float>().ToArray());
        return term.item<float>();
    }

    /// <summary>The network's values (raw × scale + offset) at every pixel.</summary>
    public float[] Evaluate(FieldModule network)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        float[] raw = network.forward(_coordinates).cpu().data<float>().ToArray();
        int c = _targets.Channels;
        for (int i = 0; i < raw.Length; i++) raw[i] = raw[i] * _outputScale[i % c] + _outputOffset[i % c];
        return raw;
    }

    public void Dispose()
    {
        _coordinates.Dispose();
        _values?.Dispose();
        _valueWeights?.Dispose();
        _gradients?.Dispose();
        _laplacian?.Dispose();
        _wholeImageLaplacian?.Dispose();
        _lattice?.Dispose();
    }

    private Tensor DrawPixels(Device device)
    {
        long[] index = new long[_batch];
        for (int i = 0; i < index.Length; i++) index[i] = _random.Next(_targets.PixelCount);
        return tensor(index).to(device);
    }

    /// <summary>PSNR (peak 1) from each channel's mean squared raw error, scaled to value units.</summary>
    private double Psnr(float[] channelRawMse)
    {
        double mse = 0;
        for (int m = 0; m < channelRawMse.Length; m++) mse += channelRawMse[m] * _outputScale[m] * _outputScale[m];
        mse /= channelRawMse.Length;
        return 10 * Math.Log10(1 / mse);
    }

    /// <summary>
    /// The stride of the lattice a gradient fit integrates its residual over: every 8th pixel (on the cameraman the
    /// strides 4, 8 and 16 gave 25.4, 29.4 and 28.4 dB in 2 minutes, bench/RESULTS.md), coarser while the lattice would
    /// have more than an eighth of a step's pixels; null for an image too small for one.
    /// </summary>
    private static int? LatticeStride(int width, int height, int batch)
    {
        int stride = 8;
        while (LatticeImpliedImageLoss.Fits(width, height, stride) && (width / stride) * (height / stride) > Math.Max(batch / 8, 16)) stride *= 2;
        return LatticeImpliedImageLoss.Fits(width, height, stride) ? stride : null;
    }

    private static double MeanSquare(float[] values)
    {
        double sum = 0;
        foreach (float v in values) sum += v * (double)v;
        return Math.Max(sum / values.Length, 1e-12);
    }
}
