namespace NeuralSdf.Runtime;

/// <summary>Where the generated GLSL reads the network's weights from.</summary>
public enum GlslWeightStorage
{
    /// <summary>
    /// A std430 <c>readonly buffer</c> of <c>vec4</c> at the baked binding; the host uploads
    /// <see cref="BakedGlsl.PackedWeights"/> into a shader storage buffer and binds it there (GL 4.3).
    /// </summary>
    ShaderStorageBuffer,

    /// <summary>The weights as a <c>const vec4</c> array in the source itself; nothing to upload. Best for small networks.</summary>
    Inline,
}
