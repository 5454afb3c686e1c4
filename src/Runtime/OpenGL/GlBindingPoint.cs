using NeuralSdf.Runtime.Shaders;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>One indexed binding point our draws and dispatches bind to, so <see cref="GlStateSnapshot"/> can restore it.</summary>
internal readonly record struct GlBindingPoint(GlBindingKind Kind, uint Index)
{
    public static GlBindingPoint For(GlslWeightStorage storage, int binding) => storage switch
    {
        GlslWeightStorage.ShaderStorageBuffer => new(GlBindingKind.ShaderStorageBuffer, (uint)binding),
        GlslWeightStorage.UniformBuffer => new(GlBindingKind.UniformBuffer, (uint)binding),
        GlslWeightStorage.TextureBuffer => new(GlBindingKind.BufferTexture, (uint)binding),
        _ => throw new ArgumentOutOfRangeException(nameof(storage), storage, "This storage binds nothing."),
    };
}

/// <summary>What a <see cref="GlBindingPoint"/> indexes.</summary>
internal enum GlBindingKind
{
    /// <summary>An indexed <c>GL_SHADER_STORAGE_BUFFER</c> binding.</summary>
    ShaderStorageBuffer,

    /// <summary>An indexed <c>GL_UNIFORM_BUFFER</c> binding.</summary>
    UniformBuffer,

    /// <summary>The <c>GL_TEXTURE_BUFFER</c> binding of a texture unit.</summary>
    BufferTexture,

    /// <summary>The <c>GL_TEXTURE_3D</c> binding of a texture unit.</summary>
    Texture3D,
}
