using NeuralSdf.Runtime.Shaders;
using NeuralSdf.Runtime.OpenGL;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime;

/// <summary>
/// The limits a driver reports that decide which <see cref="GlslWeightStorage"/> can hold a network, and the default
/// choice: the fastest storage measured (bench/RESULTS.md, RendererBench) among those that fit.
/// </summary>
public sealed class GlWeightStorageLimits
{
    private GlWeightStorageLimits(long maxUniformBlockBytes, long maxTextureBufferTexels, long maxShaderStorageBlockBytes,
        int uniformBufferBindings, int textureUnits, int shaderStorageBufferBindings)
    {
        MaxUniformBlockBytes = maxUniformBlockBytes;
        MaxTextureBufferTexels = maxTextureBufferTexels;
        MaxShaderStorageBlockBytes = maxShaderStorageBlockBytes;
        UniformBufferBindings = uniformBufferBindings;
        TextureUnits = textureUnits;
        ShaderStorageBufferBindings = shaderStorageBufferBindings;
    }

    /// <summary>
    /// The storages from fastest to slowest as measured by RendererBench on Mesa llvmpipe (bench/RESULTS.md): for a
    /// 2×64 network the texture buffer drew a frame 2.9× as fast as the shader storage buffer, the uniform buffer 1.3×,
    /// inline constants 0.95×; for 3×128 the texture buffer 1.9×, the uniform block did not fit and inline constants
    /// did not finish their first frame in 11 minutes. <see cref="Choose(NeuralField, int)"/> takes the first that fits.
    /// </summary>
    public static IReadOnlyList<GlslWeightStorage> MeasuredOrder { get; } =
        [GlslWeightStorage.TextureBuffer, GlslWeightStorage.UniformBuffer, GlslWeightStorage.ShaderStorageBuffer, GlslWeightStorage.Inline];

    /// <summary><c>GL_MAX_UNIFORM_BLOCK_SIZE</c>, in bytes.</summary>
    public long MaxUniformBlockBytes { get; }

    /// <summary><c>GL_MAX_TEXTURE_BUFFER_SIZE</c>, in texels.</summary>
    public long MaxTextureBufferTexels { get; }

    /// <summary><c>GL_MAX_SHADER_STORAGE_BLOCK_SIZE</c>, in bytes.</summary>
    public long MaxShaderStorageBlockBytes { get; }

    /// <summary><c>GL_MAX_UNIFORM_BUFFER_BINDINGS</c>.</summary>
    public int UniformBufferBindings { get; }

    /// <summary><c>GL_MAX_COMBINED_TEXTURE_IMAGE_UNITS</c>.</summary>
    public int TextureUnits { get; }

    /// <summary><c>GL_MAX_SHADER_STORAGE_BUFFER_BINDINGS</c>.</summary>
    public int ShaderStorageBufferBindings { get; }

    /// <summary>Reads the limits of the context current on this thread (OpenGL 4.3 or newer).</summary>
    /// <exception cref="GlNotSupportedException">The context is older than OpenGL 4.3.</exception>
    public static GlWeightStorageLimits Query(GL gl)
    {
        ArgumentNullException.ThrowIfNull(gl);
        GlCapabilities.RequireGl43(gl, nameof(GlWeightStorageLimits));
        gl.GetInteger64(GLEnum.MaxShaderStorageBlockSize, out long storageBlock);
        return new GlWeightStorageLimits(
            gl.GetInteger(GLEnum.MaxUniformBlockSize), gl.GetInteger(GLEnum.MaxTextureBufferSize), storageBlock,
            gl.GetInteger(GLEnum.MaxUniformBufferBindings), gl.GetInteger(GLEnum.MaxCombinedTextureImageUnits),
            gl.GetInteger(GLEnum.MaxShaderStorageBufferBindings));
    }

    /// <summary>Whether <paramref name="model"/> baked for <paramref name="storage"/> at <paramref name="binding"/> fits these limits.</summary>
    public bool Fits(GlslWeightStorage storage, SdfModel model, int binding = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Fits(storage, model.Field, binding);
    }

    /// <summary>Whether <paramref name="field"/> baked for <paramref name="storage"/> at <paramref name="binding"/> fits these limits.</summary>
    public bool Fits(GlslWeightStorage storage, NeuralField field, int binding = 0) => Problem(storage, field, binding) is null;

    /// <summary>The first storage of <see cref="MeasuredOrder"/> that <paramref name="model"/> fits at <paramref name="binding"/>.</summary>
    public GlslWeightStorage Choose(SdfModel model, int binding = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Choose(model.Field, binding);
    }

    /// <summary>The first storage of <see cref="MeasuredOrder"/> that <paramref name="field"/> fits at <paramref name="binding"/>.</summary>
    public GlslWeightStorage Choose(NeuralField field, int binding = 0)
    {
        ArgumentNullException.ThrowIfNull(field);
        return MeasuredOrder.First(storage => Fits(storage, field, binding));
    }

    /// <summary>Why <paramref name="field"/> does not fit <paramref name="storage"/>, or null when it does.</summary>
    internal string? Problem(GlslWeightStorage storage, NeuralField field, int binding)
    {
        ArgumentNullException.ThrowIfNull(field);
        long vec4s = GlslNetworkLayout.For(field.Folded).Vec4Count, bytes = 16 * vec4s;
        string network = field.Network.Describe();
        return storage switch
        {
            GlslWeightStorage.Inline => null,
            GlslWeightStorage.UniformBuffer when bytes > MaxUniformBlockBytes =>
                $"the network {network} needs a {bytes:N0}-byte uniform block; this driver allows {MaxUniformBlockBytes:N0} (GL_MAX_UNIFORM_BLOCK_SIZE)",
            GlslWeightStorage.UniformBuffer when binding >= UniformBufferBindings =>
                $"uniform-buffer binding {binding} is out of range; this driver has {UniformBufferBindings} (GL_MAX_UNIFORM_BUFFER_BINDINGS)",
            GlslWeightStorage.TextureBuffer when vec4s > MaxTextureBufferTexels =>
                $"the network {network} needs {vec4s:N0} texels; this driver allows {MaxTextureBufferTexels:N0} (GL_MAX_TEXTURE_BUFFER_SIZE)",
            GlslWeightStorage.TextureBuffer when binding >= TextureUnits =>
                $"texture unit {binding} is out of range; this driver has {TextureUnits} (GL_MAX_COMBINED_TEXTURE_IMAGE_UNITS)",
            GlslWeightStorage.ShaderStorageBuffer when bytes > MaxShaderStorageBlockBytes =>
                $"the network {network} needs a {bytes:N0}-byte storage block; this driver allows {MaxShaderStorageBlockBytes:N0} (GL_MAX_SHADER_STORAGE_BLOCK_SIZE)",
            GlslWeightStorage.ShaderStorageBuffer when binding >= ShaderStorageBufferBindings =>
                $"shader-storage binding {binding} is out of range; this driver has {ShaderStorageBufferBindings} (GL_MAX_SHADER_STORAGE_BUFFER_BINDINGS)",
            _ when !Enum.IsDefined(storage) => $"{storage} is not a weight storage",
            _ => null,
        };
    }

    /// <summary>Throws <see cref="GlNotSupportedException"/> with the reason when the field does not fit.</summary>
    internal void Require(GlslWeightStorage storage, NeuralField field, int binding)
    {
        if (Problem(storage, field, binding) is { } problem)
            throw new GlNotSupportedException($"{storage} weight storage: {problem}.");
    }
}
