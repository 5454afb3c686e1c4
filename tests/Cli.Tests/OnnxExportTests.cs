using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using NeuralSdf.Runtime;
using NeuralSdf.Tests;

namespace NeuralSdf.Cli.Tests;

/// <summary><c>neuralsdf export --onnx</c> as a separate process, its file run by ONNX Runtime.</summary>
public sealed class OnnxExportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-onnx-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ExportOnnxWritesAModelThatAnswersLikeTheNsdf()
    {
        SdfModel model = TestModels.RandomSiren(3, 32, 32);
        model.Save(Path.Combine(_folder, "random.nsdf"));
        CliProcess.Result export = CliProcess.Run(_folder, "export", "random.nsdf", "--onnx", "random.onnx");
        Assert.True(export.ExitCode == 0, export.StandardError);
        Assert.Contains("random.onnx", export.StandardOutput);

        Vector3[] points = TestModels.PointsAround(model.Bounds, 500, 3);
        float[] flat = points.SelectMany(p => new[] { p.X, p.Y, p.Z }).ToArray();
        using var session = new InferenceSession(Path.Combine(_folder, "random.onnx"));
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(flat, [points.Length, 3]);
        using var options = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(options, ["points"], [input], ["distance"]);
        float[] onnx = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        double worst = Enumerable.Range(0, points.Length).Max(i => Math.Abs(onnx[i] - model.Distance(points[i])));
        Assert.True(worst < 1e-5 * model.Bounds.Diagonal, $"max |onnx − model| = {worst:E3}");
    }

    [Fact]
    public void ExportWithoutAnOutputIsOneLineAndExitCodeTwo()
    {
        TestModels.RandomSiren(4, 8).Save(Path.Combine(_folder, "random.nsdf"));
        CliProcess.Result export = CliProcess.Run(_folder, "export", "random.nsdf");
        Assert.Equal(ExitCodes.BadInput, export.ExitCode);
        Assert.Equal("neuralsdf: error: export needs at least one of --glsl OUT.glsl, --hlsl OUT.hlsl, --onnx OUT.onnx", export.StandardError.Trim());
    }
}
