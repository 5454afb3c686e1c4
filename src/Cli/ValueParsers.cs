using System.Globalization;
using System.Numerics;

namespace NeuralSdf.Cli;

/// <summary>Parses the compound values the CLI accepts: vectors <c>x,y,z</c>, sizes <c>WxH</c> and colours.</summary>
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

    /// <summary>
    /// A colour as straight RGBA in [0, 1]: <c>#rrggbb</c> or <c>#rrggbbaa</c> (hex), or <c>r,g,b</c> or <c>r,g,b,a</c>
    /// with each channel in [0, 1]; alpha defaults to 1. Null for <c>transparent</c>.
    /// </summary>
    public static Vector4? ParseColor(string text, string option)
    {
        string trimmed = text.Trim();
        if (trimmed.Equals("transparent", StringComparison.OrdinalIgnoreCase)) return null;
        if (trimmed.StartsWith('#') && trimmed.Length is 7 or 9 && uint.TryParse(trimmed[1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint hex))
        {
            if (trimmed.Length == 7) hex = hex << 8 | 0xFF;
            return new Vector4(hex >> 24, hex >> 16 & 0xFF, hex >> 8 & 0xFF, hex & 0xFF) / 255f;
        }
        string[] parts = trimmed.Split(',');
        float[] v = [0, 0, 0, 1];
        if (parts.Length is 3 or 4 && parts.Select((p, i) => float.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) && v[i] is >= 0 and <= 1).All(ok => ok))
            return new Vector4(v[0], v[1], v[2], v[3]);
        throw new UsageException($"{option} '{text}' is not a colour: 'transparent', '#rrggbb', '#rrggbbaa' or 'r,g,b[,a]' with channels in [0, 1]");
    }
}
