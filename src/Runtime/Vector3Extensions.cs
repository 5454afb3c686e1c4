using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>Checks on <see cref="Vector3"/> that every NeuralSdf library needs at its doors.</summary>
public static class Vector3Extensions
{
    /// <summary>Whether all three components are finite (no NaN, no infinity).</summary>
    public static bool IsFinite(this Vector3 v) => float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z);
}
