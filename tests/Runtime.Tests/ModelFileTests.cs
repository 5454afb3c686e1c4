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
    public void FileIsSafetensors_HeaderLengthJsonThenAlignedData()
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
    [InlineData("\"format_version\":\"1\"", "\"format_version\":\"9\"", "format version 9 is not supported")]
    [InlineData("\"shape\":[8,3]", "\"shape\":[8,4]", "needs 128 bytes; its offsets span 96")]
    [InlineData("\"dtype\":\"F32\"", "\"dtype\":\"F16\"", "dtype F16; only F32")]
    [InlineData("\"omega0\":\"30\"", "\"omega0\":\"abc\"", "metadata 'omega0' is 'abc'; expected a finite number")]
    [InlineData("\"normalization_scale\":", "\"scale_removed\":", "metadata 'normalization_scale' is missing")]
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
