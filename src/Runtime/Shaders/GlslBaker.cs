using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace NeuralSdf.Runtime.Shaders;

/// <summary>
/// Bakes a <see cref="NeuralField"/> into a GLSL include that evaluates the network for world-space inputs. For an
/// <see cref="SdfModel"/>, with the default prefix <c>nsdf</c>:
/// <code>
/// float nsdf_distance(vec3 p);                        // signed distance, world units
/// vec3  nsdf_gradient(vec3 p);                        // analytic gradient (forward mode), world units
/// float nsdf_distance_gradient(vec3 p, out vec3 g);   // both in one pass
/// NSDF_BOUNDS_MIN, NSDF_BOUNDS_MAX                    // the model's world bounds (vec3 macros)
/// </code>
/// For an <see cref="ImageField"/>: <c>vec4 PREFIX_color(vec2 uv)</c> and
/// <c>vec4 PREFIX_color_derivatives(vec2 uv, out vec4 ddu, out vec4 ddv)</c>. Every field also gets the generic
/// <c>PREFIX_eval</c> and <c>PREFIX_eval_gradient</c> (one output) or <c>PREFIX_eval_jacobian</c> (several).
/// The affine maps and ω₀ are folded into the packed weights (<see cref="FoldedNetwork"/>); activations are
/// <c>vec4</c>s and weights <c>mat4</c> blocks. The include needs GLSL 4.30 and has no <c>#version</c> line; paste it
/// into your own shaders (fragment, compute, any stage) and bind the weights as <see cref="BakedGlsl"/> describes.
/// Give each field its own prefix (and binding) and several fields live in one shader. <see cref="HlslBaker"/> writes
/// the same functions in HLSL.
/// </summary>
public static class GlslBaker
{
    /// <summary>The prefix of every generated name unless another is asked for.</summary>
    public const string DefaultPrefix = "nsdf";

    /// <summary>Bakes <paramref name="model"/> for the given weight storage.</summary>
    /// <param name="model">The model to bake.</param>
    /// <param name="storage">Where the generated code reads the weights from.</param>
    /// <param name="binding">
    /// The uniform- or storage-buffer binding point, or the texture unit for <see cref="GlslWeightStorage.TextureBuffer"/>
    /// (ignored for <see cref="GlslWeightStorage.Inline"/>).
    /// </param>
    /// <param name="prefix">The start of every generated name (<c>bunny</c> gives <c>bunny_distance</c>, <c>BUNNY_BOUNDS_MIN</c>).</param>
    /// <exception cref="ArgumentException">A weight, bias or the bounds are not finite, or the prefix is not a name.</exception>
    public static BakedGlsl Bake(SdfModel model, GlslWeightStorage storage, int binding = 0, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Bake(model.Field, storage, binding, prefix);
    }

    /// <summary>Bakes an image field: <c>PREFIX_color</c>, <c>PREFIX_color_derivatives</c> and <c>PREFIX_SIZE</c> (see the type's summary).</summary>
    /// <exception cref="ArgumentException">A weight or bias is not finite, or the prefix is not a name.</exception>
    public static BakedGlsl Bake(ImageField image, GlslWeightStorage storage, int binding = 0, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Bake(image.Field, storage, binding, prefix);
    }

    /// <summary>Bakes a field of any kind with up to four inputs and four outputs (see the type's summary for the functions).</summary>
    /// <exception cref="ArgumentException">A weight or bias is not finite, the prefix is not a name, or the field has more than four inputs or outputs.</exception>
    public static BakedGlsl Bake(NeuralField field, GlslWeightStorage storage, int binding = 0, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (!Enum.IsDefined(storage))
            throw new ArgumentOutOfRangeException(nameof(storage), storage, $"Weight storage must be one of {string.Join(", ", Enum.GetNames<GlslWeightStorage>())}.");
        ArgumentOutOfRangeException.ThrowIfNegative(binding);
        CheckPrefix(prefix);
        CheckFinite(field);

        GlslWeightSource source = GlslWeightSource.For(storage);
        GlslNetworkLayout layout = GlslNetworkLayout.For(field.Folded);
        float[] packed = layout.Pack(field.Folded);
        string glsl = new NetworkShaderWriter(field, layout, source, packed, binding, ShaderDialect.Glsl, prefix).Write();
        return new BakedGlsl(glsl, source.NeedsUpload ? packed : [], storage, binding, prefix);
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

    /// <summary>Whether <paramref name="prefix"/> can start generated names: a letter, then letters, digits or single underscores, not <c>gl_</c>.</summary>
    public static bool IsValidPrefix(string prefix) =>
        prefix is { Length: > 0 } && char.IsAsciiLetter(prefix[0]) && prefix.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !prefix.Contains("__") &&
        !prefix.StartsWith("gl_", StringComparison.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="prefix"/> is a valid prefix (<see cref="IsValidPrefix"/>).</summary>
    internal static void CheckPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!IsValidPrefix(prefix))
            throw new ArgumentException($"The name prefix '{prefix}' is not a shader identifier: a letter, then letters, digits or single underscores, not starting with gl_.", nameof(prefix));
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first weight or bias that is not finite.</summary>
    internal static void CheckFinite(NeuralField field)
    {
        IReadOnlyList<DenseLayer> layers = field.Network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            int weight = Array.FindIndex(layers[l].Weights, w => !float.IsFinite(w));
            if (weight >= 0)
                throw new ArgumentException($"Layer {l} weight {weight} is {layers[l].Weights[weight]}; every weight must be finite.", nameof(field));
            int bias = Array.FindIndex(layers[l].Bias, b => !float.IsFinite(b));
            if (bias >= 0)
                throw new ArgumentException($"Layer {l} bias {bias} is {layers[l].Bias[bias]}; every bias must be finite.", nameof(field));
        }
    }
}
