using NeuralSdf.Runtime;

namespace NeuralSdf.Hosting.Tests;

public sealed class EvaluationCountsTests
{
    [Fact]
    public void MeansCountOnlyDrawnPixelsAndWeighTheGradientByItsFourPasses()
    {
        // Two drawn pixels (red > 0) and two misses; channels are primary, normal, shadow, occlusion.
        byte[] rgba = [6, 1, 10, 5, 0, 9, 9, 9, 4, 3, 0, 0, 0, 0, 0, 0];
        EvaluationCounts counts = EvaluationCounts.FromPixels(rgba);
        Assert.Equal(2, counts.CoveredPixels);
        Assert.Equal((5.0, 2.0, 5.0, 2.5), (counts.Primary, counts.Normal, counts.Shadow, counts.Occlusion));
        Assert.Equal(5 + 4 * 2, counts.PrimaryAndNormal);
        Assert.Equal(5 + 4 * 2 + 5 + 2.5, counts.Total);
        Assert.Contains("whole shaded pixel 20.5", counts.Describe());
    }

    [Fact]
    public void AnImageWithNothingDrawnSaysSo()
    {
        Assert.Equal(0, EvaluationCounts.FromPixels(new byte[32]).CoveredPixels);
        Assert.Equal("No pixel is covered.", EvaluationCounts.FromPixels(new byte[32]).Describe());
        Assert.Throws<ArgumentException>(() => EvaluationCounts.FromPixels(new byte[6]));
    }
}
