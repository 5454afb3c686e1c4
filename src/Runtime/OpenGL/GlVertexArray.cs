using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>An empty vertex array object: core profiles need one bound to draw, even without attributes.</summary>
internal sealed class GlVertexArray : GlObject
{
    public GlVertexArray(GL gl, string label)
        : base(gl, CreateBound(gl), label)
    {
        ApplyLabel(ObjectIdentifier.VertexArray);
    }

    protected override void Delete(uint handle) => Gl.DeleteVertexArray(handle);

    // A vertex array name gets its object only when first bound; bind it once so the label can be applied.
    private static uint CreateBound(GL gl)
    {
        uint handle = gl.GenVertexArray();
        int previous = gl.GetInteger(GetPName.VertexArrayBinding);
        gl.BindVertexArray(handle);
        gl.BindVertexArray((uint)previous);
        return handle;
    }
}
