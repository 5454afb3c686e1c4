namespace NeuralSdf.Runtime.Shaders;

/// <summary>
/// Bakes a field into an HLSL include for engines that speak HLSL (a Unity Custom Function node, an Unreal Custom
/// material expression), with the weights as constants in the source. For an <see cref="SdfModel"/>, with the default prefix:
/// <code>
/// float  nsdf_distance(float3 p);                         // signed distance, world units
/// float3 nsdf_gradient(float3 p);                         // analytic gradient (forward mode), world units
/// float  nsdf_distance_gradient(float3 p, out float3 g);  // both in one pass
/// void   nsdf_distance_float(float3 p, out float Distance);   // Unity Shader Graph wrappers
/// void   nsdf_gradient_float(float3 p, out float3 Gradient);
/// NSDF_BOUNDS_MIN, NSDF_BOUNDS_MAX                          // the model's world bounds (float3 macros)
/// </code>
/// For an <see cref="ImageField"/>: <c>float4 PREFIX_color(float2 uv)</c>, <c>PREFIX_color_derivatives</c> and the Unity wrapper
/// <c>PREFIX_color_float</c>. The network code is written by the same walk as <see cref="GlslBaker"/>'s (the same sums in the
/// same order), so the two languages agree as closely as their compilers allow. The file has an include guard
/// (<c>PREFIX_NETWORK_HLSL</c>, upper case).
/// </summary>
public static class HlslBaker
{
    /// <summary>The HLSL include for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">A weight or bias is not finite, or the prefix is not a name.</exception>
    public static string Bake(SdfModel model, string prefix = GlslBaker.DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Bake(model.Field, prefix);
    }

    /// <summary>The HLSL include for an image field (<c>PREFIX_color</c>, <c>PREFIX_color_derivatives</c>, and <c>PREFIX_color_float</c> for Unity).</summary>
    /// <exception cref="ArgumentException">A weight or bias is not finite, or the prefix is not a name.</exception>
    public static string Bake(ImageField image, string prefix = GlslBaker.DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Bake(image.Field, prefix);
    }

    /// <summary>The HLSL include for a field of any kind with up to four inputs and outputs (the functions of <see cref="GlslBaker"/>).</summary>
    /// <exception cref="ArgumentException">A weight or bias is not finite, the prefix is not a name, or the field has more than four inputs or outputs.</exception>
    public static string Bake(NeuralField field, string prefix = GlslBaker.DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(field);
        GlslBaker.CheckPrefix(prefix);
        GlslBaker.CheckFinite(field);
        GlslNetworkLayout layout = GlslNetworkLayout.For(field.Folded);
        float[] packed = layout.Pack(field.Folded);
        string network = new NetworkShaderWriter(field, layout, GlslWeightSource.InlineFor(ShaderDialect.Hlsl), packed, 0, ShaderDialect.Hlsl, prefix).Write();
        string guard = $"{prefix.ToUpperInvariant()}_NETWORK_HLSL";
        return $"#ifndef {guard}\n#define {guard}\n\n" + network + UnityWrappers(field, prefix) + $"\n#endif // {guard}\n";
    }

    // Unity's Custom Function node (File mode) calls void functions named <name>_float with out parameters.
    private static string UnityWrappers(NeuralField field, string prefix) => field.Kind switch
    {
        FieldKind.Sdf => $$"""

            // Unity Shader Graph Custom Function node (File mode): function names {{prefix}}_distance / {{prefix}}_gradient, precision float.
            void {{prefix}}_distance_float(float3 p, out float Distance) { Distance = {{prefix}}_distance(p); }
            void {{prefix}}_gradient_float(float3 p, out float3 Gradient) { Gradient = {{prefix}}_gradient(p); }

            """,
        FieldKind.Image => $$"""

            // Unity Shader Graph Custom Function node (File mode): function name {{prefix}}_color, precision float.
            void {{prefix}}_color_float(float2 uv, out float4 Color) { Color = {{prefix}}_color(uv); }

            """,
        _ => "",
    };
}
