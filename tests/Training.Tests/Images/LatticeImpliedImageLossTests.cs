using NeuralSdf.Training.Images;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests.Images;

public class LatticeImpliedImageLossTests
{
    private const int Width = 64, Height = 48, Stride = 4;

    [Fact]
    public void TheTargetsGradientsImplyTheImageOnTheLattice()
    {
        (ImageTargets targets, float[] image) = SmoothTargets();
        using var scope = NewDisposeScope();
        using var loss = Loss(targets, out Tensor gradients);
        float[] implied = loss.ImpliedImage(gradients.index_select(0, Lattice())).data<float>().ToArray();

        float[] expected = LatticeValues(image);
        double mean = expected.Average(x => (double)x), error = 0, spread = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            error += Math.Pow(implied[i] - (expected[i] - mean), 2);
            spread += Math.Pow(expected[i] - mean, 2);
        }
        double relative = Math.Sqrt(error / spread);
        Assert.True(relative < 0.02, $"the implied image is off the image less its mean by {relative:P1} of its spread");
    }

    [Fact]
    public void TheErrorIsZeroForTheTargetsGradientsAndGrowsWithTheResidual()
    {
        (ImageTargets targets, _) = SmoothTargets();
        using var scope = NewDisposeScope();
        using var loss = Loss(targets, out Tensor gradients);
        (int X, int Y)[] points = loss.Draw(new Random(3));
        Tensor atLattice = gradients.index_select(0, tensor(points.Select(p => (long)p.Y * Width + p.X).ToArray()));

        Assert.True(loss.ImpliedImageError(atLattice, atLattice).item<float>() < 1e-10);
        float half = loss.ImpliedImageError(atLattice * 0.5, atLattice).item<float>();
        float none = loss.ImpliedImageError(zeros_like(atLattice), atLattice).item<float>();
        // A residual of the whole target implies the whole image: about the normalization (taken at offset 0).
        Assert.InRange(none / LatticeImpliedImageLoss.Weight, 0.8f, 1.25f);
        Assert.Equal(none / 4, half, 4);
    }

    [Fact]
    public void TheLatticeStartsAtTheDrawnOffsetAndKeepsItsStride()
    {
        (ImageTargets targets, _) = SmoothTargets();
        using var scope = NewDisposeScope();
        using var loss = Loss(targets, out _);
        (int X, int Y)[] points = loss.Draw(new Random(5));
        Assert.Equal((Width / Stride) * (Height / Stride), points.Length);
        (int x0, int y0) = points[0];
        Assert.InRange(x0, 0, Stride - 1);
        Assert.InRange(y0, 0, Stride - 1);
        for (int j = 0; j < Height / Stride; j++)
        for (int i = 0; i < Width / Stride; i++)
            Assert.Equal((x0 + i * Stride, y0 + j * Stride), points[j * (Width / Stride) + i]);
    }

    private static LatticeImpliedImageLoss Loss(ImageTargets targets, out Tensor gradients)
    {
        gradients = tensor(targets.Gradients!, [targets.PixelCount, 1, 2]);
        return new LatticeImpliedImageLoss(targets, Stride, CPU);
    }

    /// <summary>A smooth grey image (features of tens of pixels, so that the edge averages are within 1 % of the differences) and its gradient targets, in value units.</summary>
    private static (ImageTargets Targets, float[] Image) SmoothTargets()
    {
        float[] pixels = new float[Width * Height];
        for (int y = 0; y < Height; y++)
        for (int x = 0; x < Width; x++)
            pixels[y * Width + x] = (float)(0.5 + 0.2 * Math.Sin(2 * Math.PI * x / 80.0) * Math.Cos(2 * Math.PI * y / 96.0) + 0.003 * y);
        var image = new SourceImage(Width, Height, 1, pixels, sourcePath: "smooth.png");
        return (ImageTargets.For(image, ImageSupervision.Gradients, [0f], [1f]), pixels);
    }

    /// <summary>The lattice from offset (1, 1): off the border, where the mirrored Sobel's targets are one-sided.</summary>
    private static Tensor Lattice()
    {
        var index = new List<long>();
        for (int j = 0; j < Height / Stride; j++)
        for (int i = 0; i < Width / Stride; i++)
            index.Add((long)(1 + j * Stride) * Width + 1 + i * Stride);
        return tensor(index.ToArray());
    }

    private static float[] LatticeValues(float[] image) => Lattice().data<long>().ToArray().Select(p => image[p]).ToArray();
}
