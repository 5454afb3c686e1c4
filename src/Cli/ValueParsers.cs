using System.Globalization;
using System.Numerics;

namespace NeuralSdf.Cli;

/// <summary>Parses the compound values the CLI accepts: vectors <c>x,y,z</c> and sizes <c>WxH</c>.</summary>
internal static class ValueParsers
{
    public static Vector3 ParseVector(string text, string option)
    {
        string[] parts = text.Split(',');
        float[] v = new float[3];
        if (parts.Length != 3 || !parts.Select((p, i) => float.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) && float.IsFinite(v[i])).All(ok => ok))
            throw new UsageException($"{option} '{text}' is not three numbers 'x,y,z'");
        return new Vector3(v[0], v[1], v[2]);
    }

    public static (int Width, int Height) ParseSize(string text, string option)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int w) || !int.TryParse(parts[1], out int h) || w < 1 || h < 1 || w > 16384 || h > 16384)
            throw new UsageException($"{option} '{text}' is not a size 'WxH' with both sides from 1 to 16384");
        return (w, h);
    }
}
