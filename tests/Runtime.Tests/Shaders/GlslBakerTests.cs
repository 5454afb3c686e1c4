using NeuralSdf.Runtime.Shaders;
using System.Buffers.Binary;
using System.Numerics;
using NeuralSdf.Runtime.OpenGL;

namespace NeuralSdf.Runtime.Tests.Shaders;

public sealed class GlslBakerTests
{
    public static TheoryData<int[], GlslWeightStorage> Networks
    {
        get
        {
            var data = new TheoryData<int[], GlslWeightStorage>();
            foreach (GlslWeightStorage storage in Enum.GetValues<GlslWeightStorage>())
            {
                data.Add([32, 32], storage);
                data.Add([64, 64, 64], storage);
                data.Add([6, 10], storage); // widths that need padding
            }
            return data;
        }
    }

    [Fact]
    public void HeaderNamesArchitectureStorageBindingAndBounds()
    {
        SdfModel model = TestModels.RandomSiren(1, 64, 64, 64);
        BakedGlsl baked = GlslBaker.Bake(model, GlslWeightStorage.ShaderStorageBuffer, binding: 3);

        Assert.Contains("SIREN 3 -> 64 -> 64 -> 64 -> 1, omega0 = 30", baked.Source);
        Assert.Contains("binding = 3", baked.Source);
        Assert.Contains("shader storage buffer 'nsdf_WeightBuffer' at binding 3", baked.Source);
        Assert.Contains("#define NSDF_BOUNDS_MIN vec3(1.5, -2.0, 0.5)", baked.Source);
        Assert.Contains("#define NSDF_BOUNDS_MAX vec3(4.5, 0.5, 2.5)", baked.Source);
        Assert.Contains("#define NSDF_CENTER vec3(3.0, -0.75, 1.5)", baked.Source);
        Assert.Equal(GlslWeightStorage.ShaderStorageBuffer, baked.Storage);
        Assert.Equal(3, baked.Binding);
    }

    [Fact]
    public void PackedSizeIsMat4BlocksPlusBiasVectors()
    {
        // 3→6→10→1 pads to 4→8→12→1: layer 0 is 2×1 blocks + 2 bias vec4, layer 1 is 3×2 blocks + 3 bias, output 3 + 1.
        BakedGlsl baked = GlslBaker.Bake(TestModels.RandomSiren(2, 6, 10), GlslWeightStorage.ShaderStorageBuffer);
        int vec4s = (4 * 2 + 2) + (4 * 6 + 3) + (3 + 1);
        Assert.Equal(4 * vec4s, baked.PackedWeights.Length);
    }

    [Theory]
    [InlineData(GlslWeightStorage.UniformBuffer, "layout(std140, binding = 4) uniform nsdf_WeightBlock", "vec4 nsdf_weights[")]
    [InlineData(GlslWeightStorage.TextureBuffer, "layout(binding = 4) uniform samplerBuffer nsdf_weightTexture", "texelFetch(nsdf_weightTexture, i)")]
    [InlineData(GlslWeightStorage.ShaderStorageBuffer, "layout(std430, binding = 4) readonly buffer nsdf_WeightBuffer", "vec4 nsdf_weights[]")]
    public void BufferBakesDeclareTheirStorageAtTheBindingAndShareOnePacking(GlslWeightStorage storage, string declaration, string fetch)
    {
        SdfModel model = TestModels.RandomSiren(3, 6, 10);
        BakedGlsl baked = GlslBaker.Bake(model, storage, binding: 4);
        BakedGlsl reference = GlslBaker.Bake(model, GlslWeightStorage.ShaderStorageBuffer);
        Assert.Contains(declaration, baked.Source);
        Assert.Contains(fetch, baked.Source);
        Assert.Equal(reference.PackedWeights, baked.PackedWeights);
        Assert.Equal(storage, baked.Storage);
    }

    [Fact]
    public void InlineBakeHasNoBufferAndDeclaresConstArray()
    {
        BakedGlsl baked = GlslBaker.Bake(TestModels.RandomSiren(3, 32, 32), GlslWeightStorage.Inline);
        Assert.Empty(baked.PackedWeights);
        Assert.Contains("const vec4 nsdf_weights[", baked.Source);
        Assert.DoesNotContain(baked.Source.Split('\n'), line => line.StartsWith("layout(", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => GlslBaker.WritePackedWeights(baked, Path.Combine(Path.GetTempPath(), "unused.bin")));
    }

    [Theory]
    [InlineData(GlslWeightStorage.ShaderStorageBuffer)]
    [InlineData(GlslWeightStorage.UniformBuffer)]
    [InlineData(GlslWeightStorage.TextureBuffer)]
    [InlineData(GlslWeightStorage.Inline)]
    public void EveryGlobalNameIsPrefixed(GlslWeightStorage storage)
    {
        string source = GlslBaker.Bake(TestModels.RandomSiren(4, 32, 32), storage).Source;
        // Top-level declarations start at column 0 and are not comments, braces or preprocessor lines.
        var globals = source.Split('\n')
            .Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && !l.StartsWith("//", StringComparison.Ordinal) && l[0] != '{' && l[0] != '}')
            .ToList();
        Assert.All(globals, line => Assert.Matches(
            @"^(#define NSDF_|layout\(.*\) (readonly buffer|uniform|uniform samplerBuffer) nsdf_|const int NSDF_|const vec4 nsdf_|(vec4|mat4|vec3|float) nsdf_|\);)", line));
    }

    [Fact]
    public void PackedWeightsEvaluatedLikeTheShaderMatchTheCpuEvaluator()
    {
        // A C# mirror of the generated loops over PackedWeights checks the folding of normalization and ω₀ without GL.
        SdfModel model = TestModels.RandomSiren(5, 64, 64, 64);
        float[] packed = GlslBaker.Bake(model, GlslWeightStorage.ShaderStorageBuffer).PackedWeights;
        var layout = GlslNetworkLayout.For(model.Field.Folded);
        Vector3[] points = TestModels.PointsAround(model.Bounds, 200, seed: 6);

        double maxDistanceError = 0, maxGradientError = 0;
        foreach (Vector3 p in points)
        {
            float expected = model.DistanceAndGradient(p, out Vector3 expectedGradient);
            (double d, Vector3 g) = MirrorOfShader(layout, packed, p - model.Normalization.Center);
            maxDistanceError = Math.Max(maxDistanceError, Math.Abs(d - expected));
            maxGradientError = Math.Max(maxGradientError, (g - expectedGradient).Length() / Math.Max(1.0, expectedGradient.Length()));
        }
        double diagonal = model.Bounds.Diagonal;
        Assert.True(maxDistanceError < 1e-5 * diagonal && maxGradientError < 1e-4,
            $"max |d − d_cpu| = {maxDistanceError:E2} (limit {1e-5 * diagonal:E2}), max relative gradient error {maxGradientError:E2} (limit 1e-4)");
    }

    [Fact]
    public void WritePackedWeightsWritesLittleEndianFloat32()
    {
        BakedGlsl baked = GlslBaker.Bake(TestModels.RandomSiren(7, 6, 10), GlslWeightStorage.ShaderStorageBuffer);
        string path = Path.Combine(Path.GetTempPath(), $"nsdf-weights-{Guid.NewGuid():N}.bin");
        try
        {
            GlslBaker.WritePackedWeights(baked, path);
            byte[] bytes = File.ReadAllBytes(path);
            Assert.Equal(4 * baked.PackedWeights.Length, bytes.Length);
            for (int i = 0; i < baked.PackedWeights.Length; i++)
                Assert.Equal(baked.PackedWeights[i], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NonFiniteWeightIsRejectedWithItsPosition()
    {
        SdfModel model = TestModels.RandomSiren(8, 6, 10);
        model.Network.Layers[1].Weights[7] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => GlslBaker.Bake(model, GlslWeightStorage.Inline));
        Assert.Contains("Layer 1 weight 7", e.Message);
    }

    [Theory]
    [InlineData(1f, "1.0")]
    [InlineData(-0.5f, "-0.5")]
    [InlineData(1e-20f, "1E-20")]
    [InlineData(0.1f, "0.1")]
    public void LiteralIsAGlslFloatThatRoundTrips(float value, string expected)
    {
        string literal = GlslBaker.Literal(value);
        Assert.Equal(expected, literal);
        Assert.Equal(value, float.Parse(literal, System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableTheory]
    [Trait("Category", "GLSL")]
    [MemberData(nameof(Networks))]
    public void IncludeCompilesWithGlslangValidatorInFragmentAndComputeShaders(int[] hidden, GlslWeightStorage storage)
    {
        string validator = Requirements.Tool("glslangValidator", "glslang-tools");
        string include = GlslBaker.Bake(TestModels.RandomSiren(9, hidden), storage, binding: 2).Source;
        const string Use = "vec3 g; float d = nsdf_distance_gradient(p, g); vec4 r = vec4(nsdf_gradient(p) + g, nsdf_distance(p) + d);";
        var shaders = new (string Stage, string Source)[]
        {
            ("frag", $"#version 430\n{include}\nout vec4 color;\nvoid main() {{ vec3 p = gl_FragCoord.xyz; {Use} color = r; }}\n"),
            ("comp", $"#version 430\nlayout(local_size_x = 64) in;\n{include}\nlayout(std430, binding = 5) writeonly buffer Out {{ vec4 results[]; }};\n" +
                     $"void main() {{ vec3 p = vec3(gl_GlobalInvocationID); {Use} results[gl_GlobalInvocationID.x] = r; }}\n"),
            ("frag", ShaderSources.WithNetwork(ShaderSources.Load("sphere_trace.frag.glsl"), include)),
            ("comp", ShaderSources.WithNetwork(ShaderSources.Load("evaluate.comp.glsl"), include)),
        };
        string directory = Directory.CreateTempSubdirectory("nsdf-glsl-").FullName;
        try
        {
            for (int i = 0; i < shaders.Length; i++)
            {
                string path = Path.Combine(directory, $"shader{i}.{shaders[i].Stage}");
                File.WriteAllText(path, shaders[i].Source);
                (int exitCode, string output) = Requirements.Run(validator, path);
                Assert.True(exitCode == 0, $"glslangValidator rejected shader {i} ({shaders[i].Stage}):\n{output}\n{GlShader.Numbered(shaders[i].Source)}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SkippableFact]
    [Trait("Category", "GLSL")]
    public void VertexShaderCompilesWithGlslangValidator()
    {
        string validator = Requirements.Tool("glslangValidator", "glslang-tools");
        string path = Path.Combine(Path.GetTempPath(), $"nsdf-{Guid.NewGuid():N}.vert");
        try
        {
            File.WriteAllText(path, ShaderSources.Load("fullscreen.vert.glsl"));
            (int exitCode, string output) = Requirements.Run(validator, path);
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // The generated GLSL, line for line, in double precision over the float weights; p is already p − NSDF_CENTER.
    private static (double Distance, Vector3 Gradient) MirrorOfShader(GlslNetworkLayout layout, float[] packed, Vector3 p)
    {
        double[] h = [p.X, p.Y, p.Z, 0];
        double[][] j = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]; // ∂h/∂p per axis
        foreach (GlslNetworkLayout.Slot slot in layout.Layers)
        {
            if (slot.IsOutput)
            {
                double d = packed[4 * slot.BiasOffset];
                double[] g = new double[3];
                for (int i = 0; i < 4 * slot.InputBlocks; i++)
                {
                    double w = packed[4 * slot.WeightOffset + i];
                    d += w * h[i];
                    for (int axis = 0; axis < 3; axis++) g[axis] += w * j[axis][i];
                }
                return (d, new Vector3((float)g[0], (float)g[1], (float)g[2]));
            }
            int outputs = 4 * slot.OutputBlocks;
            double[] next = new double[outputs];
            double[][] nextJ = [new double[outputs], new double[outputs], new double[outputs]];
            for (int o = 0; o < outputs; o++)
            {
                double z = packed[4 * slot.BiasOffset + o];
                double[] dz = new double[3];
                for (int i = 0; i < 4 * slot.InputBlocks; i++)
                {
                    int vec4 = slot.WeightOffset + 4 * ((o / 4) * slot.InputBlocks + i / 4) + i % 4;
                    double w = packed[4 * vec4 + o % 4];
                    z += w * h[i];
                    for (int axis = 0; axis < 3; axis++) dz[axis] += w * j[axis][i];
                }
                next[o] = Math.Sin(z);
                for (int axis = 0; axis < 3; axis++) nextJ[axis][o] = Math.Cos(z) * dz[axis];
            }
            h = next;
            j = nextJ;
        }
        throw new InvalidOperationException("The layout has no output layer.");
    }
}
