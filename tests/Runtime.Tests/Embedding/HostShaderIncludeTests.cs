using NeuralSdf.Hosting;
using NeuralSdf.Runtime.Shaders;
using System.Numerics;
using Silk.NET.OpenGL;
using Xunit.Abstractions;

namespace NeuralSdf.Runtime.Tests.Embedding;

/// <summary>
/// The baked include used the way a host uses it: pasted into the host's own compute shader, weights uploaded and
/// bound with plain GL calls as <see cref="BakedGlsl"/> documents, <c>nsdf_distance</c> and <c>nsdf_gradient</c>
/// called from host code (as for collisions or particles), results compared with the CPU evaluator.
/// </summary>
[Collection("GL")]
[Trait("Category", "GL")]
public sealed class HostShaderIncludeTests(ITestOutputHelper output)
{
    private const int Binding = 3;

    [SkippableTheory]
    [InlineData(GlslWeightStorage.ShaderStorageBuffer)]
    [InlineData(GlslWeightStorage.UniformBuffer)]
    [InlineData(GlslWeightStorage.TextureBuffer)]
    [InlineData(GlslWeightStorage.Inline)]
    public void HostComputeShaderCallsNsdfDistanceAndNsdfGradient(GlslWeightStorage storage)
    {
        using HeadlessGlContext context = Requirements.GlContext();
        GL gl = context.Gl;
        SdfModel model = TestModels.RandomSiren(51, 16, 24);
        BakedGlsl baked = GlslBaker.Bake(model, storage, Binding);
        string shader = "#version 430 core\nlayout(local_size_x = 32) in;\n" + baked.Source + """

            // The host's own particle buffer: xyz position in, (gradient, distance) out.
            layout(std430, binding = 0) buffer Particles { vec4 particles[]; };
            void main()
            {
                uint i = gl_GlobalInvocationID.x;
                vec3 p = particles[i].xyz;
                particles[i] = vec4(nsdf_gradient(p), nsdf_distance(p));
            }
            """;

        Vector3[] points = TestModels.PointsAround(model.Bounds, 256, seed: 52);
        uint weights = 0, texture = 0;
        if (storage != GlslWeightStorage.Inline)
        {
            weights = gl.GenBuffer();
            gl.BindBuffer(BufferTargetARB.CopyWriteBuffer, weights);
            gl.BufferData<float>(BufferTargetARB.CopyWriteBuffer, baked.PackedWeights, BufferUsageARB.StaticDraw);
        }
        switch (storage)
        {
            case GlslWeightStorage.ShaderStorageBuffer: gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, Binding, weights); break;
            case GlslWeightStorage.UniformBuffer: gl.BindBufferBase(BufferTargetARB.UniformBuffer, Binding, weights); break;
            case GlslWeightStorage.TextureBuffer:
                texture = gl.GenTexture();
                gl.ActiveTexture(TextureUnit.Texture0 + Binding);
                gl.BindTexture(TextureTarget.TextureBuffer, texture);
                gl.TexBuffer(TextureTarget.TextureBuffer, SizedInternalFormat.Rgba32f, weights);
                break;
        }
        Vector4[] results = HostCompute.Run(gl, shader, points);
        (double maxDistance, double maxGradient) = HostCompute.ErrorsAgainstCpu(model, points, results);

        // The same limits as SdfGpuEvaluatorTests: float sums in another order and llvmpipe's sin/cos.
        string report = $"{storage}, host compute shader on {context.Renderer}: max |Δd|/diagonal {maxDistance:E2} (limit 1e-6), max relative |Δ∇d| {maxGradient:E2} (limit 3e-5)";
        output.WriteLine(report);
        Assert.True(maxDistance < 1e-6 && maxGradient < 3e-5, report);

        if (weights != 0) gl.DeleteBuffer(weights);
        if (texture != 0) gl.DeleteTexture(texture);
    }
}
