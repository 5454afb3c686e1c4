using NeuralSdf.Viewer;

namespace NeuralSdf.Viewer.Tests;

public sealed class FrameTimesTests
{
    [Fact]
    public void PercentilesAreNearestRanksOfTheRecordedFrames()
    {
        var times = new FrameTimes();
        Assert.Equal("No frame was drawn.", times.Describe(50));
        for (int ms = 100; ms >= 1; ms--) times.Record(ms); // 1 … 100 ms, in any order
        Assert.Equal(100, times.Count);
        Assert.Equal(50, times.Percentile(50));
        Assert.Equal(95, times.Percentile(95));
        Assert.Equal(100, times.Percentile(100));
        Assert.Equal("Frame times over 100 frames: median 50 ms, 95th percentile 95 ms, longest 100 ms (target 50 ms)", times.Describe(50));
    }
}
