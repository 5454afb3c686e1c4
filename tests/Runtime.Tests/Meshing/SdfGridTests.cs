using System.Numerics;

namespace NeuralSdf.Runtime.Tests.Meshing;

public class SdfGridTests
{
    [Fact]
    public void SampleHandsTheSamplerEveryGridPointOnceInOrderInBoundedBatches()
    {
        // 81 × 41 × 41 = 136,161 samples: three batches, the last one partial and not aligned to a z layer.
        var box = new BoundingBox(new Vector3(-2, -1, 0.5f), new Vector3(2, 1, 2.5f));
        var batchSizes = new List<int>();
        var seen = new List<Vector3>();
        SdfGrid grid = SdfGrid.Sample(box, 80, (points, distances) =>
        {
            batchSizes.Add(points.Length);
            Assert.Equal(points.Length, distances.Length);
            for (int n = 0; n < points.Length; n++)
            {
                seen.Add(points[n]);
                distances[n] = points[n].X + 10 * points[n].Y + 100 * points[n].Z;
            }
        });

        Assert.Equal((81, 41, 41), (grid.CountX, grid.CountY, grid.CountZ));
        Assert.Equal(grid.Values.Length, seen.Count);
        Assert.All(batchSizes, size => Assert.InRange(size, 1, SdfGrid.MaxBatchSize));
        Assert.True(batchSizes.Count >= 3, $"expected several batches, got sizes {string.Join(", ", batchSizes)}");
        for (int k = 0; k < grid.CountZ; k++)
            for (int j = 0; j < grid.CountY; j++)
                for (int i = 0; i < grid.CountX; i++)
                {
                    int index = grid.IndexOf(i, j, k);
                    Vector3 expected = grid.PointAt(i, j, k);
                    if (seen[index] != expected)
                        Assert.Fail($"sample ({i}, {j}, {k}) was asked at {seen[index]}, PointAt gives {expected}");
                    Assert.Equal(expected.X + 10 * expected.Y + 100 * expected.Z, grid[i, j, k]);
                }
    }

    [Fact]
    public void CornerSamplesSitExactlyOnTheBoxCorners()
    {
        var box = new BoundingBox(new Vector3(-0.3f, 0.1f, -7.7f), new Vector3(0.9f, 0.2f, 3.3f));
        SdfGrid grid = SdfGrid.Sample(box, 37, (_, d) => d.Clear());
        Assert.Equal(box.Min, grid.PointAt(0, 0, 0));
        Assert.Equal(box.Max, grid.PointAt(grid.CountX - 1, grid.CountY - 1, grid.CountZ - 1));
        Vector3 spacing = grid.Spacing;
        Vector3 step = grid.PointAt(1, 1, 1) - grid.PointAt(0, 0, 0);
        Assert.True(Vector3.Distance(spacing, step) < 1e-5f, $"spacing {spacing}, first step {step}");
    }

    [Theory]
    [InlineData(2f, 1f, 0.5f, 40, 41, 21, 11)]
    [InlineData(1f, 3f, 1f, 10, 4, 11, 4)]
    [InlineData(1f, 1f, 0.001f, 64, 65, 65, 2)] // a thin side still gets one cell
    [InlineData(1f, 1f, 1f, 1, 2, 2, 2)]
    public void LongestSideGetsTheResolutionAndOthersProportionalCounts(
        float sx, float sy, float sz, int resolution, int expectX, int expectY, int expectZ)
    {
        var box = new BoundingBox(Vector3.Zero, new Vector3(sx, sy, sz));
        Assert.Equal((expectX, expectY, expectZ), SdfGrid.SampleCounts(box, resolution));
    }

    [Fact]
    public void BadArgumentsAreRefusedWithTheNumbers()
    {
        var box = new BoundingBox(Vector3.Zero, Vector3.One);
        Assert.Throws<ArgumentException>(() => SdfGrid.SampleCounts(new BoundingBox(Vector3.Zero, new Vector3(1, 0, 1)), 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfGrid.SampleCounts(box, 0));
        Assert.Throws<ArgumentNullException>(() => SdfGrid.Sample(box, 4, null!));
        var wrongLength = Assert.Throws<ArgumentException>(() => new SdfGrid(box, 3, 3, 3, new float[26]));
        Assert.Contains("27", wrongLength.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SdfGrid(box, 1, 3, 3));
        var tooBig = Assert.Throws<ArgumentOutOfRangeException>(() => SdfGrid.Sample(box, 2000, (_, _) => { }));
        Assert.Contains("2001×2001×2001", tooBig.Message);
        var grid = new SdfGrid(box, 3, 3, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => grid.PointAt(3, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => grid[0, -1, 0]);
    }
}
