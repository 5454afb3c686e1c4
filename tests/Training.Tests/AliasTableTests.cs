namespace NeuralSdf.Training.Tests;

public class AliasTableTests
{
    [Fact]
    public void DrawsEachIndexInProportionToItsWeightAndNeverAWeightlessOne()
    {
        double[] weights = [3, 0, 1, 0.5, 0, 10, 2.5, 1e-3];
        var table = new AliasTable(weights);
        var random = new Random(4);
        const int draws = 2_000_000;
        int[] counts = new int[weights.Length];
        for (int i = 0; i < draws; i++) counts[table.Sample(random)]++;
        double sum = weights.Sum();
        for (int i = 0; i < weights.Length; i++)
        {
            double expected = draws * weights[i] / sum, sigma = Math.Sqrt(expected);
            Assert.True(Math.Abs(counts[i] - expected) <= 5 * sigma + (weights[i] == 0 ? 0 : 1), $"index {i}: {counts[i]} draws, expected {expected:F0} ± {sigma:F0}");
        }
        Assert.Equal(0, counts[1]);
        Assert.Equal(0, counts[4]);
    }

    [Fact]
    public void RejectsWeightsWithoutAPositiveSum()
    {
        Assert.Throws<ArgumentException>(() => new AliasTable([0.0, 0.0]));
        Assert.Throws<ArgumentException>(() => new AliasTable(Array.Empty<double>()));
    }
}
