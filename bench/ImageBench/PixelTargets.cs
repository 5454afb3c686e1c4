using NeuralSdf.Training.Images;
using static TorchSharp.torch;

namespace NeuralSdf.Bench;

/// <summary>
/// An 8- or 16-bit image as the bench's own loop sees it, in the product's units (<see cref="ImageTargets"/>): every pixel
/// center in [−1, 1] along the longer side, values mapped from [0, 1] to the network's [−1, 1], derivatives to match.
/// </summary>
internal sealed class PixelTargets : IDisposable
{
    /// <summary>The fixed map of 8- and 16-bit images: value = 0.5 · raw + 0.5.</summary>
    public const float Scale = 0.5f, Offset = 0.5f;

    public PixelTargets(SourceImage image, ImageSupervision supervision)
    {
        if (image.IsHdr) throw new ArgumentException($"{image.SourcePath} is HDR; the bench fits 8- and 16-bit images");
        Image = image;
        float[] scale = Enumerable.Repeat(Scale, image.Channels).ToArray(), offset = Enumerable.Repeat(Offset, image.Channels).ToArray();
        Targets = ImageTargets.For(image, supervision, offset, scale);
        int p = Targets.PixelCount, c = image.Channels;
        Coordinates = tensor(Targets.Coordinates(), [p, 2]).DetachFromDisposeScope();
        if (Targets.Values is { } v) Values = tensor(v, [p, c]).DetachFromDisposeScope();
        if (Targets.Gradients is { } g) Gradients = tensor(g, [p, c, 2]).DetachFromDisposeScope();
        if (Targets.Laplacian is { } l) Laplacian = tensor(l, [p, c]).DetachFromDisposeScope();
    }

    public SourceImage Image { get; }

    public ImageTargets Targets { get; }

    public int PixelCount => Targets.PixelCount;

    public int Channels => Targets.Channels;

    /// <summary>Every pixel center, P × 2.</summary>
    public Tensor Coordinates { get; }

    /// <summary>Raw values, P × C, when supervised.</summary>
    public Tensor? Values { get; }

    /// <summary>Raw gradients, P × C × 2, when supervised.</summary>
    public Tensor? Gradients { get; }

    /// <summary>Raw Laplacian, P × C, when supervised.</summary>
    public Tensor? Laplacian { get; }

    /// <summary>Whether the fit has no constant of its own (the source's mean is taken instead).</summary>
    public bool AlignsMean => Values is null;

    /// <summary>
    /// The PSNR of <paramref name="network"/> over the whole image, as <see cref="ImageQuality"/> measures a field: values
    /// mapped to [0, 1], shifted to the source's mean when the fit has no constant, clamped to [0, 1].
    /// </summary>
    public double Psnr(nn.Module<Tensor, Tensor> network)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        float[] fit = (network.forward(Coordinates) * Scale + Offset).data<float>().ToArray();
        if (AlignsMean) fit = ImageMetrics.AlignMean(fit, Image.Pixels, Channels);
        for (int i = 0; i < fit.Length; i++) fit[i] = Math.Clamp(fit[i], 0f, 1f);
        return ImageMetrics.Psnr(fit, Image.Pixels);
    }

    public void Dispose()
    {
        Coordinates.Dispose();
        Values?.Dispose();
        Gradients?.Dispose();
        Laplacian?.Dispose();
    }
}
