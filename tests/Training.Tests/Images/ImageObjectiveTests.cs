using NeuralSdf.Training.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests.Images;

public class ImageObjectiveTests
{
    private const int Width = 40, Height = 24;
    private static readonly float[] Scale = [0.5f], Offset = [0.5f];

    /// <summary>
    /// A "network" that is the image itself: each point gets the raw target value of the pixel whose center is nearest. Its
    /// values at the pixel centers are exact, but it is piecewise constant: its own derivative is zero wherever it has one.
    /// </summary>
    private sealed class PixelLookup(float[] raw, int width, int height) : FieldModule(nameof(PixelLookup))
    {
        private readonly Tensor _raw = tensor(raw, [raw.Length, 1]);

        public override Tensor forward(Tensor points)
        {
            double perStep = 1 / ImageTargets.PixelStep(width, height);
            Tensor x = (points[.., 0] * perStep + (width / 2.0 - 0.5)).round().clamp(0, width - 1).to(ScalarType.Int64);
            Tensor y = (points[.., 1] * perStep + (height / 2.0 - 0.5)).round().clamp(0, height - 1).to(ScalarType.Int64);
            return _raw.index_select(0, y * width + x);
        }
    }

    private static (ImageTargets Targets, SourceImage Image, float[] Raw) Ripple(ImageSupervision supervision)
    {
        SourceImage image = SmoothImages.Ripple(Width, Height, 1);
        float[] raw = image.Pixels.ToArray().Select(v => (v - Offset[0]) / Scale[0]).ToArray();
        return (ImageTargets.For(image, supervision, Offset, Scale), image, raw);
    }

    [Fact]
    public void GradientsAreTakenWithTheTargetsStencilNotTheNetworksDerivative()
    {
        (ImageTargets targets, SourceImage image, float[] raw) = Ripple(ImageSupervision.Gradients);
        using var objective = new ImageObjective(targets, image.Pixels.ToArray(), Scale, Offset, batch: 512, seed: 1, CPU);
        using var exact = new PixelLookup(raw, Width, Height);
        using var scope = NewDisposeScope();
        (_, ImageLossTerms terms) = objective.Loss(exact, CPU);
        // The image's own pixels give its own Sobel gradients: nothing left. Held through its derivative (zero), the same
        // "network" would leave the whole of the targets' mean square, a relative error of 1.
        Assert.True(terms.Gradients < 1e-10, $"gradient term {terms.Gradients:E2} for the image itself");

        using var flat = new PixelLookup(new float[raw.Length], Width, Height);
        (_, ImageLossTerms flatTerms) = objective.Loss(flat, CPU);
        Assert.True(flatTerms.Gradients > 0.5, $"gradient term {flatTerms.Gradients:E2} for a constant");
    }

    [Fact]
    public void ValuesAreTakenAtThePixelCenters()
    {
        (ImageTargets targets, SourceImage image, float[] raw) = Ripple(ImageSupervision.Values);
        using var objective = new ImageObjective(targets, image.Pixels.ToArray(), Scale, Offset, batch: 256, seed: 1, CPU);
        using var exact = new PixelLookup(raw, Width, Height);
        using var scope = NewDisposeScope();
        (_, ImageLossTerms terms) = objective.Loss(exact, CPU);
        Assert.True(terms.Values < 1e-12, $"values term {terms.Values:E2} for the image itself");
        float[] evaluated = objective.Evaluate(exact), source = image.Pixels.ToArray();
        Assert.True(evaluated.Zip(source, (a, b) => Math.Abs(a - b)).Max() < 1e-6, "Evaluate maps raw values back to the image's");
    }
}
