namespace NeuralSdf.Runtime.Shaders;

/// <summary>
/// Where the generated GLSL reads the network's weights from. Which one is fastest depends on the driver
/// (see bench/RESULTS.md); <see cref="GlWeightStorageLimits.Choose(NeuralField, int)"/> picks the measured best that the driver's limits allow.
/// </summary>
public enum GlslWeightStorage
{
    /// <summary>
    /// A std430 <c>readonly buffer</c> of <c>vec4</c> at the baked binding; the host uploads
    /// <see cref="BakedGlsl.PackedWeights"/> into a shader storage buffer and binds it there (GL 4.3).
    /// </summary>
    ShaderStorageBuffer,

    /// <summary>The weights as a <c>const vec4</c> array in the source itself; nothing to upload. Best for small networks.</summary>
    Inline,

    /// <summary>
    /// A std140 <c>uniform</c> block holding a fixed-size <c>vec4</c> array at the baked binding; the host uploads
    /// <see cref="BakedGlsl.PackedWeights"/> into a uniform buffer. Only for small networks: the block must fit
    /// <c>GL_MAX_UNIFORM_BLOCK_SIZE</c> (16 KiB guaranteed, 64 KiB on most drivers).
    /// </summary>
    UniformBuffer,

    /// <summary>
    /// A <c>samplerBuffer</c> on the texture unit given by the baked binding, read with <c>texelFetch</c>; the host uploads
    /// <see cref="BakedGlsl.PackedWeights"/> into a buffer and attaches it to a buffer texture as <c>GL_RGBA32F</c>
    /// (one texel per packed <c>vec4</c>; at most <c>GL_MAX_TEXTURE_BUFFER_SIZE</c> texels).
    /// </summary>
    TextureBuffer,
}
