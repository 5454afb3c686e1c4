using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Images;

/// <summary>The loss of one step of an image fit, term by term.</summary>
/// <param name="Total">The sum that is minimized.</param>
/// <param name="Values">Mean squared error of the values over their mean square (0 unless supervised).</param>
/// <param name="Gradients">Mean squared error of the gradients over their mean square (0 unless supervised).</param>
/// <param name="Laplacian">Mean squared error of the Laplacian over its mean square (0 unless supervised); with a whole-image
/// batch, with mirrored borders and plus that of the image the error implies (<see cref="WholeImageLaplacianLoss"/>).</param>
/// <param name="Psnr">
/// PSNR in dB of the fit against the source's values: of this step's batch when values are supervised, else of the whole
/// image at the last measurement, means aligned (a derivative-only fit has no constant of its own); NaN before the first.
/// </param>
/// <param name="Ssim">SSIM of the whole image at the last measurement (every few seconds, means aligned likewise); NaN before the first.</param>
public readonly record struct ImageLossTerms(double Total, double Values, double Gradients, double Laplacian, double Psnr, double Ssim) : ILossTerms;

/// <summary>
/// An image's loss: a batch of pixel centers per step (all of them when the batch is as large as the image), and the mean
/// squared error of whatever <see cref="ImageTargets"/> supervises, each term relative to its target's mean square so that
/// values, gradients and the Laplacian weigh alike whatever their units.
/// </summary>
internal sealed class ImageObjective : IFieldObjective<ImageLossTerms>, IDisposable
{
    /// <summary>How often the whole image is evaluated for its SSIM (and a derivative-only fit's PSNR): a few percent of the time.</summary>
    private static readonly TimeSpan MeasureInterval = TimeSpan.FromSeconds(10);

    private readonly ImageTargets _targets;
    private readonly float[] _reference;
    private readonly float[] _outputScale, _outputOffset;
    private readonly int _batch;
    private readonly Random _random;
    private readonly Tensor _coordinates;
    private readonly Tensor? _values, _valueWeights, _gradients, _gradientWeights, _laplacian;
    // Scalars rather than numbers, for TorchSharp's sake (see Scalars).
    private static readonly Scalar MinimumWeight = 1e-6.ToScalar();
    private readonly Scalar? _valuesMeanSquare, _gradientsMeanSquare, _laplacianMeanSquare;
    private readonly WholeImageLaplacianLoss? _wholeImageLaplacian;
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
            _gradientWeights = tensor(targets.GradientWeights(), [p, 1, 2]).to(device).DetachFromDisposeScope();
        }
        if (targets.Laplacian is { } l) (_laplacian, _laplacianMeanSquare) = (tensor(l, [p, c]).to(device).DetachFromDisposeScope(), MeanSquare(l).ToScalar());
        if (_laplacian is not null && _batch == p) _wholeImageLaplacian = new WholeImageLaplacianLoss(targets, _laplacian, device);
    }

    /// <summary>Whether the values are supervised (then the PSNR comes from each batch; otherwise from a periodic full evaluation).</summary>
    private bool SupervisesValues => _values is not null;

    public (Tensor Total, ImageLossTerms Terms) Loss(SirenModule network, Device device)
    {
        Tensor? index = _batch < _targets.PixelCount ? DrawPixels(device) : null;
        Tensor Pick(Tensor all) => index is null ? all : all.index_select(0, index);
        Tensor x = Pick(_coordinates);
        Tensor f;
        Tensor? jacobian = null, laplacian = null;
        if (_laplacian is not null)
        {
            // Carried forward, the Laplacian costs one backward pass instead of autograd's double one: 80 ms a step of 8,192
            // pixels against 139 on 2 cores. For gradients alone autograd is faster (42 ms against 56).
            SirenDerivatives d = network.ForwardWithDerivatives(x);
            (f, jacobian, laplacian) = (d.Values, d.Jacobian, d.Laplacian);
        }
        else if (_gradients is not null)
        {
            x = x.detach().requires_grad_(true);
            f = network.forward(x);
            var channelGradients = new Tensor[_targets.Channels];
            for (int m = 0; m < channelGradients.Length; m++)
                channelGradients[m] = autograd.grad([f[.., m]], [x], [ones_like(f[.., m])], retain_graph: true, create_graph: true)[0];
            jacobian = stack(channelGradients, dim: 1);
        }
        else
        {
            f = network.forward(x);
        }

        var terms = new List<Tensor>();
        double valuesTerm = 0, gradientsTerm = 0, laplacianTerm = 0;
        if (_values is not null)
        {
            Tensor error = (f - Pick(_values)).Squared();
            // Masked values (blending) count only where supervised, as a mean over those pixels.
            if (_valueWeights is not null)
            {
                Tensor weights = Pick(_valueWeights);
                error = error * weights / weights.mean().clamp_min(MinimumWeight);
            }
            Tensor term = error.mean() / _valuesMeanSquare!;
            terms.Add(term);
            valuesTerm = term.item<float>();
            _psnr = Psnr(error.mean([0L]).data<float>().ToArray());
        }
        if (_gradients is not null)
        {
            Tensor weights = Pick(_gradientWeights!);
            Tensor term = ((jacobian! - Pick(_gradients)).Squared() * weights).mean() / weights.mean().clamp_min(MinimumWeight) / _gradientsMeanSquare!;
            terms.Add(term);
            gradientsTerm = term.item<float>();
        }
        if (_laplacian is not null)
        {
            Tensor predicted = _wholeImageLaplacian?.WithMirroredBorders(network, f, laplacian!) ?? laplacian!;
            Tensor residual = predicted - Pick(_laplacian);
            Tensor term = residual.Squared().mean() / _laplacianMeanSquare!;
            if (_wholeImageLaplacian is not null) term = term.Plus(_wholeImageLaplacian.ImpliedImageError(residual));
            terms.Add(term);
            laplacianTerm = term.item<float>();
        }
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
        return (total, new ImageLossTerms(total.item<float>(), valuesTerm, gradientsTerm, laplacianTerm, _psnr, _ssim));
    }

    /// <summary>The network's values (raw × scale + offset) at every pixel.</summary>
    public float[] Evaluate(SirenModule network)
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
        _gradientWeights?.Dispose();
        _laplacian?.Dispose();
        _wholeImageLaplacian?.Dispose();
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

    private static double MeanSquare(float[] values)
    {
        double sum = 0;
        foreach (float v in values) sum += v * (double)v;
        return Math.Max(sum / values.Length, 1e-12);
    }
}
