using NeuralSdf.Training.Images;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests.Images;

public class InversePoissonOperatorTests
{
    [Theory]
    [InlineData(17, 9, 1.0)]
    [InlineData(8, 12, 64.0)]
    public void UndoesTheMirroredLaplacianUpToTheMean(int width, int height, double scale)
    {
        var random = new Random(width * height);
        float[] image = Enumerable.Range(0, width * height).Select(_ => random.NextSingle()).ToArray();
        float[] laplacian = ImageDerivatives.Laplacian(image, width, height).Select(v => (float)(v * scale)).ToArray();
        using var inverse = new InversePoissonOperator(width, height, scale, CPU);
        using Tensor planes = tensor(laplacian, [1, height, width]);
        float[] recovered = inverse.Apply(planes).data<float>().ToArray();

        double mean = image.Average(x => (double)x);
        double worst = image.Zip(recovered, (a, b) => Math.Abs(a - mean - b)).Max();
        Assert.True(worst < 1e-4, $"largest difference from the image less its mean: {worst:E2}");
        Assert.True(Math.Abs(recovered.Average(x => (double)x)) < 1e-5);
    }
}
