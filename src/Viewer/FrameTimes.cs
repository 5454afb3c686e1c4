namespace NeuralSdf.Viewer;

/// <summary>The wall time of every frame that drew something, for the summary a viewer prints when it closes.</summary>
internal sealed class FrameTimes
{
    private readonly List<double> _milliseconds = [];

    /// <summary>Frames recorded.</summary>
    public int Count => _milliseconds.Count;

    /// <summary>Records a frame that took <paramref name="milliseconds"/>.</summary>
    public void Record(double milliseconds) => _milliseconds.Add(milliseconds);

    /// <summary>The time below which <paramref name="percent"/> % of the frames took (nearest rank); 0 with no frames.</summary>
    public double Percentile(double percent)
    {
        if (_milliseconds.Count == 0) return 0;
        double[] sorted = _milliseconds.Order().ToArray();
        int rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>"Frame times over N frames: median …, 95th percentile …, longest … (target …)".</summary>
    public string Describe(double targetMilliseconds) => Count == 0
        ? "No frame was drawn."
        : $"Frame times over {Count} frames: median {Percentile(50):F0} ms, 95th percentile {Percentile(95):F0} ms, " +
          $"longest {Percentile(100):F0} ms (target {targetMilliseconds:F0} ms)";
}
