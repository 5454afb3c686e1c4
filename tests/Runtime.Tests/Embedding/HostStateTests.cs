using NeuralSdf.Hosting;
using NeuralSdf.Runtime.Shaders;
using System.Numerics;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.Tests.Embedding;

/// <summary>Nothing of ours may take over the host's frame: state is restored and every object we make is deleted.</summary>
[Collection("GL")]
[Trait("Category", "GL")]
public sealed class HostStateTests
{
    private const int WeightBinding = 3; // where the host has its own buffers and textures bound

    public static TheoryData<GlslWeightStorage> Storages => new(Enum.GetValues<GlslWeightStorage>());

    [SkippableTheory]
    [MemberData(nameof(Storages))]
    public unsafe void Draw_leaves_every_piece_of_host_state_as_it_was(GlslWeightStorage storage)
    {
        using HeadlessGlContext context = Requirements.GlContext();
        GL gl = context.Gl;
        using var framebuffer = new OffscreenFramebuffer(gl, 32, 24);
        framebuffer.Bind();
        HostObjects host = HostObjects.Create(gl);
        host.SetNonDefaultState(gl);
        SdfModel model = TestModels.RandomSiren(41, 8, 8);
        using var renderer = new SdfRenderer(gl, storage, WeightBinding);
        (Matrix4x4 view, Matrix4x4 projection) = HostFrame.Camera(model.Bounds, 32f / 24f);

        Dictionary<string, string> before = GlStateDump.Capture(gl);
        renderer.Draw(model, Matrix4x4.Identity, view, projection); // first draw: builds program and weights
        renderer.Draw(model, Matrix4x4.CreateTranslation(0.1f, 0, 0), view, projection);
        Dictionary<string, string> after = GlStateDump.Capture(gl);

        string differences = GlStateDump.Differences(before, after);
        Assert.True(differences.Length == 0, $"{storage}: state the draw did not restore:\n{differences}");
        Assert.True(before.Count > 120, $"the snapshot holds only {before.Count} entries");
        Assert.Equal(GLEnum.NoError, gl.GetError());
        host.Delete(gl);
    }

    [SkippableTheory]
    [MemberData(nameof(Storages))]
    public void DisposeDeletesEveryGlObjectTheRendererMade(GlslWeightStorage storage)
    {
        using HeadlessGlContext context = Requirements.GlContext();
        GL gl = context.Gl;
        using var framebuffer = new OffscreenFramebuffer(gl, 16, 16);
        framebuffer.Bind();
        SdfModel first = TestModels.RandomSiren(42, 8, 8), second = TestModels.RandomSiren(43, 6, 10);
        (Matrix4x4 view, Matrix4x4 projection) = HostFrame.Camera(first.Bounds, 1f);

        HashSet<string> before = LiveObjects(gl);
        var renderer = new SdfRenderer(gl, storage);
        renderer.Draw(first, Matrix4x4.Identity, view, projection);
        renderer.Draw(second, Matrix4x4.Identity, view, projection);
        HashSet<string> made = LiveObjects(gl);
        made.ExceptWith(before);

        // Per model a program, the distance grid's texture and, unless inline, a buffer (plus a texture for a texture
        // buffer); one vertex array in all.
        int perModel = storage switch { GlslWeightStorage.Inline => 2, GlslWeightStorage.TextureBuffer => 4, _ => 3 };
        Assert.True(made.Count == 2 * perModel + 1, $"{storage}: expected {2 * perModel + 1} new objects, found {made.Count}: {string.Join(", ", made)}");

        renderer.Forget(first);
        HashSet<string> afterForget = LiveObjects(gl);
        Assert.Equal(perModel, made.Count(o => !afterForget.Contains(o)));

        renderer.Dispose();
        HashSet<string> after = LiveObjects(gl);
        Assert.True(!made.Overlaps(after), $"{storage}: still alive after Dispose: {string.Join(", ", made.Intersect(after))}");
        Assert.Equal(GLEnum.NoError, gl.GetError());
    }

    // Every name up to 256 that glIs* reports as an object, by kind.
    private static HashSet<string> LiveObjects(GL gl)
    {
        var live = new HashSet<string>();
        for (uint name = 1; name <= 256; name++)
        {
            if (gl.IsBuffer(name)) live.Add($"buffer {name}");
            if (gl.IsTexture(name)) live.Add($"texture {name}");
            if (gl.IsProgram(name)) live.Add($"program {name}");
            if (gl.IsShader(name)) live.Add($"shader {name}");
            if (gl.IsVertexArray(name)) live.Add($"vertex array {name}");
            if (gl.IsFramebuffer(name)) live.Add($"framebuffer {name}");
            if (gl.IsRenderbuffer(name)) live.Add($"renderbuffer {name}");
            if (gl.IsSampler(name)) live.Add($"sampler {name}");
            if (gl.IsQuery(name)) live.Add($"query {name}");
            if (gl.IsProgramPipeline(name)) live.Add($"program pipeline {name}");
        }
        return live;
    }

    /// <summary>Host objects bound everywhere the renderer might touch, with non-default state around them.</summary>
    private sealed record HostObjects(uint Program, uint VertexArray, uint[] Buffers, uint[] Textures, uint Sampler)
    {
        public static HostObjects Create(GL gl)
        {
            uint program = gl.CreateProgram();
            uint shader = gl.CreateShader(ShaderType.VertexShader);
            gl.ShaderSource(shader, "#version 430 core\nvoid main() { gl_Position = vec4(0.0); }\n");
            gl.CompileShader(shader);
            gl.AttachShader(program, shader);
            gl.LinkProgram(program);
            gl.DeleteShader(shader);
            uint[] buffers = new uint[8];
            gl.GenBuffers(buffers);
            foreach (uint buffer in buffers)
            {
                gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, buffer);
                gl.BufferData(BufferTargetARB.CopyWriteBuffer, 4096, ReadOnlySpan<byte>.Empty, BufferUsageARB.StaticDraw);
            }
            uint[] textures = new uint[6];
            gl.GenTextures(textures);
            return new HostObjects(program, gl.GenVertexArray(), buffers, textures, gl.GenSampler());
        }

        public void SetNonDefaultState(GL gl)
        {
            gl.UseProgram(Program);
            gl.BindVertexArray(VertexArray);
            gl.BindBuffer(BufferTargetARB.ElementArrayBuffer, Buffers[0]);
            gl.BindBuffer(BufferTargetARB.ArrayBuffer, Buffers[1]);
            gl.BindBuffer(BufferTargetARB.CopyReadBuffer, Buffers[2]);
            gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, Buffers[3]);
            gl.BindBuffer(BufferTargetARB.TextureBuffer, Buffers[4]);
            gl.BindBuffer(BufferTargetARB.DrawIndirectBuffer, Buffers[5]);
            for (uint slot = 0; slot < 5; slot++)
            {
                gl.BindBufferRange(BufferTargetARB.ShaderStorageBuffer, slot, Buffers[6], (nint)(256 * slot), 512);
                gl.BindBufferRange(BufferTargetARB.UniformBuffer, slot, Buffers[7], (nint)(256 * slot), 256);
            }
            gl.BindBuffer(BufferTargetARB.ShaderStorageBuffer, Buffers[1]);
            gl.BindBuffer(BufferTargetARB.UniformBuffer, Buffers[2]);
            for (int unit = 0; unit < 5; unit++)
            {
                gl.ActiveTexture(TextureUnit.Texture0 + unit);
                gl.BindTexture(TextureTarget.Texture2D, Textures[unit % 2]);
                gl.BindTexture(TextureTarget.TextureBuffer, Textures[2 + unit % 2]);
                gl.BindTexture(TextureTarget.Texture3D, Textures[4 + unit % 2]);
                gl.BindSampler((uint)unit, Sampler);
            }
            gl.TexBuffer(TextureTarget.TextureBuffer, SizedInternalFormat.R32f, Buffers[4]);
            gl.BindBuffer(BufferTargetARB.PixelUnpackBuffer, Buffers[5]);
            gl.PixelStore(PixelStoreParameter.UnpackRowLength, 7);
            gl.ActiveTexture(TextureUnit.Texture5);
            gl.Disable(EnableCap.DepthTest);
            gl.DepthFunc(DepthFunction.Gequal);
            gl.DepthMask(false);
            gl.DepthRange(0.1, 0.9);
            gl.Enable(EnableCap.Blend);
            gl.BlendFuncSeparate(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.Zero);
            gl.BlendEquationSeparate(BlendEquationModeEXT.FuncAdd, BlendEquationModeEXT.Max);
            gl.BlendColor(0.1f, 0.2f, 0.3f, 0.4f);
            gl.Enable(EnableCap.CullFace);
            gl.CullFace(TriangleFace.Front);
            gl.FrontFace(FrontFaceDirection.CW);
            gl.PolygonMode(TriangleFace.FrontAndBack, PolygonMode.Line);
            gl.Enable(EnableCap.ScissorTest);
            gl.Scissor(2, 3, 20, 15);
            gl.Viewport(1, 2, 30, 20);
            gl.ColorMask(true, false, true, true);
            gl.Enable(EnableCap.StencilTest);
            gl.StencilFunc(StencilFunction.Lequal, 3, 0x7F);
            gl.StencilOp(StencilOp.Keep, StencilOp.Incr, StencilOp.Replace);
            gl.Enable(EnableCap.PolygonOffsetFill);
            gl.PolygonOffset(1.5f, 2f);
            gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
            gl.PixelStore(PixelStoreParameter.UnpackAlignment, 2);
            gl.ClearColor(0.3f, 0.2f, 0.1f, 0.5f);
            gl.ProvokingVertex(VertexProvokingMode.FirstVertexConvention);
            gl.Enable(EnableCap.ProgramPointSize);
        }

        public void Delete(GL gl)
        {
            gl.UseProgram(0);
            gl.BindVertexArray(0);
            gl.DeleteProgram(Program);
            gl.DeleteVertexArray(VertexArray);
            gl.DeleteBuffers(Buffers);
            gl.DeleteTextures(Textures);
            gl.DeleteSampler(Sampler);
        }
    }
}
