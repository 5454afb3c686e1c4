using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace NeuralSdf.Runtime;

/// <summary>
/// Bakes an <see cref="SdfModel"/> into a GLSL include that evaluates the network for world-space points:
/// <code>
/// float nsdf_distance(vec3 p);                        // signed distance, world units
/// vec3  nsdf_gradient(vec3 p);                        // analytic gradient (forward mode), world units
/// float nsdf_distance_gradient(vec3 p, out vec3 g);   // both in one pass
/// NSDF_BOUNDS_MIN, NSDF_BOUNDS_MAX                    // the model's world bounds (vec3 macros)
/// </code>
/// The normalization and ω₀ are folded into the packed weights; activations are <c>vec4</c>s and weights
/// <c>mat4</c> blocks. The include needs GLSL 4.30 and has no <c>#version</c> line; paste it into your own shaders
/// (fragment, compute, any stage) and bind the weights as <see cref="BakedGlsl"/> describes. <see cref="HlslBaker"/>
/// writes the same functions in HLSL.
/// </summary>
public static class GlslBaker
{
    /// <summary>Bakes <paramref name="model"/> for the given weight storage.</summary>
    /// <param name="model">The model to bake.</param>
    /// <param name="storage">Where the generated code reads the weights from.</param>
    /// <param name="binding">
    /// The uniform- or storage-buffer binding point, or the texture unit for <see cref="GlslWeightStorage.TextureBuffer"/>
    /// (ignored for <see cref="GlslWeightStorage.Inline"/>).
    /// </param>
    /// <exception cref="ArgumentException">A weight, bias, the bounds or the normalization is not finite.</exception>
    public static BakedGlsl Bake(SdfModel model, GlslWeightStorage storage, int binding = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Enum.IsDefined(storage))
            throw new ArgumentOutOfRangeException(nameof(storage), storage, $"Weight storage must be one of {string.Join(", ", Enum.GetNames<GlslWeightStorage>())}.");
        ArgumentOutOfRangeException.ThrowIfNegative(binding);
        CheckFinite(model);

        GlslWeightSource source = GlslWeightSource.For(storage);
        GlslNetworkLayout layout = GlslNetworkLayout.For(model.Network);
        float[] packed = layout.Pack(model);
        string glsl = new NetworkShaderWriter(model, layout, source, packed, binding, ShaderDialect.Glsl).Write();
        return new BakedGlsl(glsl, source.NeedsUpload ? packed : [], storage, binding);
    }

    /// <summary>
    /// Writes <see cref="BakedGlsl.PackedWeights"/> to <paramref name="path"/> as raw little-endian float32
    /// (no header; 16 bytes per <c>vec4</c>), atomically.
    /// </summary>
    /// <exception cref="ArgumentException">The bake has inline weights, so there is nothing to write.</exception>
    public static void WritePackedWeights(BakedGlsl baked, string path)
    {
        ArgumentNullException.ThrowIfNull(baked);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (baked.PackedWeights.Length == 0)
            throw new ArgumentException($"The bake uses {baked.Storage} storage: its weights are in the GLSL source, there is no buffer to write.", nameof(baked));
        byte[] bytes = new byte[4 * baked.PackedWeights.Length];
        for (int i = 0; i < baked.PackedWeights.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), baked.PackedWeights[i]);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>A GLSL float literal that reads back to exactly <paramref name="value"/>.</summary>
    internal static string Literal(float value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first weight, bias, bound or center that is not finite.</summary>
    internal static void CheckFinite(SdfModel model)
    {
        SdfNormalization n = model.Normalization;
        if (!IsFinite(n.Center))
            throw new ArgumentException($"The normalization center {n.Center} is not finite.", nameof(model));
        if (!IsFinite(model.Bounds.Min) || !IsFinite(model.Bounds.Max))
            throw new ArgumentException($"The bounds {model.Bounds} are not finite.", nameof(model));
        IReadOnlyList<DenseLayer> layers = model.Network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            int weight = Array.FindIndex(layers[l].Weights, w => !float.IsFinite(w));
            if (weight >= 0)
                throw new ArgumentException($"Layer {l} weight {weight} is {layers[l].Weights[weight]}; every weight must be finite.", nameof(model));
            int bias = Array.FindIndex(layers[l].Bias, b => !float.IsFinite(b));
            if (bias >= 0)
                throw new ArgumentException($"Layer {l} bias {bias} is {layers[l].Bias[bias]}; every bias must be finite.", nameof(model));
        }
    }

    private static bool IsFinite(Vector3 v) => float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z);
}
