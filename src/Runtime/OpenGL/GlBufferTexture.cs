using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>A buffer texture that views a <see cref="GlBuffer"/> as RGBA32F texels; it does not own the buffer.</summary>
internal sealed class GlBufferTexture : GlObject
{
    public GlBufferTexture(GL gl, GlBuffer buffer, string label)
        : base(gl, gl.GenTexture(), label)
    {
        // The texture unit that is active now keeps its binding: bind, attach, put the previous texture back.
        int previous = gl.GetInteger(GLEnum.TextureBindingBuffer);
        gl.BindTexture(TextureTarget.TextureBuffer, Handle);
        gl.TexBuffer(TextureTarget.TextureBuffer, SizedInternalFormat.Rgba32f, buffer.Handle);
        gl.BindTexture(TextureTarget.TextureBuffer, (uint)previous);
        ApplyLabel(ObjectIdentifier.Texture);
    }

    protected override void Delete(uint handle) => Gl.DeleteTexture(handle);
}
