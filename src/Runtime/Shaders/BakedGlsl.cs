namespace NeuralSdf.Runtime.Shaders;

/// <summary>
/// A field baked into GLSL by <see cref="GlslBaker"/>: an include that defines the field's functions (for an SDF
/// <c>nsdf_distance</c>, <c>nsdf_gradient</c> and <c>nsdf_distance_gradient</c>) for world-space inputs, plus the packed
/// weights the include reads (for buffer storage).
/// </summary>
/// <remarks>
/// To use it in your own shader, paste <see cref="Source"/> after your <c>#version 430</c> (or later) line and make
/// <see cref="PackedWeights"/> visible at <see cref="Binding"/>:
/// <list type="bullet">
/// <item><see cref="GlslWeightStorage.ShaderStorageBuffer"/>: <c>glBufferData(GL_SHADER_STORAGE_BUFFER, …)</c>, then
/// <c>glBindBufferBase(GL_SHADER_STORAGE_BUFFER, Binding, buffer)</c>.</item>
/// <item><see cref="GlslWeightStorage.UniformBuffer"/>: the same with <c>GL_UNIFORM_BUFFER</c>.</item>
/// <item><see cref="GlslWeightStorage.TextureBuffer"/>: upload into a buffer, <c>glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA32F, buffer)</c>
/// on a texture, then bind that texture to <c>GL_TEXTURE_BUFFER</c> on texture unit <see cref="Binding"/>.</item>
/// <item><see cref="GlslWeightStorage.Inline"/>: nothing; the weights are in the source.</item>
/// </list>
/// </remarks>
public sealed class BakedGlsl
{
    internal BakedGlsl(string source, float[] packedWeights, GlslWeightStorage storage, int binding, string prefix)
    {
        Prefix = prefix;
        Source = source;
        PackedWeights = packedWeights;
        Storage = storage;
        Binding = binding;
    }

    /// <summary>
    /// The GLSL include (no <c>#version</c> line; it needs GLSL 4.30 or later). Every global name starts with
    /// <see cref="Prefix"/> and an underscore (or its upper case), so it can be pasted into a host's shader.
    /// </summary>
    public string Source { get; }

    /// <summary>
    /// The weights the include reads, as float32 in <c>vec4</c> order (length a multiple of 4); upload them as they are.
    /// Empty for <see cref="GlslWeightStorage.Inline"/>, where they live in <see cref="Source"/>.
    /// </summary>
    public float[] PackedWeights { get; }

    /// <summary>Where the include reads the weights from.</summary>
    public GlslWeightStorage Storage { get; }

    /// <summary>The start of every generated name (<c>nsdf</c> unless the bake asked for another).</summary>
    public string Prefix { get; }

    /// <summary>The buffer binding point the include declares (meaningful for buffer storage only).</summary>
    public int Binding { get; }
}
