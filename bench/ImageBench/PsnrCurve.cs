namespace NeuralSdf.Bench;

/// <summary>One full-image measurement of a run.</summary>
/// <param name="Seconds">Training time so far, evaluation time excluded.</param>
/// <param name="Steps">Optimizer steps so far.</param>
/// <param name="Psnr">PSNR in dB of the whole image (values clamped to [0, 1]).</param>
internal readonly record struct PsnrPoint(double Seconds, int Steps, double Psnr);

/// <summary>A run's PSNR against training time, measured every few seconds.</summary>
internal sealed class PsnrCurve(string label)
{
    private readonly List<PsnrPoint> _points = [];

    /// <summary>The run's column heading.</summary>
    public string Label { get; } = label;

    public IReadOnlyList<PsnrPoint> Points => _points;

    public PsnrPoint Last => _points[^1];

    public PsnrPoint Best => _points.MaxBy(p => p.Psnr);

    public void Add(double seconds, int steps, double psnr) => _points.Add(new PsnrPoint(seconds, steps, psnr));

    /// <summary>
    /// The PSNR at <paramref name="seconds"/> of training, linearly interpolated between the measurements around it (runs are
    /// measured on their own clocks, a step or so after the table's times). Before the first or after the last measurement,
    /// that measurement when it is within <see cref="Snap"/> of the time; NaN otherwise.
    /// </summary>
    public double At(double seconds)
    {
        if (_points.Count == 0) return double.NaN;
        if (seconds <= _points[0].Seconds) return _points[0].Seconds - seconds <= Snap(seconds) ? _points[0].Psnr : double.NaN;
        for (int i = 1; i < _points.Count; i++)
        {
            PsnrPoint a = _points[i - 1], b = _points[i];
            if (seconds <= b.Seconds) return a.Psnr + (b.Psnr - a.Psnr) * (seconds - a.Seconds) / (b.Seconds - a.Seconds);
        }
        return seconds - Last.Seconds <= Snap(seconds) ? Last.Psnr : double.NaN;
    }

    /// <summary>How far a measurement may lie from a table's time and still stand for it: 3 % of the time, at least 0.5 s, at most 2 s.</summary>
    private static double Snap(double seconds) => Math.Clamp(0.03 * seconds, 0.5, 2);

    /// <summary>The first measurement at or above <paramref name="psnr"/>, or null.</summary>
    public PsnrPoint? FirstReaching(double psnr)
    {
        foreach (PsnrPoint p in _points)
        {
            if (p.Psnr >= psnr) return p;
        }
        return null;
    }
}
