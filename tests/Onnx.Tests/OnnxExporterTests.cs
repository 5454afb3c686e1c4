using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NeuralSdf.Runtime;
using NeuralSdf.Tests;

namespace NeuralSdf.Onnx.Tests;

/// <summary>The exported graph, run by ONNX Runtime, against <see cref="SdfModel.Distance(Vector3)"/>.</summary>
public class OnnxExporterTests
{
    [Theory]
    [InlineData(1, new[] { 16 })]
    [InlineData(2, new[] { 30, 30 })]
    [InlineData(3, new[] { 64, 64, 64 })]
    public void OnnxRuntimeAnswersLikeTheModelInWorldUnits(int seed, int[] hidden)
    {
        SdfModel model = TestModels.RandomSiren(seed, hidden);
        Vector3[] points = TestModels.PointsAround(model.Bounds, 1000, seed);
        using var session = new InferenceSession(OnnxExporter.ToBytes(model));
        float[] onnx = OnnxDistances(session, points);

        float[] expected = new float[points.Length];
        model.Distance(points, expected);
        double worst = Enumerable.Range(0, points.Length).Max(i => Math.Abs(onnx[i] - expected[i]));
        double tolerance = 1e-5 * model.Bounds.Diagonal;
        Assert.True(worst < tolerance, $"{model.Network.Describe()}: max |onnx − model| = {worst:E3}, tolerance {tolerance:E3}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void AnImageFieldMapsUvToItsChannelsLikeTheCpu(int channels)
    {
        ImageField image = TestModels.RandomImageField(6 + channels, channels, 24, 24);
        var random = new Random(channels);
        Vector2[] uv = Enumerable.Range(0, 500).Select(_ => new Vector2(random.NextSingle(), random.NextSingle())).ToArray();
        using var session = new InferenceSession(OnnxExporter.ToBytes(image.Field));
        Assert.Equal([-1, 2], session.InputMetadata["uv"].Dimensions);
        Assert.Equal([-1, channels], session.OutputMetadata["color"].Dimensions);
        var input = new DenseTensor<float>(uv.SelectMany(p => new[] { p.X, p.Y }).ToArray(), [uv.Length, 2]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("uv", input)]);
        float[] onnx = results.Single().AsEnumerable<float>().ToArray();

        float[] expected = new float[uv.Length * channels];
        image.Sample(uv, expected);
        double worst = Enumerable.Range(0, expected.Length).Max(i => Math.Abs(onnx[i] - expected[i]));
        Assert.True(worst < 1e-5, $"{image.Field.Network.Describe()}: max |onnx − cpu| = {worst:E3}");
    }

    [Fact]
    public void TheGraphDeclaresPointsInAndDistanceOutWithABatchDimension()
    {
        using var session = new InferenceSession(OnnxExporter.ToBytes(TestModels.RandomSiren(4, 8)));
        NodeMetadata input = Assert.Single(session.InputMetadata, pair => pair.Key == OnnxExporter.InputName).Value;
        NodeMetadata output = Assert.Single(session.OutputMetadata, pair => pair.Key == OnnxExporter.OutputName).Value;
        Assert.Equal(typeof(float), input.ElementType);
        Assert.Equal([-1, 3], input.Dimensions);
        Assert.Equal([-1, 1], output.Dimensions);
        Assert.Empty(OnnxDistances(session, []));
    }

    [Fact]
    public void WriteReplacesTheFileAtomicallyAndKeepsTheMetadata()
    {
        SdfModel model = TestModels.RandomSiren(5, 8);
        string folder = Directory.CreateTempSubdirectory("nsdf-onnx-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.onnx");
            File.WriteAllText(path, "old");
            OnnxExporter.Write(model, path);
            Assert.Equal([path], Directory.GetFiles(folder));
            using var session = new InferenceSession(path);
            Assert.Equal("random", session.ModelMetadata.CustomMetadataMap["training.source"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs the session on world points; the [N, 1] output as a flat array.</summary>
    public static float[] OnnxDistances(InferenceSession session, Vector3[] points)
    {
        float[] flat = points.SelectMany(p => new[] { p.X, p.Y, p.Z }).ToArray();
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(flat, [points.Length, 3]);
        using var options = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs =
            session.Run(options, [OnnxExporter.InputName], [input], [OnnxExporter.OutputName]);
        Assert.Equal([points.Length, 1], outputs[0].GetTensorTypeAndShape().Shape);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
