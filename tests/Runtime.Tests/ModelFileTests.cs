using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace NeuralSdf.Runtime.Tests;

public class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-modelfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RoundTripKeepsEveryWeightMetadataAndTransform()
    {
        SdfModel model = TestModels.RandomSiren(1, 24, 24, 24);
        string path = Path.Combine(_folder, "m.nsdf");
        model.Save(path);
        SdfModel loaded = SdfModel.Load(path);

        Assert.Equal(model.Network.Omega0, loaded.Network.Omega0);
        Assert.Equal(model.Normalization, loaded.Normalization);
        Assert.Equal(model.Bounds, loaded.Bounds);
        Assert.Equal(model.Metadata.OrderBy(kv => kv.Key), loaded.Metadata.OrderBy(kv => kv.Key));
        Assert.Equal(model.Network.Layers.Count, loaded.Network.Layers.Count);
        for (int l = 0; l < model.Network.Layers.Count; l++)
        {
            Assert.Equal(model.Network.Layers[l].Weights, loaded.Network.Layers[l].Weights);
            Assert.Equal(model.Network.Layers[l].Bias, loaded.Network.Layers[l].Bias);
        }
        Assert.Equal(model.Distance(Vector3.One), loaded.Distance(Vector3.One));
    }

    [Fact]
    public void FileIsSafetensorsHeaderLengthJsonThenAlignedData()
    {
        SdfModel model = TestModels.RandomSiren(2, 32, 32);
        byte[] file = ModelFile.Serialize(model);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0ul, headerLength % 8);
        string header = Encoding.UTF8.GetString(file, 8, (int)headerLength);
        Assert.Contains("\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[32,3]", header);
        Assert.Contains("\"format\":\"neuralsdf\"", header);
        Assert.Equal(8 + (long)headerLength + model.Network.ParameterCount * 4, file.LongLength);
        // The first weight sits at the start of the data section.
        Assert.Equal(model.Network.Layers[0].Weights[0], BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(8 + (int)headerLength)));
    }

    [Fact]
    public void EveryTruncationIsReportedAsAFormatError()
    {
        byte[] file = ModelFile.Serialize(TestModels.RandomSiren(3, 8));
        for (int length = 0; length < file.Length; length += length < 600 ? 1 : 37)
        {
            var e = Assert.Throws<SdfFormatException>(() => ModelFile.Deserialize(file.AsSpan(0, length), "cut.nsdf"));
            Assert.StartsWith("cut.nsdf: ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        byte[] file = [.. ModelFile.Serialize(TestModels.RandomSiren(4, 8)), 0, 0, 0, 0];
        var e = Assert.Throws<SdfFormatException>(() => ModelFile.Deserialize(file, "long.nsdf"));
        Assert.Contains("data section holds", e.Message);
    }

    [Fact]
    public void NonFiniteWeightIsRejectedWithTensorAndIndex()
    {
        SdfModel model = TestModels.RandomSiren(5, 8);
        model.Network.Layers[1].Weights[3] = float.NaN;
        var e = Assert.Throws<SdfFormatException>(() => ModelFile.Deserialize(ModelFile.Serialize(model), "nan.nsdf"));
        Assert.Contains("layers.1.weight holds a non-finite value (NaN) at index 3", e.Message);
    }

    [Theory]
    [InlineData("\"format\":\"neuralsdf\"", "\"format\":\"something\"", "not a NeuralSdf model: metadata 'format' is 'something'")]
    [InlineData("\"format_version\":\"2\"", "\"format_version\":\"9\"", "format version 9 is not supported")]
    [InlineData("\"shape\":[8,3]", "\"shape\":[8,4]", "needs 128 bytes; its offsets span 96")]
    [InlineData("\"dtype\":\"F32\"", "\"dtype\":\"F16\"", "dtype F16; only F32")]
    [InlineData("\"omega0\":\"30\"", "\"omega0\":\"abc\"", "metadata 'omega0' is 'abc'; expected a finite number")]
    [InlineData("\"input.scale\":", "\"scale_removed\":", "metadata 'input.scale' is missing")]
    [InlineData("\"field.kind\":\"sdf\"", "\"field.kind\":\"wave\"", "field kind 'wave' is not supported; this build reads sdf, image")]
    [InlineData("\"field.inputs\":\"3\"", "\"field.inputs\":\"2\"", "metadata 'input.center' is '")]
    [InlineData("\"sdf.bounds_min\":", "\"sdf.bounds_gone\":", "sdf property 'bounds_min' is missing")]
    [InlineData("\"output.scale\":\"", "\"output.scale\":\"0,", "metadata 'output.scale' is '0,")]
    public void CorruptHeaderFieldsAreNamed(string original, string replacement, string expected)
    {
        byte[] file = ModelFile.Serialize(TestModels.RandomSiren(6, 8));
        byte[] corrupted = ReplaceInHeader(file, original, replacement);
        var e = Assert.Throws<SdfFormatException>(() => ModelFile.Deserialize(corrupted, "bad.nsdf"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ForeignAndMissingFilesGiveOneLine()
    {
        string png = Path.Combine(_folder, "image.png");
        File.WriteAllBytes(png, [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13]);
        Assert.Contains("not a NeuralSdf model", Assert.Throws<SdfFormatException>(() => SdfModel.Load(png)).Message);
        Assert.Contains("file not found", Assert.Throws<SdfFormatException>(() => SdfModel.Load(Path.Combine(_folder, "none.nsdf"))).Message);
    }

    [Fact]
    public void SaveReplacesAtomicallyAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "a.nsdf");
        TestModels.RandomSiren(7, 16, 16).Save(path);
        TestModels.RandomSiren(8, 8).Save(path);
        Assert.Equal(1, SdfModel.Load(path).Network.HiddenLayerCount);
        Assert.Equal(["a.nsdf"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Version2HeaderNamesTheKindCountsAndAffines()
    {
        SdfModel model = TestModels.RandomSiren(9, 8);
        byte[] file = ModelFile.Serialize(model);
        string header = Encoding.UTF8.GetString(file, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(file));
        float s = model.Normalization.Scale;
        foreach (string expected in new[] { "\"format_version\":\"2\"", "\"field.kind\":\"sdf\"", "\"field.inputs\":\"3\"", "\"field.outputs\":\"1\"",
                     $"\"input.scale\":\"{F(s)},{F(s)},{F(s)}\"", $"\"output.scale\":\"{F(1f / s)}\"", "\"output.offset\":\"0\"", "\"sdf.bounds_min\":" })
            Assert.Contains(expected, header);
    }

    [Fact]
    public void VersionOneFileLoadsAsAnSdfWithTheDistancesItsOwnKeysDefine()
    {
        // A version-1 file written here by hand from its specification (docs/model-format.md), not by ModelFile.
        var random = new Random(11);
        float[] w0 = Uniform(random, 8 * 3, 0.4f), b0 = Uniform(random, 8, 0.4f), w1 = Uniform(random, 8, 0.3f), b1 = [0.05f];
        Vector3 center = new(1.5f, -0.5f, 2f), min = new(0.5f, -1.5f, 1f), max = new(2.5f, 0.5f, 3f);
        const float scale = 0.9f, omega = 30f;
        string path = Path.Combine(_folder, "v1.nsdf");
        File.WriteAllBytes(path, VersionOneFile(omega, center, scale, min, max, [(w0, [8, 3]), (b0, [8]), (w1, [1, 8]), (b1, [1])]));

        SdfModel model = SdfModel.Load(path);
        Assert.Equal(new BoundingBox(min, max), model.Bounds);
        Assert.Equal("v1 fixture", model.Metadata["training.source"]);
        Assert.False(model.Metadata.ContainsKey("normalization_scale"));
        foreach (Vector3 p in TestModels.PointsAround(model.Bounds, 50, 12))
        {
            double[] x = [(p.X - center.X) * scale, (p.Y - center.Y) * scale, (p.Z - center.Z) * scale];
            double f = b1[0];
            for (int o = 0; o < 8; o++)
            {
                double z = b0[o];
                for (int i = 0; i < 3; i++) z += w0[o * 3 + i] * x[i];
                f += w1[o] * Math.Sin(omega * z);
            }
            // float evaluation against double: the 1e-5 of the diagonal the evaluator tests allow.
            Assert.True(Math.Abs(f / scale - model.Distance(p)) < 1e-5 * model.Bounds.Diagonal, $"at {p}: {model.Distance(p)} against {f / scale}");
        }

        // Saving it again writes version 2 with the same field.
        string again = Path.Combine(_folder, "v2.nsdf");
        model.Save(again);
        SdfModel reloaded = SdfModel.Load(again);
        Assert.Equal(model.Normalization, reloaded.Normalization);
        Assert.Equal(model.Distance(center), reloaded.Distance(center));
    }

    [Fact]
    public void ModelWrittenBeforeVersion2StillLoads()
    {
        string path = RepositoryFiles.Path("samples", "HostRenderer", "torus.nsdf");
        Assert.Contains("\"format_version\":\"1\"", Encoding.UTF8.GetString(File.ReadAllBytes(path), 0, 600));
        SdfModel model = SdfModel.Load(path);
        Assert.Equal(FieldKind.Sdf, model.Field.Kind);
        Assert.True(model.Distance(model.Bounds.Center + new Vector3(model.Bounds.Size.X * 0.6f, 0, 0)) > 0, "far outside the torus the distance is positive");
    }

    [Fact]
    public void ImageFieldRoundTripsAndIsRefusedWhereAnSdfIsExpected()
    {
        var random = new Random(13);
        var network = new SirenNetwork([new DenseLayer(2, 8, Uniform(random, 16, 0.5f), Uniform(random, 8, 0.5f)),
            new DenseLayer(8, 3, Uniform(random, 24, 0.3f), Uniform(random, 3, 0.3f))], 30f);
        ImageField image = ImageField.Create(network, 64, 32, new OutputAffine([0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]), "srgb",
            new Dictionary<string, string> { ["training.source"] = "tile.png" });
        string path = Path.Combine(_folder, "tile.nsdf");
        image.Save(path);

        ImageField loaded = ImageField.Load(path);
        Assert.Equal((64, 32, 3, "srgb"), (loaded.Width, loaded.Height, loaded.Channels, loaded.ColorSpace));
        Assert.Equal(image.Field.Input, loaded.Field.Input);
        Assert.Equal(image.Field.Output, loaded.Field.Output);
        Assert.Equal("tile.png", loaded.Field.Metadata["training.source"]);
        Assert.Equal(image.Color(new Vector2(0.3f, 0.8f)), loaded.Color(new Vector2(0.3f, 0.8f)));
        Assert.Equal(FieldKind.Image, NeuralField.Load(path).Kind);

        var e = Assert.Throws<SdfFormatException>(() => SdfModel.Load(path));
        Assert.Equal($"{path}: holds an image field, not an sdf field", e.Message);
    }

    private static string F(float value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static float[] Uniform(Random random, int count, float limit) =>
        Enumerable.Range(0, count).Select(_ => (2 * random.NextSingle() - 1) * limit).ToArray();

    private static byte[] VersionOneFile(float omega, Vector3 center, float scale, Vector3 min, Vector3 max, (float[] Values, int[] Shape)[] tensors)
    {
        string V(Vector3 v) => $"{F(v.X)},{F(v.Y)},{F(v.Z)}";
        var header = new StringBuilder();
        header.Append("{\"__metadata__\":{\"format\":\"neuralsdf\",\"format_version\":\"1\",\"architecture\":\"siren\",");
        header.Append($"\"omega0\":\"{F(omega)}\",\"normalization_center\":\"{V(center)}\",\"normalization_scale\":\"{F(scale)}\",");
        header.Append($"\"bounds_min\":\"{V(min)}\",\"bounds_max\":\"{V(max)}\",\"training.source\":\"v1 fixture\"}}");
        long offset = 0;
        for (int t = 0; t < tensors.Length; t++)
        {
            string name = $"layers.{t / 2}.{(t % 2 == 0 ? "weight" : "bias")}";
            long bytes = 4L * tensors[t].Values.Length;
            header.Append($",\"{name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", tensors[t].Shape)}],\"data_offsets\":[{offset},{offset + bytes}]}}");
            offset += bytes;
        }
        header.Append('}');
        byte[] json = Encoding.UTF8.GetBytes(header.ToString());
        int padded = (json.Length + 7) / 8 * 8;
        byte[] file = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        json.CopyTo(file, 8);
        file.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        int at = 8 + padded;
        foreach ((float[] values, _) in tensors)
        {
            foreach (float v in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(at), v);
                at += 4;
            }
        }
        return file;
    }

    private static byte[] ReplaceInHeader(byte[] file, string original, string replacement)
    {
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = Encoding.UTF8.GetString(file, 8, headerLength).TrimEnd();
        Assert.Contains(original, header);
        byte[] newHeader = Encoding.UTF8.GetBytes(header.Replace(original, replacement));
        int padded = (newHeader.Length + 7) / 8 * 8;
        byte[] result = new byte[8 + padded + file.Length - 8 - headerLength];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded);
        newHeader.CopyTo(result, 8);
        result.AsSpan(8 + newHeader.Length, padded - newHeader.Length).Fill((byte)' ');
        file.AsSpan(8 + headerLength).CopyTo(result.AsSpan(8 + padded));
        return result;
    }
}
