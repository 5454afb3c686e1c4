using NeuralSdf.Hosting;
using NeuralSdf.Runtime.Shaders;
using System.Numerics;
using System.Text.RegularExpressions;
using NeuralSdf.Runtime.Tests.Embedding;
using Xunit.Abstractions;

namespace NeuralSdf.Runtime.Tests.Shaders;

public sealed partial class HlslBakerTests(ITestOutputHelper output)
{
    private const string PixelShader = """
        #include "network.hlsl"
        float4 main(float4 position : SV_Position) : SV_Target
        {
            float3 p = position.xyz * 0.01;
            float3 g;
            float d = nsdf_distance_gradient(p, g);
            float unityDistance;
            float3 unityGradient;
            nsdf_distance_float(p, unityDistance);
            nsdf_gradient_float(p, unityGradient);
            return float4(nsdf_gradient(p) + g + unityGradient, nsdf_distance(p) + d + unityDistance);
        }
        """;

    // Included twice: the include guard must make the second a no-op.
    private const string ComputeShader = """
        #include "network.hlsl"
        #include "network.hlsl"
        RWStructuredBuffer<float4> particles : register(u0);
        [numthreads(32, 1, 1)]
        void main(uint3 id : SV_DispatchThreadID)
        {
            float3 p = particles[id.x].xyz;
            particles[id.x] = float4(nsdf_gradient(p), nsdf_distance(p));
        }
        """;

    [Fact]
    public void HlslUsesHlslTypesAndTheSameWeightsInTheSameOrderAsTheGlsl()
    {
        SdfModel model = TestModels.RandomSiren(61, 6, 10);
        string hlsl = HlslBaker.Bake(model);
        string glsl = GlslBaker.Bake(model, GlslWeightStorage.Inline).Source;

        string code = string.Join("\n", hlsl.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        Assert.DoesNotMatch(@"\b(vec3|vec4|mat4)\b", code);
        Assert.StartsWith("#ifndef NSDF_NETWORK_HLSL\n#define NSDF_NETWORK_HLSL\n", hlsl);
        Assert.Contains("static const float4 nsdf_weights[", hlsl);
        Assert.Contains("float nsdf_distance(float3 p)", hlsl);
        Assert.Contains("float3 nsdf_gradient(float3 p)", hlsl);
        Assert.Contains("void nsdf_distance_float(float3 p, out float Distance)", hlsl);
        Assert.Contains("mul(x, nsdf_fetchBlock(", hlsl);
        Assert.Equal(Numbers(glsl), Numbers(hlsl));
        Assert.True(Numbers(hlsl).Count > model.Network.ParameterCount, "every weight, bias and bound should appear as a literal");
    }

    [SkippableTheory]
    [Trait("Category", "GLSL")]
    [InlineData(new[] { 32, 32 })]
    [InlineData(new[] { 6, 10 })]
    [InlineData(new[] { 64, 64, 64 })]
    public void HlslCompilesWithGlslangInAPixelShader(int[] hidden)
    {
        string validator = Requirements.Tool("glslangValidator", "glslang-tools");
        string directory = WriteShaders(TestModels.RandomSiren(62, hidden), PixelShader, "main.frag.hlsl");
        try
        {
            (int exitCode, string printed) = Requirements.Run(validator, "-D", "-V", "-S", "frag", "-e", "main",
                "-o", Path.Combine(directory, "main.spv"), Path.Combine(directory, "main.frag.hlsl"));
            Assert.True(exitCode == 0, $"glslangValidator (HLSL) rejected the pixel shader:\n{printed}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// glslang cannot run HLSL, but it compiles it to SPIR-V, SPIRV-Cross turns that into GLSL, and llvmpipe runs the
    /// result: the HLSL's numbers, computed on the GPU and compared with the CPU evaluator.
    /// </summary>
    [SkippableFact]
    [Trait("Category", "GL")]
    public void HlslCompiledToSpirvAndRunOnTheGpuMatchesTheCpu()
    {
        string validator = Requirements.Tool("glslangValidator", "glslang-tools");
        string cross = Requirements.Tool("spirv-cross", "spirv-cross");
        using HeadlessGlContext context = Requirements.GlContext();
        SdfModel model = TestModels.RandomSiren(63, 16, 24);
        string directory = WriteShaders(model, ComputeShader, "main.comp.hlsl");
        string glsl;
        try
        {
            string spirv = Path.Combine(directory, "main.spv");
            (int exitCode, string printed) = Requirements.Run(validator, "-D", "-V", "-S", "comp", "-e", "main", "-o", spirv, Path.Combine(directory, "main.comp.hlsl"));
            Assert.True(exitCode == 0, $"glslangValidator (HLSL) rejected the compute shader:\n{printed}");
            (exitCode, glsl) = Requirements.Run(cross, "--version", "430", "--no-es", spirv);
            Assert.True(exitCode == 0, $"spirv-cross failed:\n{glsl}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Vector3[] points = TestModels.PointsAround(model.Bounds, 256, seed: 64);
        Vector4[] results = HostCompute.Run(context.Gl, glsl, points);
        (double maxDistance, double maxGradient) = HostCompute.ErrorsAgainstCpu(model, points, results);
        // The limits of the GLSL comparisons (SdfGpuEvaluatorTests): a transposed block or a mul in the wrong order shows at 1e-1.
        string report = $"HLSL via SPIR-V on {context.Renderer}: max |Δd|/diagonal {maxDistance:E2} (limit 1e-6), max relative |Δ∇d| {maxGradient:E2} (limit 3e-5)";
        output.WriteLine(report);
        Assert.True(maxDistance < 1e-6 && maxGradient < 3e-5, report);
    }

    private static string WriteShaders(SdfModel model, string main, string mainName)
    {
        string directory = Directory.CreateTempSubdirectory("nsdf-hlsl-").FullName;
        File.WriteAllText(Path.Combine(directory, "network.hlsl"), HlslBaker.Bake(model));
        File.WriteAllText(Path.Combine(directory, mainName), main);
        return directory;
    }

    // Every float literal of the weight array and the bound/center macros, in order.
    private static List<string> Numbers(string source) =>
        source.Split('\n').Select(l => l.TrimStart())
            .Where(l => l.StartsWith("vec4(", StringComparison.Ordinal) || l.StartsWith("float4(", StringComparison.Ordinal) || l.StartsWith("#define NSDF_", StringComparison.Ordinal))
            .SelectMany(l => FloatLiteral().Matches(l).Select(m => m.Value)).ToList();

    [GeneratedRegex(@"-?\d+\.\d+(E-?\d+)?|-?\d+E-?\d+")]
    private static partial Regex FloatLiteral();
}
