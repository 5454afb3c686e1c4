using NeuralSdf.Runtime.OpenGL;
using NeuralSdf.Runtime.Shaders;

namespace NeuralSdf.Runtime.Tests.Shaders;

/// <summary>The shader bakers on fields other than a distance, and several fields in one shader through their name prefixes.</summary>
public class FieldShaderTests
{
    [Theory]
    [InlineData(1, "float tile_eval(vec2 p)", "float tile_eval_gradient(vec2 p, out vec2 g)")]
    [InlineData(2, "vec2 tile_eval(vec2 p)", "vec2 tile_eval_jacobian(vec2 p, out mat2x2 J)")]
    [InlineData(3, "vec3 tile_eval(vec2 p)", "vec3 tile_eval_jacobian(vec2 p, out mat2x3 J)")]
    [InlineData(4, "vec4 tile_eval(vec2 p)", "vec4 tile_eval_jacobian(vec2 p, out mat2x4 J)")]
    public void ImageFieldBakesTypedColorFunctionsOverItsGenericOnes(int channels, string eval, string jacobian)
    {
        string glsl = GlslBaker.Bake(TestModels.RandomImageField(1, channels, 8), GlslWeightStorage.Inline, prefix: "tile").Source;
        Assert.Contains(eval, glsl);
        Assert.Contains(jacobian, glsl);
        Assert.Contains("vec4 tile_color(vec2 uv)", glsl);
        Assert.Contains("vec4 tile_color_derivatives(vec2 uv, out vec4 ddu, out vec4 ddv)", glsl);
        Assert.Contains("#define TILE_SIZE vec2(40.0, 24.0)", glsl);
        Assert.DoesNotContain("nsdf", glsl, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("_distance", glsl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2fast")]
    [InlineData("gl_mine")]
    [InlineData("two__underscores")]
    [InlineData("has space")]
    public void APrefixThatIsNotAShaderNameIsRefused(string prefix)
    {
        var e = Assert.Throws<ArgumentException>(() => GlslBaker.Bake(TestModels.RandomSiren(2, 8), GlslWeightStorage.Inline, prefix: prefix));
        Assert.Contains($"'{prefix}' is not a shader identifier", e.Message);
        Assert.Throws<ArgumentException>(() => HlslBaker.Bake(TestModels.RandomSiren(2, 8), prefix));
    }

    [SkippableFact]
    [Trait("Category", "GLSL")]
    public void AShapeAndAnImageFieldLiveInOneGlslShader()
    {
        string validator = Requirements.Tool("glslangValidator", "glslang-tools");
        string bunny = GlslBaker.Bake(TestModels.RandomSiren(3, 16, 16), GlslWeightStorage.ShaderStorageBuffer, binding: 0, prefix: "bunny").Source;
        string wood = GlslBaker.Bake(TestModels.RandomImageField(4, 3, 16, 16), GlslWeightStorage.TextureBuffer, binding: 1, prefix: "wood").Source;
        string shader = $$"""
            #version 430
            {{bunny}}
            {{wood}}
            out vec4 color;
            void main()
            {
                vec3 p = vec3(gl_FragCoord.xy / 512.0, 0.5);
                vec4 ddu, ddv;
                vec4 c = wood_color_derivatives(p.xy, ddu, ddv) + wood_color(p.yx);
                color = c * bunny_distance(p) + vec4(bunny_gradient(p), 0.0) + ddu + ddv;
            }
            """;
        (int exitCode, string printed) = Compile(validator, shader, "frag");
        Assert.True(exitCode == 0, $"glslangValidator rejected two fields in one shader:\n{printed}\n{GlShader.Numbered(shader)}");
    }

    [SkippableFact]
    [Trait("Category", "GLSL")]
    public void AShapeAndAnImageFieldLiveInOneHlslPixelShader()
    {
        string validator = Requirements.Tool("glslangValidator", "glslang-tools");
        string bunny = HlslBaker.Bake(TestModels.RandomSiren(5, 16, 16), "bunny");
        string wood = HlslBaker.Bake(TestModels.RandomImageField(6, 4, 16), "wood");
        string shader = $$"""
            {{bunny}}
            {{wood}}
            float4 main(float4 position : SV_Position) : SV_Target
            {
                float3 p = float3(position.xy / 512.0, 0.5);
                float4 ddu, ddv;
                float4 c = wood_color_derivatives(p.xy, ddu, ddv);
                float4 unity;
                wood_color_float(p.yx, unity);
                return c * bunny_distance(p) + float4(bunny_gradient(p), 0.0) + ddu + ddv + unity;
            }
            """;
        (int exitCode, string printed) = Compile(validator, shader, "frag", hlsl: true);
        Assert.True(exitCode == 0, $"glslangValidator (HLSL) rejected two fields in one pixel shader:\n{printed}\n{GlShader.Numbered(shader)}");
    }

    private static (int ExitCode, string Output) Compile(string validator, string source, string stage, bool hlsl = false)
    {
        string directory = Directory.CreateTempSubdirectory("nsdf-fields-").FullName;
        try
        {
            string path = Path.Combine(directory, hlsl ? "main.frag.hlsl" : $"main.{stage}");
            File.WriteAllText(path, source);
            return hlsl
                ? Requirements.Run(validator, "-D", "-V", "-S", stage, "-e", "main", "-o", Path.Combine(directory, "main.spv"), path)
                : Requirements.Run(validator, path);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
