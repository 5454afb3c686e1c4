using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NeuralSdf.Bench;

/// <summary>
/// Runs each measurement on a quiet machine: waits until no task has waited for a CPU for a while (other jobs share these
/// cores, and libtorch's two threads slow down tenfold beside them), and runs it again when others took the cores while
/// it ran. A run that stayed busy through every try is kept and its conditions say so. A run that libtorch failed is run
/// again too: TorchSharp 0.107 frees the Scalar it makes for <c>a + b</c>, <c>a * 30.0</c> or <c>a / 3.0</c> in a
/// finalizer that can run while the native call still reads it ("Expected false to be true" or "Unknown scalar type" at
/// random; one 10-minute Laplacian fit failed so after 51 minutes of the bench).
/// </summary>
/// <param name="quiet">Start only when the last 10 s had at most this CPU pressure.</param>
/// <param name="maxPressure">Keep a run whose CPU pressure stayed at or under this share.</param>
/// <param name="tries">Runs at most this many times.</param>
/// <param name="wait">Waits at most this long for quiet before each try.</param>
internal sealed class QuietGate(double quiet, double maxPressure, int tries, TimeSpan wait)
{
    private const int FailedRunRetries = 3;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    /// <summary>Does nothing but run (for --no-gate).</summary>
    public static QuietGate Off { get; } = new(1, 1, 1, TimeSpan.Zero);

    /// <summary>Runs <paramref name="measure"/> until it ran quietly or the tries are spent; returns its result and how it ran.</summary>
    public (T Result, RunConditions Conditions) Run<T>(string label, Func<T> measure)
    {
        int attempts = 0, failures = 0;
        while (true)
        {
            WaitForQuiet(label);
            var conditions = new RunConditions();
            T result;
            try
            {
                result = measure();
            }
            catch (ExternalException e) when (++failures <= FailedRunRetries)
            {
                Console.WriteLine($"  ({label}: run again, libtorch failed: {e.Message.Split('\n')[0]})");
                continue;
            }
            if (++attempts >= tries || conditions.Pressure is not { } pressure || pressure <= maxPressure) return (result, conditions);
            Console.WriteLine($"  ({label}: run again, others took the CPUs: {conditions.Describe()})");
        }
    }

    private void WaitForQuiet(string label)
    {
        var waited = Stopwatch.StartNew();
        while (RunConditions.RecentPressure() is { } recent && recent > quiet && waited.Elapsed < wait) Thread.Sleep(Poll);
        if (waited.Elapsed >= Poll) Console.WriteLine($"  ({label}: waited {waited.Elapsed.TotalMinutes:F1} min for quiet CPUs{(waited.Elapsed >= wait ? ", in vain" : "")})");
    }
}
