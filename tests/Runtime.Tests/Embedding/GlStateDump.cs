using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.Tests.Embedding;

/// <summary>
/// A broad snapshot of context state, read with plain glGet*/glIsEnabled calls and written independently of the
/// runtime's own <c>GlStateSnapshot</c>: bindings (global, indexed, per texture unit), capabilities and fixed-function state.
/// </summary>
internal static class GlStateDump
{
    private const int Units = 8, IndexedSlots = 8;

    private static readonly (string Name, GetPName Pname, int Count)[] Integers =
    [
        ("program", GetPName.CurrentProgram, 1), ("vertex array", GetPName.VertexArrayBinding, 1),
        ("array buffer", GetPName.ArrayBufferBinding, 1), ("element buffer", GetPName.ElementArrayBufferBinding, 1),
        ("uniform buffer", GetPName.UniformBufferBinding, 1), ("storage buffer", GetPName.ShaderStorageBufferBinding, 1),
        ("copy read", (GetPName)GLEnum.CopyReadBufferBinding, 1), ("copy write", (GetPName)GLEnum.CopyWriteBufferBinding, 1),
        ("pixel pack", GetPName.PixelPackBufferBinding, 1), ("pixel unpack", GetPName.PixelUnpackBufferBinding, 1),
        ("texture buffer binding", (GetPName)GLEnum.TextureBufferBinding, 1), ("draw indirect", (GetPName)GLEnum.DrawIndirectBufferBinding, 1),
        ("dispatch indirect", GetPName.DispatchIndirectBufferBinding, 1), ("atomic counter", (GetPName)GLEnum.AtomicCounterBufferBinding, 1),
        ("transform feedback buffer", (GetPName)GLEnum.TransformFeedbackBufferBinding, 1), ("query buffer", (GetPName)GLEnum.QueryBufferBinding, 1),
        ("draw framebuffer", GetPName.DrawFramebufferBinding, 1), ("read framebuffer", GetPName.ReadFramebufferBinding, 1),
        ("renderbuffer", GetPName.RenderbufferBinding, 1), ("program pipeline", GetPName.ProgramPipelineBinding, 1),
        ("active texture", GetPName.ActiveTexture, 1), ("viewport", GetPName.Viewport, 4), ("scissor box", GetPName.ScissorBox, 4),
        ("depth func", GetPName.DepthFunc, 1), ("blend src rgb", GetPName.BlendSrcRgb, 1), ("blend dst rgb", GetPName.BlendDstRgb, 1),
        ("blend src alpha", GetPName.BlendSrcAlpha, 1), ("blend dst alpha", GetPName.BlendDstAlpha, 1),
        ("blend equation rgb", GetPName.BlendEquationRgb, 1), ("blend equation alpha", GetPName.BlendEquationAlpha, 1),
        ("cull face mode", GetPName.CullFaceMode, 1), ("front face", GetPName.FrontFace, 1), ("polygon mode", GetPName.PolygonMode, 2),
        ("stencil func", GetPName.StencilFunc, 1), ("stencil ref", GetPName.StencilRef, 1), ("stencil value mask", GetPName.StencilValueMask, 1),
        ("stencil write mask", GetPName.StencilWritemask, 1), ("stencil fail", GetPName.StencilFail, 1),
        ("stencil pass depth pass", GetPName.StencilPassDepthPass, 1), ("pack alignment", GetPName.PackAlignment, 1),
        ("unpack alignment", GetPName.UnpackAlignment, 1), ("draw buffer", GetPName.DrawBuffer, 1), ("read buffer", GetPName.ReadBuffer, 1),
        ("provoking vertex", (GetPName)GLEnum.ProvokingVertex, 1), ("clip origin", (GetPName)GLEnum.ClipOrigin, 1),
        ("clip depth mode", (GetPName)GLEnum.ClipDepthMode, 1), ("patch vertices", (GetPName)GLEnum.PatchVertices, 1),
        ("logic op mode", GetPName.LogicOpMode, 1), ("primitive restart index", (GetPName)GLEnum.PrimitiveRestartIndex, 1),
    ];

    private static readonly (string Name, GetPName Pname, int Count)[] Floats =
    [
        ("depth range", GetPName.DepthRange, 2), ("clear color", GetPName.ColorClearValue, 4), ("clear depth", GetPName.DepthClearValue, 1),
        ("blend color", GetPName.BlendColor, 4), ("line width", GetPName.LineWidth, 1), ("point size", GetPName.PointSize, 1),
        ("polygon offset factor", GetPName.PolygonOffsetFactor, 1), ("polygon offset units", GetPName.PolygonOffsetUnits, 1),
        ("sample coverage value", GetPName.SampleCoverageValue, 1),
    ];

    private static readonly EnableCap[] Capabilities =
    [
        EnableCap.DepthTest, EnableCap.Blend, EnableCap.CullFace, EnableCap.ScissorTest, EnableCap.StencilTest,
        EnableCap.PolygonOffsetFill, EnableCap.PolygonOffsetLine, EnableCap.Dither, EnableCap.ColorLogicOp, EnableCap.RasterizerDiscard,
        EnableCap.DepthClamp, EnableCap.SampleAlphaToCoverage, EnableCap.SampleCoverage, EnableCap.FramebufferSrgb,
        EnableCap.PrimitiveRestart, EnableCap.ProgramPointSize, EnableCap.Multisample, EnableCap.TextureCubeMapSeamless,
    ];

    public static Dictionary<string, string> Capture(GL gl)
    {
        var state = new Dictionary<string, string>();
        Span<int> ints = stackalloc int[4];
        Span<float> floats = stackalloc float[4];
        foreach ((string name, GetPName pname, int count) in Integers)
        {
            gl.GetInteger(pname, ints);
            state[name] = string.Join(",", ints[..count].ToArray());
        }
        foreach ((string name, GetPName pname, int count) in Floats)
        {
            gl.GetFloat(pname, floats);
            state[name] = string.Join(",", floats[..count].ToArray());
        }
        foreach (EnableCap cap in Capabilities) state[$"enabled {cap}"] = gl.IsEnabled(cap).ToString();
        Span<bool> mask = stackalloc bool[4];
        gl.GetBoolean(GetPName.ColorWritemask, mask);
        state["color mask"] = string.Join(",", mask.ToArray());
        state["depth mask"] = gl.GetBoolean(GetPName.DepthWritemask).ToString();

        foreach ((string kind, GLEnum binding, GLEnum start, GLEnum size) in new[]
        {
            ("uniform", GLEnum.UniformBufferBinding, GLEnum.UniformBufferStart, GLEnum.UniformBufferSize),
            ("storage", GLEnum.ShaderStorageBufferBinding, GLEnum.ShaderStorageBufferStart, GLEnum.ShaderStorageBufferSize),
        })
        {
            for (uint i = 0; i < IndexedSlots; i++)
            {
                gl.GetInteger64(start, i, out long offset);
                gl.GetInteger64(size, i, out long length);
                state[$"{kind} slot {i}"] = $"{gl.GetInteger(binding, i)}@{offset}+{length}";
            }
        }

        int active = gl.GetInteger(GetPName.ActiveTexture);
        for (int unit = 0; unit < Units; unit++)
        {
            gl.ActiveTexture(TextureUnit.Texture0 + unit);
            foreach (GLEnum target in new[] { GLEnum.TextureBinding2D, GLEnum.TextureBindingBuffer, GLEnum.TextureBinding3D, GLEnum.TextureBindingCubeMap })
                state[$"unit {unit} {target}"] = gl.GetInteger(target).ToString();
            state[$"unit {unit} sampler"] = gl.GetInteger(GetPName.SamplerBinding).ToString();
        }
        gl.ActiveTexture((TextureUnit)active);
        return state;
    }

    /// <summary>The entries that differ, one line each.</summary>
    public static string Differences(Dictionary<string, string> before, Dictionary<string, string> after) =>
        string.Join("\n", before.Where(entry => after[entry.Key] != entry.Value).Select(entry => $"{entry.Key}: {entry.Value} -> {after[entry.Key]}"));
}
