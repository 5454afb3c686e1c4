namespace NeuralSdf.Viewer;

/// <summary>Reads step counts back from an image rendered in <see cref="Runtime.SdfShadingMode.Steps"/>.</summary>
public static class StepStatistics
{
    /// <summary>
    /// The mean steps per traced pixel of an RGBA8 step image whose alpha is <c>steps / maxSteps</c> and 0 where no
    /// ray was traced; 0 when none was.
    /// </summary>
    public static double MeanSteps(ReadOnlySpan<byte> rgba, int maxSteps)
    {
        long sum = 0, traced = 0;
        for (int i = 3; i < rgba.Length; i += 4)
        {
            if (rgba[i] == 0) continue;
            sum += rgba[i];
            traced++;
        }
        return traced == 0 ? 0 : (double)sum / traced / 255.0 * maxSteps;
    }
}
