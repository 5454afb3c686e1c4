using System.CommandLine;
using NeuralSdf.Onnx;
using NeuralSdf.Runtime;

namespace NeuralSdf.Cli;

/// <summary>
/// <c>neuralsdf export MODEL [--glsl OUT.glsl [--inline]] [--onnx OUT.onnx]</c>: bakes the network into a GLSL include
/// and/or writes it as an ONNX model answering in world units.
/// </summary>
internal static class ExportCommand
{
    private static readonly Argument<string> Model = new("model") { Description = "Model file (.nsdf)" };
    private static readonly Option<string> Glsl = new("--glsl") { Description = "GLSL include to write (defines nsdf_distance and nsdf_gradient)" };
    private static readonly Option<string> Onnx = new("--onnx") { Description = "ONNX model to write (opset 17): input points [N,3], output distance [N,1], world units" };
    private static readonly Option<bool> Inline = new("--inline") { Description = "Bake the weights into the source as constants instead of a shader storage buffer" };
    private static readonly Option<int> Binding = new("--binding") { Description = "Shader storage buffer binding of the weights", DefaultValueFactory = _ => 0 };

    public static Command Create()
    {
        var command = new Command("export", "Export the network as GLSL (an include plus, for the storage-buffer form, the packed weights OUT.weights.bin) and/or as ONNX")
        {
            Model, Glsl, Inline, Binding, Onnx,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            int binding = parse.GetValue(Binding);
            if (binding is < 0 or > 95) throw new UsageException($"--binding must be 0 to 95; got {binding}");
            string? output = parse.GetValue(Glsl), onnx = parse.GetValue(Onnx);
            if (output is null && onnx is null) throw new UsageException("export needs --glsl OUT.glsl, --onnx OUT.onnx or both");
            SdfModel model = SdfModel.Load(parse.GetValue(Model)!);
            if (onnx is not null)
            {
                OnnxExporter.Write(model, onnx);
                Console.WriteLine($"Wrote {onnx} (ONNX opset {OnnxExporter.Opset}, {model.Network.Describe()}; input {OnnxExporter.InputName} [N,3], output {OnnxExporter.OutputName} [N,1])");
            }
            if (output is null) return ExitCodes.Success;
            GlslWeightStorage storage = parse.GetValue(Inline) ? GlslWeightStorage.Inline : GlslWeightStorage.ShaderStorageBuffer;
            BakedGlsl baked = GlslBaker.Bake(model, storage, binding);
            AtomicFile.WriteAllText(output, baked.Source);
            Console.WriteLine($"Wrote {output} ({storage}, {model.Network.Describe()})");
            if (storage == GlslWeightStorage.ShaderStorageBuffer)
            {
                string weights = Path.ChangeExtension(output, ".weights.bin");
                GlslBaker.WritePackedWeights(baked, weights);
                Console.WriteLine($"Wrote {weights}: {baked.PackedWeights.Length:N0} float32 values for the std430 buffer at binding {binding}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
