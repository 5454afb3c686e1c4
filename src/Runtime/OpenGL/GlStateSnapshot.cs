using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>
/// The host state that our draws and dispatches change, captured before and restored after: current program,
/// vertex array, the generic and one indexed shader-storage binding per slot we use, depth test/func/mask,
/// blending and face culling.
/// </summary>
internal readonly struct GlStateSnapshot
{
    private readonly GL _gl;
    private readonly int _program;
    private readonly int _vertexArray;
    private readonly int _storageBuffer;
    private readonly (uint Index, int Buffer, long Start, long Size)[] _storageBindings;
    private readonly bool _depthTest;
    private readonly int _depthFunc;
    private readonly bool _depthMask;
    private readonly bool _blend;
    private readonly bool _cullFace;

    private GlStateSnapshot(GL gl, ReadOnlySpan<uint> storageIndices)
    {
        _gl = gl;
        _program = gl.GetInteger(GetPName.CurrentProgram);
        _vertexArray = gl.GetInteger(GetPName.VertexArrayBinding);
        _storageBuffer = gl.GetInteger(GetPName.ShaderStorageBufferBinding);
        _storageBindings = new (uint, int, long, long)[storageIndices.Length];
        for (int i = 0; i < storageIndices.Length; i++)
        {
            uint index = storageIndices[i];
            gl.GetInteger64(GLEnum.ShaderStorageBufferStart, index, out long start);
            gl.GetInteger64(GLEnum.ShaderStorageBufferSize, index, out long size);
            _storageBindings[i] = (index, gl.GetInteger(GLEnum.ShaderStorageBufferBinding, index), start, size);
        }
        _depthTest = gl.IsEnabled(EnableCap.DepthTest);
        _depthFunc = gl.GetInteger(GetPName.DepthFunc);
        _depthMask = gl.GetBoolean(GetPName.DepthWritemask);
        _blend = gl.IsEnabled(EnableCap.Blend);
        _cullFace = gl.IsEnabled(EnableCap.CullFace);
    }

    /// <summary>Captures the state, including the indexed storage bindings at <paramref name="storageIndices"/>.</summary>
    public static GlStateSnapshot Capture(GL gl, ReadOnlySpan<uint> storageIndices) => new(gl, storageIndices);

    public void Restore()
    {
        GL gl = _gl;
        gl.UseProgram((uint)_program);
        gl.BindVertexArray((uint)_vertexArray);
        foreach ((uint index, int buffer, long start, long size) in _storageBindings)
        {
            if (buffer != 0 && size > 0)
                gl.BindBufferRange(BufferTargetARB.ShaderStorageBuffer, index, (uint)buffer, (nint)start, (nuint)size);
            else
                gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, index, (uint)buffer);
        }
        // Binding an indexed slot also sets the generic binding, so restore it last.
        gl.BindBuffer(BufferTargetARB.ShaderStorageBuffer, (uint)_storageBuffer);
        Toggle(gl, EnableCap.DepthTest, _depthTest);
        gl.DepthFunc((DepthFunction)_depthFunc);
        gl.DepthMask(_depthMask);
        Toggle(gl, EnableCap.Blend, _blend);
        Toggle(gl, EnableCap.CullFace, _cullFace);
    }

    private static void Toggle(GL gl, EnableCap cap, bool enabled)
    {
        if (enabled) gl.Enable(cap);
        else gl.Disable(cap);
    }
}
