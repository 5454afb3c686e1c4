using NeuralSdf.Runtime.Shaders;
using System.CommandLine;
using NeuralSdf.Onnx;
using NeuralSdf.Runtime;

namespace NeuralSdf.Cli;

/// <summary>
/// <c>neuralsdf export MODEL [--glsl OUT.glsl] [--storage ssbo|ubo|texture|inline] [--binding N] [--prefix NAME] [--hlsl OUT.hlsl] [--onnx OUT.onnx]</c>:
/// bakes a field of any kind into a GLSL include (plus the packed weights for buffer storage), an HLSL include and/or an
/// ONNX model answering in world units.
/// </summary>
internal static class ExportCommand
{
    private const int PortableUniformBlockBytes = 16_384; // GL_MAX_UNIFORM_BLOCK_SIZE every GL 4.3 driver offers

    private static readonly Dictionary<string, GlslWeightStorage> Storages = new()
    {
        ["ssbo"] = GlslWeightStorage.ShaderStorageBuffer,
        ["ubo"] = GlslWeightStorage.UniformBuffer,
        ["texture"] = GlslWeightStorage.TextureBuffer,
        ["inline"] = GlslWeightStorage.Inline,
    };

    private static readonly Argument<string> Model = new("model") { Description = "Model or field file (.nsdf): a shape or an image field" };
    private static readonly Option<string?> Glsl = new("--glsl") { Description = "GLSL include to write (a shape: PREFIX_distance and PREFIX_gradient; an image: PREFIX_color and PREFIX_color_derivatives)" };
    private static readonly Option<string?> Hlsl = new("--hlsl") { Description = "HLSL include to write, weights as constants (for a Unity Custom Function or Unreal Custom node)" };
    private static readonly Option<string?> Onnx = new("--onnx") { Description = "ONNX model to write (opset 17): a shape maps points [N,3] to distance [N,1]; an image uv [N,2] to color [N,channels]" };
    private static readonly Option<string> Prefix = new("--prefix") { Description = "Start of every generated GLSL/HLSL name, so several fields share one shader (bunny → bunny_distance, BUNNY_BOUNDS_MIN)", DefaultValueFactory = _ => GlslBaker.DefaultPrefix };
    private static readonly Option<string> Storage = CreateStorageOption();
    private static readonly Option<int> Binding = new("--binding") { Description = "Buffer binding point (ssbo, ubo) or texture unit (texture) of the GLSL weights", DefaultValueFactory = _ => 0 };

    public static Command Create()
    {
        var command = new Command("export",
            "Export the network as a GLSL include (plus OUT.weights.bin, the packed weights, for buffer storage), an HLSL include and/or an ONNX model")
        {
            Model, Glsl, Storage, Binding, Prefix, Hlsl, Onnx,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string? glsl = parse.GetValue(Glsl), hlsl = parse.GetValue(Hlsl), onnx = parse.GetValue(Onnx);
            if (glsl is null && hlsl is null && onnx is null) throw new UsageException("export needs at least one of --glsl OUT.glsl, --hlsl OUT.hlsl, --onnx OUT.onnx");
            int binding = parse.GetValue(Binding);
            if (binding is < 0 or > 95) throw new UsageException($"--binding must be 0 to 95; got {binding}");
            GlslWeightStorage storage = Storages[parse.GetValue(Storage)!];
            string prefix = parse.GetValue(Prefix)!;
            if (!GlslBaker.IsValidPrefix(prefix))
                throw new UsageException($"--prefix '{prefix}' is not a shader name: a letter, then letters, digits or single underscores, not starting with gl_");
            NeuralField field = NeuralField.Load(parse.GetValue(Model)!);
            if (glsl is not null) WriteGlsl(field, glsl, storage, binding, prefix);
            if (onnx is not null)
            {
                OnnxExporter.Write(field, onnx);
                (string input, string outputName) = OnnxExporter.Names(field.Kind);
                Console.WriteLine($"Wrote {onnx} (ONNX opset {OnnxExporter.Opset}, {field.Network.Describe()}; input {input} [N,{field.InputCount}], output {outputName} [N,{field.OutputCount}])");
            }
            if (hlsl is not null)
            {
                AtomicFile.WriteAllText(hlsl, HlslBaker.Bake(field, prefix));
                Console.WriteLine($"Wrote {hlsl} (HLSL, weights as constants, {field.Network.Describe()})");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteGlsl(NeuralField field, string output, GlslWeightStorage storage, int binding, string prefix)
    {
        BakedGlsl baked = GlslBaker.Bake(field, storage, binding, prefix);
        AtomicFile.WriteAllText(output, baked.Source);
        Console.WriteLine($"Wrote {output} ({storage}, {field.Network.Describe()})");
        if (baked.PackedWeights.Length == 0) return;
        string weights = Path.ChangeExtension(output, ".weights.bin");
        GlslBaker.WritePackedWeights(baked, weights);
        string where = storage switch
        {
            GlslWeightStorage.UniformBuffer => $"a std140 uniform buffer at binding {binding}",
            GlslWeightStorage.TextureBuffer => $"an RGBA32F buffer texture on texture unit {binding}",
            _ => $"a std430 shader storage buffer at binding {binding}",
        };
        Console.WriteLine($"Wrote {weights}: {baked.PackedWeights.Length:N0} float32 values for {where}");
        long bytes = 4L * baked.PackedWeights.Length;
        if (storage == GlslWeightStorage.UniformBuffer && bytes > PortableUniformBlockBytes)
            Console.WriteLine($"Note: the uniform block is {bytes:N0} bytes; every driver allows {PortableUniformBlockBytes:N0} (GL_MAX_UNIFORM_BLOCK_SIZE), " +
                "most 65,536; use --storage texture or ssbo for nets this size on other drivers");
    }

    private static Option<string> CreateStorageOption()
    {
        var option = new Option<string>("--storage")
        {
            Description = "Where the GLSL reads the weights: ssbo (std430 shader storage buffer), ubo (std140 uniform buffer, small nets), " +
                "texture (RGBA32F buffer texture) or inline (constants in the source)",
            DefaultValueFactory = _ => "ssbo",
        };
        option.AcceptOnlyFromAmong([.. Storages.Keys]);
        return option;
    }
}
