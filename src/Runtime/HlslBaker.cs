namespace NeuralSdf.Runtime;

/// <summary>
/// Bakes an <see cref="SdfModel"/> into an HLSL include for engines that speak HLSL (a Unity Custom Function node,
/// an Unreal Custom material expression), with the weights as constants in the source:
/// <code>
/// float  nsdf_distance(float3 p);                         // signed distance, world units
/// float3 nsdf_gradient(float3 p);                         // analytic gradient (forward mode), world units
/// float  nsdf_distance_gradient(float3 p, out float3 g);  // both in one pass
/// void   nsdf_distance_float(float3 p, out float Distance);   // Unity Shader Graph wrappers
/// void   nsdf_gradient_float(float3 p, out float3 Gradient);
/// NSDF_BOUNDS_MIN, NSDF_BOUNDS_MAX                          // the model's world bounds (float3 macros)
/// </code>
/// The network code is written by the same walk as <see cref="GlslBaker"/>'s (the same sums in the same order), so the
/// two languages agree as closely as their compilers allow. The file has an include guard (<c>NSDF_NETWORK_HLSL</c>).
/// </summary>
public static class HlslBaker
{
    /// <summary>The HLSL include for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">A weight, bias, the bounds or the normalization is not finite.</exception>
    public static string Bake(SdfModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        GlslBaker.CheckFinite(model);
        GlslNetworkLayout layout = GlslNetworkLayout.For(model.Network);
        float[] packed = layout.Pack(model);
        string network = new NetworkShaderWriter(model, layout, GlslWeightSource.InlineFor(ShaderDialect.Hlsl), packed, 0, ShaderDialect.Hlsl).Write();
        return "#ifndef NSDF_NETWORK_HLSL\n#define NSDF_NETWORK_HLSL\n\n" + network + UnityWrappers + "\n#endif // NSDF_NETWORK_HLSL\n";
    }

    // Unity's Custom Function node (File mode) calls void functions named <name>_float with out parameters.
    private const string UnityWrappers = """

        // Unity Shader Graph Custom Function node (File mode): function names nsdf_distance / nsdf_gradient, precision float.
        void nsdf_distance_float(float3 p, out float Distance) { Distance = nsdf_distance(p); }
        void nsdf_gradient_float(float3 p, out float3 Gradient) { Gradient = nsdf_gradient(p); }

        """;
}
