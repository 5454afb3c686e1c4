using System.Globalization;

namespace NeuralSdf.Bench;

/// <summary>How large the gradients were before clipping, over a run or a part of it.</summary>
internal static class GradientNormSummary
{
    /// <summary>"1", "0.1" or "off" (an infinite clip).</summary>
    public static string ClipName(double clip) => double.IsInfinity(clip) ? "off" : clip.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>"median 3.1, 10th–90th percentile 2–5.2; 100 % of 120 steps clipped at 1" for <paramref name="norms"/>.</summary>
    public static string Describe(IReadOnlyList<double> norms, double clip)
    {
        if (norms.Count == 0) return "no steps";
        double[] sorted = norms.Order().ToArray();
        double Percentile(double fraction) => sorted[(int)Math.Min(sorted.Length - 1, fraction * sorted.Length)];
        double clipped = norms.Count(n => n > clip) / (double)norms.Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"median {Percentile(0.5):G3}, 10th–90th percentile {Percentile(0.1):G3}–{Percentile(0.9):G3}; {clipped:P0} of {norms.Count:N0} steps clipped at {ClipName(clip)}");
    }
}
