using NeuralSdf.Hosting;
using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Runtime.Shaders;
using NeuralSdf.Training.Images;
using Silk.NET.OpenGL;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests.Images;

/// <summary>
/// A trained image field evaluated three ways at the same texture coordinates: TorchSharp (forward + autograd), the
/// runtime's CPU evaluator, and the exported GLSL called from a fragment shader on the GPU (Mesa llvmpipe), which
/// writes the colour and its two derivatives into three float render targets.
/// </summary>
[Collection("GL")]
[Trait("Category", "GL")]
public sealed class ImageFieldThreeWayTests(ITestOutputHelper output)
{
    private const int Side = 16; // a 16×16 grid of fragments

    [SkippableTheory]
    [InlineData(3, GlslWeightStorage.ShaderStorageBuffer)]
    [InlineData(1, GlslWeightStorage.Inline)]
    [InlineData(4, GlslWeightStorage.TextureBuffer)]
    [InlineData(2, GlslWeightStorage.UniformBuffer)]
    public void TorchCpuAndFragmentShaderAgreeOnATrainedImage(int channels, GlslWeightStorage storage)
    {
        SourceImage image = SmoothImages.Ripple(40, 24, channels);
        var options = ImageTrainer.DefaultOptions with { Steps = 60, HiddenLayers = 2, HiddenWidth = 32, Device = "cpu", Seed = 3 };
        ImageField field = ImageTrainer.Fit(image, ImageSupervision.Values, options).Field;

        // Fragment (x, y) of the grid samples uv = ((x + ½)/16, (y + ½)/16), with y counted from the top here and in GL's
        // bottom-up rows after the read-back is flipped.
        Vector2[] uv = ImageField.PixelCenters(Side, Side, UvRegion.Whole);
        (float[] torchValues, float[] torchJacobians) = TorchEvaluate(field, uv);
        float[] cpuValues = new float[uv.Length * channels], cpuJacobians = new float[uv.Length * channels * 2];
        field.Sample(uv, cpuValues, cpuJacobians);
        (Vector4[] color, Vector4[] ddu, Vector4[] ddv) = FragmentShaderEvaluate(field, storage);

        double cpuValue = 0, cpuDerivative = 0, glslValue = 0, glslDerivative = 0;
        double derivativeScale = Math.Max(1, torchJacobians.Max(Math.Abs));
        for (int p = 0; p < uv.Length; p++)
        {
            Vector4 expected = ImageField.ToRgba(torchValues.AsSpan(p * channels, channels));
            Vector4 gpu = color[p];
            Vector4 difference = Vector4.Abs(gpu - expected);
            glslValue = Math.Max(glslValue, MathF.Max(MathF.Max(difference.X, difference.Y), MathF.Max(difference.Z, difference.W)));
            for (int c = 0; c < channels; c++)
            {
                cpuValue = Math.Max(cpuValue, Math.Abs(cpuValues[p * channels + c] - torchValues[p * channels + c]));
                for (int axis = 0; axis < 2; axis++)
                {
                    int j = (p * channels + c) * 2 + axis;
                    cpuDerivative = Math.Max(cpuDerivative, Math.Abs(cpuJacobians[j] - torchJacobians[j]) / derivativeScale);
                    float glsl = RgbaChannel(axis == 0 ? ddu[p] : ddv[p], channels, c);
                    glslDerivative = Math.Max(glslDerivative, Math.Abs(glsl - torchJacobians[j]) / derivativeScale);
                }
            }
        }
        string report = $"{channels} channel(s), {storage}, {field.Field.Network.Describe()}: value cpu–torch {cpuValue:E2}, glsl–torch {glslValue:E2}; " +
                        $"derivative (relative to max(1, largest)) cpu–torch {cpuDerivative:E2}, glsl–torch {glslDerivative:E2}";
        output.WriteLine(report);
        Assert.True(cpuValue < 1e-5 && cpuDerivative < 1e-5, report);
        // As the SDF's three-way test: the GPU sums in another order with llvmpipe's sin/cos, a little looser.
        Assert.True(glslValue < 2e-5 && glslDerivative < 5e-5, report);
    }

    /// <summary>Channel <paramref name="c"/> of a field with <paramref name="channels"/> channels inside the shader's RGBA expansion.</summary>
    private static float RgbaChannel(Vector4 rgba, int channels, int c) => channels == 2 && c == 1 ? rgba.W : rgba[c];

    /// <summary>Values and ∂/∂u, ∂/∂v straight from TorchSharp: f(x)·scale + offset with x = (uv − ½)·input scale, derivatives by autograd.</summary>
    private static (float[] Values, float[] Jacobians) TorchEvaluate(ImageField field, Vector2[] uv)
    {
        using var scope = NewDisposeScope();
        using var siren = new SirenModule(field.Field.Network);
        float[] center = field.Field.Input.Center.ToArray(), inputScale = field.Field.Input.Scale.ToArray();
        float[] flat = uv.SelectMany(p => new[] { (p.X - center[0]) * inputScale[0], (p.Y - center[1]) * inputScale[1] }).ToArray();
        Tensor x = tensor(flat, [uv.Length, 2]).requires_grad_(true);
        Tensor f = siren.forward(x);
        int channels = field.Channels;
        float[] raw = f.detach().data<float>().ToArray();
        float[] values = new float[raw.Length], jacobians = new float[raw.Length * 2];
        for (int c = 0; c < channels; c++)
        {
            float scale = field.Field.Output.Scale[c];
            float[] g = autograd.grad([f[.., c]], [x], [ones_like(f[.., c])], retain_graph: true)[0].data<float>().ToArray();
            for (int p = 0; p < uv.Length; p++)
            {
                values[p * channels + c] = raw[p * channels + c] * scale + field.Field.Output.Offset[c];
                jacobians[(p * channels + c) * 2] = g[2 * p] * inputScale[0] * scale;
                jacobians[(p * channels + c) * 2 + 1] = g[2 * p + 1] * inputScale[1] * scale;
            }
        }
        return (values, jacobians);
    }

    /// <summary>The exported include called from a fragment shader over a 16×16 target: colour, ddu and ddv per fragment, rows from the top.</summary>
    private static (Vector4[] Color, Vector4[] Ddu, Vector4[] Ddv) FragmentShaderEvaluate(ImageField field, GlslWeightStorage storage)
    {
        using HeadlessGlContext context = Requirements.GlContext();
        GL gl = context.Gl;
        const int binding = 2;
        BakedGlsl baked = GlslBaker.Bake(field.Field, storage, binding, prefix: "tile");
        string vertex = """
            #version 430 core
            void main() { vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2); gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0); }
            """;
        string fragment = "#version 430 core\n" + baked.Source + $$"""

            layout(location = 0) out vec4 color;
            layout(location = 1) out vec4 ddu;
            layout(location = 2) out vec4 ddv;
            void main()
            {
                // Row 0 of the read-back (flipped to the top) is the last GL row.
                vec2 uv = vec2(gl_FragCoord.x, {{Side}}.0 - gl_FragCoord.y) / {{Side}}.0;
                color = tile_color_derivatives(uv, ddu, ddv);
            }
            """;
        uint program = Program(gl, vertex, fragment);
        uint weights = 0, weightTexture = 0;
        if (storage != GlslWeightStorage.Inline)
        {
            weights = gl.GenBuffer();
            gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, weights);
            gl.BufferData<float>(BufferTargetARB.CopyWriteBuffer, baked.PackedWeights, BufferUsageARB.StaticDraw);
            if (storage == GlslWeightStorage.ShaderStorageBuffer) gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, binding, weights);
            if (storage == GlslWeightStorage.UniformBuffer) gl.BindBufferBase(BufferTargetARB.UniformBuffer, binding, weights);
            if (storage == GlslWeightStorage.TextureBuffer)
            {
                weightTexture = gl.GenTexture();
                gl.ActiveTexture(TextureUnit.Texture0 + binding);
                gl.BindTexture(TextureTarget.TextureBuffer, weightTexture);
                gl.TexBuffer(TextureTarget.TextureBuffer, SizedInternalFormat.Rgba32f, weights);
            }
        }
        uint framebuffer = gl.GenFramebuffer();
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, framebuffer);
        uint[] targets = new uint[3];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = gl.GenTexture();
            gl.BindTexture(TextureTarget.Texture2D, targets[i]);
            gl.TexStorage2D(TextureTarget.Texture2D, 1, SizedInternalFormat.Rgba32f, Side, Side);
            gl.FramebufferTexture2D(FramebufferTarget.Framebuffer, FramebufferAttachment.ColorAttachment0 + i, TextureTarget.Texture2D, targets[i], 0);
        }
        gl.DrawBuffers([DrawBufferMode.ColorAttachment0, DrawBufferMode.ColorAttachment1, DrawBufferMode.ColorAttachment2]);
        Assert.Equal(GLEnum.FramebufferComplete, gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer));
        uint vertexArray = gl.GenVertexArray();
        gl.BindVertexArray(vertexArray);
        gl.Viewport(0, 0, Side, Side);
        gl.UseProgram(program);
        gl.DrawArrays(PrimitiveType.Triangles, 0, 3);

        var results = new Vector4[3][];
        for (int i = 0; i < targets.Length; i++)
        {
            var rows = new Vector4[Side * Side];
            gl.ReadBuffer(ReadBufferMode.ColorAttachment0 + i);
            gl.ReadPixels<Vector4>(0, 0, Side, Side, PixelFormat.Rgba, PixelType.Float, rows);
            results[i] = new Vector4[rows.Length];
            for (int y = 0; y < Side; y++) Array.Copy(rows, (Side - 1 - y) * Side, results[i], y * Side, Side);
        }
        Assert.Equal(GLEnum.NoError, gl.GetError());
        gl.DeleteVertexArray(vertexArray);
        gl.DeleteFramebuffer(framebuffer);
        gl.DeleteTextures(targets);
        gl.DeleteProgram(program);
        if (weights != 0) gl.DeleteBuffer(weights);
        if (weightTexture != 0) gl.DeleteTexture(weightTexture);
        return (results[0], results[1], results[2]);
    }

    private static uint Program(GL gl, string vertex, string fragment)
    {
        uint program = gl.CreateProgram();
        foreach ((ShaderType type, string source) in new[] { (ShaderType.VertexShader, vertex), (ShaderType.FragmentShader, fragment) })
        {
            uint shader = gl.CreateShader(type);
            gl.ShaderSource(shader, source);
            gl.CompileShader(shader);
            gl.GetShader(shader, ShaderParameterName.CompileStatus, out int compiled);
            Assert.True(compiled == 1, $"{type} does not compile: {gl.GetShaderInfoLog(shader)}");
            gl.AttachShader(program, shader);
            gl.DeleteShader(shader);
        }
        gl.LinkProgram(program);
        gl.GetProgram(program, ProgramPropertyARB.LinkStatus, out int linked);
        Assert.True(linked == 1, $"the program does not link: {gl.GetProgramInfoLog(program)}");
        return program;
    }
}
