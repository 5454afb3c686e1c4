using System.Numerics;
using NeuralSdf.Training.Metrics;

namespace NeuralSdf.Training.Tests.Metrics;

public sealed class KdTreeTests
{
    [Theory]
    [InlineData(1000, 1)]
    [InlineData(1000, 8)]
    [InlineData(37, 8)]
    public void KNearestMatchesBruteForce(int pointCount, int k)
    {
        var random = new Random(pointCount + k);
        Vector3[] points = Enumerable.Range(0, pointCount).Select(_ => RandomVector(random)).ToArray();
        var tree = new KdTree(points);
        Span<int> indices = stackalloc int[k];
        Span<float> squared = stackalloc float[k];

        for (int q = 0; q < 200; q++)
        {
            Vector3 query = 1.5f * RandomVector(random);
            int found = tree.Nearest(query, indices, squared);

            float[] expected = points.Select(p => Vector3.DistanceSquared(p, query)).Order().Take(k).ToArray();
            Assert.Equal(k, found);
            for (int i = 0; i < k; i++)
            {
                Assert.True(expected[i] == squared[i], $"query {q}: neighbour {i} at squared distance {squared[i]}, brute force {expected[i]}");
                Assert.Equal(squared[i], Vector3.DistanceSquared(points[indices[i]], query));
            }
            Assert.Equal(tree.Nearest(query).DistanceSquared, squared[0]);
        }
    }

    [Fact]
    public void KNearestReturnsEveryPointWhenThereAreFewerThanK()
    {
        var tree = new KdTree([Vector3.Zero, Vector3.UnitX, 2 * Vector3.UnitX]);
        Span<int> indices = stackalloc int[8];
        Span<float> squared = stackalloc float[8];

        int found = tree.Nearest(new Vector3(2.1f, 0, 0), indices, squared);

        Assert.Equal(3, found);
        Assert.Equal([2, 1, 0], indices[..3].ToArray());
    }

    private static Vector3 RandomVector(Random random) =>
        new(random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1);
}
