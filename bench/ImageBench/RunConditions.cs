using System.Diagnostics;
using System.Globalization;

namespace NeuralSdf.Bench;

/// <summary>
/// Whether a run had the machine to itself: this process's CPU time over the wall time (about 2 on two cores when nothing
/// else runs; libtorch's threads lose the cores under contention and a step can take ten times as long), and the share of
/// the time some task waited for a CPU (Linux pressure stall information).
/// </summary>
internal sealed class RunConditions
{
    private const string PressureFile = "/proc/pressure/cpu";

    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly double? _stall = StallMicroseconds();

    /// <summary>The share of the time since this object was made in which some task waited for a CPU; null where Linux does not tell.</summary>
    public double? Pressure => StallMicroseconds() is { } now && _stall is { } then ? (now - then) / 1e6 / Stopwatch.GetElapsedTime(_start).TotalSeconds : null;

    /// <summary>"CPU 1.97× wall, CPU pressure 2 %, load average 1.10 0.90 0.80" since this object was made.</summary>
    public string Describe()
    {
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpu) / Stopwatch.GetElapsedTime(_start);
        string pressure = Pressure is { } share ? $", CPU pressure {share:P0}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"CPU {cpu:F2}× wall{pressure}, load average {BenchMachine.LoadAverage()}");
    }

    /// <summary>The pressure over the last 10 s (the kernel's own average), or null.</summary>
    public static double? RecentPressure()
    {
        string? some = File.Exists(PressureFile) ? File.ReadLines(PressureFile).FirstOrDefault(l => l.StartsWith("some")) : null;
        string? avg10 = some?.Split(' ').FirstOrDefault(f => f.StartsWith("avg10="));
        return avg10 is not null && double.TryParse(avg10["avg10=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v / 100 : null;
    }

    /// <summary>The "some" line's total: microseconds in which at least one task waited for a CPU.</summary>
    private static double? StallMicroseconds()
    {
        if (!File.Exists(PressureFile)) return null;
        string? some = File.ReadLines(PressureFile).FirstOrDefault(l => l.StartsWith("some"));
        string? total = some?.Split(' ').FirstOrDefault(f => f.StartsWith("total="));
        return total is not null && double.TryParse(total["total=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;
    }
}
