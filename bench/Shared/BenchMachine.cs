using System.Runtime.InteropServices;

namespace NeuralSdf.Bench;

/// <summary>What every benchmark prints about the machine it ran on.</summary>
internal static class BenchMachine
{
    /// <summary>CPU model, core count and operating system, e.g. "AMD EPYC …, 2 cores, Debian GNU/Linux 12 (bookworm)".</summary>
    public static string Description => $"{CpuModel()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}";

    /// <summary>The 1-, 5- and 15-minute load averages, so a reader sees whether the machine was busy.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
}
