using NeuralSdf.Runtime.Shaders;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>
/// The GL objects that hold one bake's packed weights: a uniform or shader-storage buffer, or a buffer plus the
/// RGBA32F buffer texture that views it. <see cref="Bind"/> binds them where the baked source reads them;
/// the caller captures and restores that binding (<see cref="BindingPoint"/>).
/// </summary>
internal sealed class GlWeightStore : IDisposable
{
    private readonly GL _gl;
    private readonly GlBuffer _buffer;
    private readonly GlBufferTexture? _texture;

    private GlWeightStore(GL gl, BakedGlsl baked, string label)
    {
        _gl = gl;
        BindingPoint = GlBindingPoint.For(baked.Storage, baked.Binding);
        _buffer = new GlBuffer(gl, label);
        try
        {
            _buffer.SetData<float>(baked.PackedWeights, BufferUsageARB.StaticDraw);
            if (baked.Storage == GlslWeightStorage.TextureBuffer) _texture = new GlBufferTexture(gl, _buffer, label + " (texture)");
        }
        catch
        {
            _buffer.Dispose();
            throw;
        }
    }

    /// <summary>Where <see cref="Bind"/> binds.</summary>
    public GlBindingPoint BindingPoint { get; }

    /// <summary>The store for <paramref name="baked"/>, or null when its weights are inline.</summary>
    public static GlWeightStore? Create(GL gl, BakedGlsl baked, string label) =>
        baked.Storage == GlslWeightStorage.Inline ? null : new GlWeightStore(gl, baked, label);

    /// <summary>Binds the weights at the baked binding; for a buffer texture this also changes the active texture unit.</summary>
    public void Bind()
    {
        switch (BindingPoint.Kind)
        {
            case GlBindingKind.ShaderStorageBuffer:
                _gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, BindingPoint.Index, _buffer.Handle);
                break;
            case GlBindingKind.UniformBuffer:
                _gl.BindBufferBase(BufferTargetARB.UniformBuffer, BindingPoint.Index, _buffer.Handle);
                break;
            case GlBindingKind.BufferTexture:
                _gl.ActiveTexture(TextureUnit.Texture0 + (int)BindingPoint.Index);
                _gl.BindTexture(TextureTarget.TextureBuffer, _texture!.Handle);
                break;
        }
    }

    public void Dispose()
    {
        _texture?.Dispose();
        _buffer.Dispose();
    }
}
