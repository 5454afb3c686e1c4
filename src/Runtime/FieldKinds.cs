using System.Globalization;
using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>
/// What each <see cref="FieldKind"/> requires of a field: its input and output counts and the kind's properties.
/// The one place that knows, shared by <see cref="NeuralField"/>'s constructor and the model file reader.
/// </summary>
internal static class FieldKinds
{
    public const string BoundsMin = "bounds_min", BoundsMax = "bounds_max";
    public const string Width = "width", Height = "height", Channels = "channels", ColorSpace = "color_space";

    /// <summary>The name used in model files.</summary>
    public static string Name(FieldKind kind) => kind switch
    {
        FieldKind.Sdf => "sdf",
        FieldKind.Image => "image",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown field kind."),
    };

    public static bool TryParse(string name, out FieldKind kind)
    {
        foreach (FieldKind candidate in Enum.GetValues<FieldKind>())
        {
            if (Name(candidate) == name)
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>What is wrong with a field of <paramref name="kind"/> shaped so, or null when nothing is.</summary>
    public static string? Problem(FieldKind kind, int inputs, int outputs, InputAffine input, IReadOnlyDictionary<string, string> properties)
    {
        switch (kind)
        {
            case FieldKind.Sdf:
                if (inputs != 3 || outputs != 1) return $"an sdf field maps 3 inputs to 1 output; this one maps {inputs} to {outputs}";
                if (input.Scale[0] != input.Scale[1] || input.Scale[0] != input.Scale[2])
                    return $"an sdf field scales its three inputs alike (distances keep their meaning); the scales are {string.Join(", ", input.Scale.ToArray())}";
                if (ParseVector(properties, BoundsMin) is not { } min) return $"sdf property '{BoundsMin}' is missing or not three finite numbers";
                if (ParseVector(properties, BoundsMax) is not { } max) return $"sdf property '{BoundsMax}' is missing or not three finite numbers";
                if (min.X > max.X || min.Y > max.Y || min.Z > max.Z) return $"bounds_min {min} is above bounds_max {max}";
                return null;
            case FieldKind.Image:
                if (inputs != 2 || outputs is < 1 or > 4) return $"an image field maps 2 inputs to 1–4 channels; this one maps {inputs} to {outputs}";
                if (ParseInt(properties, Width) is not > 0) return $"image property '{Width}' is missing or not a positive integer";
                if (ParseInt(properties, Height) is not > 0) return $"image property '{Height}' is missing or not a positive integer";
                if (!properties.TryGetValue(Channels, out string? channels) || ImageChannels.Count(channels) is not { } count)
                    return $"image property '{Channels}' must be one of {string.Join(", ", ImageChannels.Names)}";
                if (count != outputs) return $"image channels '{channels}' need {count} outputs; the network has {outputs}";
                if (!properties.TryGetValue(ColorSpace, out string? space) || space is not ("srgb" or "linear"))
                    return $"image property '{ColorSpace}' must be 'srgb' or 'linear'";
                return null;
            default:
                return $"unknown field kind {kind}";
        }
    }

    public static int? ParseInt(IReadOnlyDictionary<string, string> properties, string key) =>
        properties.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;

    public static Vector3? ParseVector(IReadOnlyDictionary<string, string> properties, string key)
    {
        if (!properties.TryGetValue(key, out string? text) || FloatList.Parse(text) is not { Length: 3 } v) return null;
        return new Vector3(v[0], v[1], v[2]);
    }
}

/// <summary>The channel layouts an image field can have, by their model-file names.</summary>
internal static class ImageChannels
{
    public static readonly string[] Names = ["grey", "grey_alpha", "rgb", "rgba"];

    /// <summary>The number of channels of a layout name, or null for an unknown name.</summary>
    public static int? Count(string name) => Array.IndexOf(Names, name) is int i and >= 0 ? i + 1 : null;

    /// <summary>The layout name for 1–4 channels.</summary>
    public static string Name(int count) => Names[count - 1];
}

/// <summary>Comma-separated float lists as the model file writes them: round-trip precision, invariant culture.</summary>
internal static class FloatList
{
    public static string Format(ReadOnlySpan<float> values)
    {
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++) parts[i] = Format(values[i]);
        return string.Join(",", parts);
    }

    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(Vector3 v) => $"{Format(v.X)},{Format(v.Y)},{Format(v.Z)}";

    /// <summary>The finite numbers of a list, or null when any part is not one.</summary>
    public static float[]? Parse(string text)
    {
        string[] parts = text.Split(',');
        float[] values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i])) return null;
        }
        return values;
    }
}
