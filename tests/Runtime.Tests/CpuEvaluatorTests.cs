using System.Numerics;

namespace NeuralSdf.Runtime.Tests;

public class CpuEvaluatorTests
{
    [Theory]
    [InlineData(1, 1, 16)]
    [InlineData(2, 2, 32)]
    [InlineData(3, 3, 64)]
    [InlineData(4, 2, 30)] // a width that is not a multiple of the SIMD lane count
    public void DistanceMatchesDoublePrecisionReference(int seed, int layers, int width)
    {
        SdfModel model = TestModels.RandomSiren(seed, Enumerable.Repeat(width, layers).ToArray());
        double worst = 0;
        foreach (Vector3 p in TestModels.PointsAround(model.Bounds, 200, seed))
        {
            double expected = ReferenceSiren.Distance(model, p);
            worst = Math.Max(worst, Math.Abs(model.Distance(p) - expected));
        }
        // Distances are in world units; the box diagonal is ~4.4 units. float32 rounding stays far below 1e-5 of it.
        double tolerance = 1e-5 * model.Bounds.Diagonal;
        Assert.True(worst < tolerance, $"max |cpu − reference| = {worst:E3}, tolerance {tolerance:E3}");
    }

    [Theory]
    [InlineData(5, 2, 32)]
    [InlineData(6, 3, 64)]
    public void GradientMatchesCentralDifferences(int seed, int layers, int width)
    {
        SdfModel model = TestModels.RandomSiren(seed, Enumerable.Repeat(width, layers).ToArray());
        double worst = 0, largest = 0;
        foreach (Vector3 p in TestModels.PointsAround(model.Bounds, 200, seed))
        {
            Vector3 expected = ReferenceSiren.Gradient(model, p);
            worst = Math.Max(worst, (model.Gradient(p) - expected).Length());
            largest = Math.Max(largest, expected.Length());
        }
        Assert.True(worst < 1e-4 * Math.Max(1, largest), $"max |∇cpu − ∇fd| = {worst:E3} with |∇| up to {largest:F3}");
    }

    [Fact]
    public void BatchedCallsEqualSinglePointCallsOnBothSidesOfTheParallelThreshold()
    {
        SdfModel model = TestModels.RandomSiren(7, 32, 32);
        foreach (int count in new[] { 1, 7, 31, 33, 63, 64, 65, 4095, 5000 })
        {
            Vector3[] points = TestModels.PointsAround(model.Bounds, count, count);
            float[] distances = new float[count], distances2 = new float[count];
            Vector3[] gradients = new Vector3[count];
            model.Distance(points, distances);
            model.DistanceAndGradient(points, distances2, gradients);
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(model.Distance(points[i]), distances[i]);
                Assert.Equal(distances[i], distances2[i]);
                Assert.Equal(model.Gradient(points[i]), gradients[i]);
            }
        }
    }

    [Fact]
    public void BatchedCallsRejectMismatchedSpans()
    {
        SdfModel model = TestModels.RandomSiren(8, 16);
        var e = Assert.Throws<ArgumentException>(() => model.Distance(new Vector3[4], new float[3]));
        Assert.Contains("4 points need 4 distances", e.Message);
        Assert.Throws<ArgumentException>(() => model.DistanceAndGradient(new Vector3[4], new float[4], new Vector3[5]));
    }

    [Fact]
    public void WarmCallsAllocateNothingOnTheCallingThread()
    {
        SdfModel model = TestModels.RandomSiren(9, 64, 64);
        Vector3[] points = TestModels.PointsAround(model.Bounds, 8192, 9);
        float[] distances = new float[points.Length];
        Vector3[] gradients = new Vector3[points.Length];
        foreach (int count in new[] { 1, 3, 64, 4097, 8192 })
        {
            void Evaluate()
            {
                model.Distance(points.AsSpan(0, count), distances.AsSpan(0, count));
                model.DistanceAndGradient(points.AsSpan(0, count), distances.AsSpan(0, count), gradients.AsSpan(0, count));
                model.Distance(points[0]);
                model.DistanceAndGradient(points[0], out _);
            }
            Evaluate();
            // Queueing the helper's work item can grow the thread pool's own queue while other tests flood it (seen
            // once in a dozen runs: 7,856 bytes); that is the runtime's, once. A call that allocates does so every round.
            var rounds = new List<long>();
            for (int attempt = 0; attempt < 3 && (rounds.Count == 0 || rounds[^1] != 0); attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int repeat = 0; repeat < 5; repeat++) Evaluate();
                rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.True(rounds[^1] == 0, $"{count} points: {string.Join(", ", rounds)} bytes allocated in successive sets of 5 warm rounds");
        }
    }
}
