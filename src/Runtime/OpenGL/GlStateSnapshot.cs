using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>
/// The host state that our draws and dispatches change, captured before and restored after: current program,
/// vertex array, each indexed binding point we use (buffer range, buffer texture, or 3-D texture and its sampler object) together with the generic
/// binding of its target and the active texture unit, depth test/func/mask, blending, face culling and polygon mode.
/// </summary>
internal readonly struct GlStateSnapshot
{
    private readonly GL _gl;
    private readonly int _program;
    private readonly int _vertexArray;
    private readonly int _storageBuffer;
    private readonly int _uniformBuffer;
    private readonly int _activeTexture;
    private readonly (GlBindingPoint Point, int Object, long Start, long Size, int Sampler)[] _bindings;
    private readonly bool _depthTest;
    private readonly int _depthFunc;
    private readonly bool _depthMask;
    private readonly bool _blend;
    private readonly bool _cullFace;
    private readonly int _polygonMode;

    private GlStateSnapshot(GL gl, ReadOnlySpan<GlBindingPoint> points)
    {
        _gl = gl;
        _program = gl.GetInteger(GetPName.CurrentProgram);
        _vertexArray = gl.GetInteger(GetPName.VertexArrayBinding);
        _storageBuffer = gl.GetInteger(GetPName.ShaderStorageBufferBinding);
        _uniformBuffer = gl.GetInteger(GetPName.UniformBufferBinding);
        _activeTexture = gl.GetInteger(GetPName.ActiveTexture);
        _bindings = new (GlBindingPoint, int, long, long, int)[points.Length];
        for (int i = 0; i < points.Length; i++) _bindings[i] = Read(gl, points[i]);
        _depthTest = gl.IsEnabled(EnableCap.DepthTest);
        _depthFunc = gl.GetInteger(GetPName.DepthFunc);
        _depthMask = gl.GetBoolean(GetPName.DepthWritemask);
        _blend = gl.IsEnabled(EnableCap.Blend);
        _cullFace = gl.IsEnabled(EnableCap.CullFace);
        Span<int> polygonMode = stackalloc int[2];
        gl.GetInteger(GetPName.PolygonMode, polygonMode);
        _polygonMode = polygonMode[0];
    }

    /// <summary>Captures the state, including the binding points in <paramref name="points"/>.</summary>
    public static GlStateSnapshot Capture(GL gl, ReadOnlySpan<GlBindingPoint> points) => new(gl, points);

    public void Restore()
    {
        GL gl = _gl;
        gl.UseProgram((uint)_program);
        gl.BindVertexArray((uint)_vertexArray);
        foreach ((GlBindingPoint point, int handle, long start, long size, int sampler) in _bindings)
        {
            if (point.Kind == GlBindingKind.BufferTexture)
            {
                gl.ActiveTexture(TextureUnit.Texture0 + (int)point.Index);
                gl.BindTexture(TextureTarget.TextureBuffer, (uint)handle);
                continue;
            }
            if (point.Kind == GlBindingKind.Texture3D)
            {
                gl.ActiveTexture(TextureUnit.Texture0 + (int)point.Index);
                gl.BindTexture(TextureTarget.Texture3D, (uint)handle);
                gl.BindSampler(point.Index, (uint)sampler);
                continue;
            }
            BufferTargetARB target = point.Kind == GlBindingKind.UniformBuffer ? BufferTargetARB.UniformBuffer : BufferTargetARB.ShaderStorageBuffer;
            if (handle != 0 && size > 0)
                gl.BindBufferRange(target, point.Index, (uint)handle, (nint)start, (nuint)size);
            else
                gl.BindBufferBase(target, point.Index, (uint)handle);
        }
        // Binding an indexed slot also sets the generic binding, so restore those last.
        gl.BindBuffer(BufferTargetARB.ShaderStorageBuffer, (uint)_storageBuffer);
        gl.BindBuffer(BufferTargetARB.UniformBuffer, (uint)_uniformBuffer);
        gl.ActiveTexture((TextureUnit)_activeTexture);
        Toggle(gl, EnableCap.DepthTest, _depthTest);
        gl.DepthFunc((DepthFunction)_depthFunc);
        gl.DepthMask(_depthMask);
        Toggle(gl, EnableCap.Blend, _blend);
        Toggle(gl, EnableCap.CullFace, _cullFace);
        gl.PolygonMode(TriangleFace.FrontAndBack, (PolygonMode)_polygonMode);
    }

    private static (GlBindingPoint, int, long, long, int) Read(GL gl, GlBindingPoint point)
    {
        switch (point.Kind)
        {
            case GlBindingKind.BufferTexture or GlBindingKind.Texture3D:
            {
                int active = gl.GetInteger(GetPName.ActiveTexture);
                gl.ActiveTexture(TextureUnit.Texture0 + (int)point.Index);
                int texture = gl.GetInteger(point.Kind == GlBindingKind.Texture3D ? GLEnum.TextureBinding3D : GLEnum.TextureBindingBuffer);
                int sampler = gl.GetInteger(GetPName.SamplerBinding);
                gl.ActiveTexture((TextureUnit)active);
                return (point, texture, 0, 0, sampler);
            }
            case GlBindingKind.UniformBuffer:
            {
                gl.GetInteger64(GLEnum.UniformBufferStart, point.Index, out long start);
                gl.GetInteger64(GLEnum.UniformBufferSize, point.Index, out long size);
                return (point, gl.GetInteger(GLEnum.UniformBufferBinding, point.Index), start, size, 0);
            }
            default:
            {
                gl.GetInteger64(GLEnum.ShaderStorageBufferStart, point.Index, out long start);
                gl.GetInteger64(GLEnum.ShaderStorageBufferSize, point.Index, out long size);
                return (point, gl.GetInteger(GLEnum.ShaderStorageBufferBinding, point.Index), start, size, 0);
            }
        }
    }

    private static void Toggle(GL gl, EnableCap cap, bool enabled)
    {
        if (enabled) gl.Enable(cap);
        else gl.Disable(cap);
    }
}
