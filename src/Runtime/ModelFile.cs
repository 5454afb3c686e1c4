using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace NeuralSdf.Runtime;

/// <summary>
/// Reads and writes <c>.nsdf</c> model files: one <see cref="NeuralField"/> each. The layout is safetensors: an 8-byte
/// little-endian header length, a JSON header (tensor table plus string metadata), then the float32 tensors back to
/// back. Version 2 records the field's kind, input and output counts, both affine maps and the kind's properties;
/// version-1 files (shapes only) still load, as SDF fields. See <c>docs/model-format.md</c> for every field.
/// </summary>
public static class ModelFile
{
    /// <summary>The value of the <c>format</c> metadata key that marks a NeuralSdf model.</summary>
    public const string FormatName = "neuralsdf";

    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const int FormatVersion = 2;

    private const int MaxHeaderBytes = 16 << 20;
    private static readonly string[] Version1Keys =
        ["format", "format_version", "architecture", "omega0", "normalization_center", "normalization_scale", "bounds_min", "bounds_max"];
    private static readonly string[] Version2Keys =
        ["format", "format_version", "architecture", "omega0", "field.kind", "field.inputs", "field.outputs", "input.center", "input.scale",
         "output.scale", "output.offset"];

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Write(string path, SdfModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        WriteField(path, model.Field);
    }

    /// <summary>Writes <paramref name="field"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void WriteField(string path, NeuralField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        AtomicFile.WriteAllBytes(path, Serialize(field));
    }

    /// <summary>The complete file content for <paramref name="model"/>.</summary>
    public static byte[] Serialize(SdfModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Serialize(model.Field);
    }

    /// <summary>The complete file content (format version 2) for <paramref name="field"/>.</summary>
    public static byte[] Serialize(NeuralField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        IReadOnlyList<DenseLayer> layers = field.Network.Layers;
        string kind = FieldKinds.Name(field.Kind);

        using var headerStream = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerStream))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", FormatName);
            json.WriteString("format_version", FormatVersion.ToString(CultureInfo.InvariantCulture));
            json.WriteString("architecture", "siren");
            json.WriteString("omega0", FloatList.Format(field.Network.Omega0));
            json.WriteString("field.kind", kind);
            json.WriteString("field.inputs", field.InputCount.ToString(CultureInfo.InvariantCulture));
            json.WriteString("field.outputs", field.OutputCount.ToString(CultureInfo.InvariantCulture));
            json.WriteString("input.center", FloatList.Format(field.Input.Center));
            json.WriteString("input.scale", FloatList.Format(field.Input.Scale));
            json.WriteString("output.scale", FloatList.Format(field.Output.Scale));
            json.WriteString("output.offset", FloatList.Format(field.Output.Offset));
            foreach ((string key, string value) in field.Properties.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                json.WriteString($"{kind}.{key}", value);
            foreach ((string key, string value) in field.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (!IsReserved(key)) json.WriteString(key, value);
            }
            json.WriteEndObject();

            long offset = 0;
            for (int i = 0; i < layers.Count; i++)
            {
                WriteTensorEntry(json, $"layers.{i}.weight", [layers[i].Outputs, layers[i].Inputs], ref offset);
                WriteTensorEntry(json, $"layers.{i}.bias", [layers[i].Outputs], ref offset);
            }
            json.WriteEndObject();
        }

        // safetensors pads the header with spaces so the data starts 8-byte aligned.
        int headerLength = (int)headerStream.Length;
        int paddedLength = (headerLength + 7) / 8 * 8;
        int dataLength = field.Network.ParameterCount * sizeof(float);
        byte[] file = new byte[8 + paddedLength + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)paddedLength);
        headerStream.GetBuffer().AsSpan(0, headerLength).CopyTo(file.AsSpan(8));
        file.AsSpan(8 + headerLength, paddedLength - headerLength).Fill((byte)' ');

        Span<byte> data = file.AsSpan(8 + paddedLength);
        foreach (DenseLayer layer in layers)
        {
            data = WriteFloats(data, layer.Weights);
            data = WriteFloats(data, layer.Bias);
        }
        return file;
    }

    /// <summary>Reads and validates a model file that holds an SDF. Throws <see cref="SdfFormatException"/> naming the file and the problem.</summary>
    public static SdfModel Read(string path) => new(ReadField(path, FieldKind.Sdf));

    /// <summary>Reads and validates a model file of any kind. Throws <see cref="SdfFormatException"/> naming the file and the problem.</summary>
    public static NeuralField ReadField(string path) => Deserialize(ReadBytes(path), path, expected: null);

    /// <summary>Reads a model file that must hold a field of <paramref name="kind"/>.</summary>
    public static NeuralField ReadField(string path, FieldKind kind) => Deserialize(ReadBytes(path), path, kind);

    /// <summary>Parses and validates the content of an SDF model file; <paramref name="name"/> is used in error messages.</summary>
    public static SdfModel Deserialize(ReadOnlySpan<byte> file, string name) => new(Deserialize(file, name, FieldKind.Sdf));

    /// <summary>Parses and validates the content of a model file of any kind, or of <paramref name="expected"/> when given.</summary>
    public static NeuralField DeserializeField(ReadOnlySpan<byte> file, string name, FieldKind? expected = null) => Deserialize(file, name, expected);

    private static byte[] ReadBytes(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SdfFormatException(path, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SdfFormatException(path, $"cannot read the file ({e.Message})", e);
        }
    }

    private static NeuralField Deserialize(ReadOnlySpan<byte> file, string name, FieldKind? expected)
    {
        if (file.Length < 8)
            throw new SdfFormatException(name, $"file is {file.Length} bytes; a model file starts with an 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > (ulong)(file.Length - 8) || headerLength > MaxHeaderBytes)
            throw new SdfFormatException(name, $"not a NeuralSdf model, or truncated: the header claims {headerLength:N0} bytes but the file has {file.Length - 8:N0} after the length field");

        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(file.Slice(8, (int)headerLength).ToArray());
        }
        catch (JsonException e)
        {
            throw new SdfFormatException(name, $"not a NeuralSdf model: the header is not valid JSON ({e.Message.Split('.')[0]})", e);
        }
        using (header)
        {
            JsonElement root = header.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("__metadata__", out JsonElement metaElement) || metaElement.ValueKind != JsonValueKind.Object)
                throw new SdfFormatException(name, "not a NeuralSdf model: the header has no __metadata__ object");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty property in metaElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    throw new SdfFormatException(name, $"metadata value '{property.Name}' is not a string");
                metadata[property.Name] = property.Value.GetString()!;
            }

            if (!metadata.TryGetValue("format", out string? format) || format != FormatName)
                throw new SdfFormatException(name, $"not a NeuralSdf model: metadata 'format' is {(format is null ? "missing" : $"'{format}'")}, expected '{FormatName}'");
            int version = ParseInt(metadata, "format_version", name);
            if (version < 1 || version > FormatVersion)
                throw new SdfFormatException(name, $"format version {version} is not supported; this build reads versions 1 to {FormatVersion}");
            if (!metadata.TryGetValue("architecture", out string? architecture) || architecture != "siren")
                throw new SdfFormatException(name, $"architecture '{architecture ?? "(missing)"}' is not supported; expected 'siren'");
            float omega0 = ParseFloat(metadata, "omega0", name);

            FieldHeader field = version == 1 ? Version1Field(metadata, name) : Version2Field(metadata, name);
            if (expected is { } wanted && field.Kind != wanted)
                throw new SdfFormatException(name, $"holds an {FieldKinds.Name(field.Kind)} field, not an {FieldKinds.Name(wanted)} field");

            ReadOnlySpan<byte> data = file[(8 + (int)headerLength)..];
            List<DenseLayer> layers = ReadLayers(root, data, name);
            if (layers[0].Inputs != field.Inputs || layers[^1].Outputs != field.Outputs)
                throw new SdfFormatException(name, $"the layers map {layers[0].Inputs} inputs to {layers[^1].Outputs} outputs; the header says {field.Inputs} to {field.Outputs}");
            try
            {
                var network = new SirenNetwork(layers, omega0);
                var input = new InputAffine(field.InputCenter, field.InputScale);
                var output = new OutputAffine(field.OutputScale, field.OutputOffset);
                foreach (string key in metadata.Keys.Where(key => IsReserved(key) || (version == 1 && Version1Keys.Contains(key))).ToList())
                    metadata.Remove(key);
                return new NeuralField(field.Kind, network, input, output, field.Properties, metadata);
            }
            catch (ArgumentException e)
            {
                throw new SdfFormatException(name, e.Message.Split(" (Parameter")[0].TrimEnd('.'), e);
            }
        }
    }

    /// <summary>What the header says about the field, before the tensors are read.</summary>
    private sealed record FieldHeader(FieldKind Kind, int Inputs, int Outputs, float[] InputCenter, float[] InputScale, float[] OutputScale,
        float[] OutputOffset, Dictionary<string, string> Properties);

    /// <summary>A version-1 file is an SDF: one center, one scale, distances divided by the scale.</summary>
    private static FieldHeader Version1Field(Dictionary<string, string> metadata, string name)
    {
        Vector3 center = ParseVector(metadata, "normalization_center", name);
        float scale = ParseFloat(metadata, "normalization_scale", name);
        if (!(scale > 0))
            throw new SdfFormatException(name, $"normalization_scale must be positive; it is {scale}");
        Vector3 min = ParseVector(metadata, "bounds_min", name), max = ParseVector(metadata, "bounds_max", name);
        if (min.X > max.X || min.Y > max.Y || min.Z > max.Z)
            throw new SdfFormatException(name, $"bounds_min {min} is above bounds_max {max}");
        var properties = new Dictionary<string, string>
        {
            [FieldKinds.BoundsMin] = FloatList.Format(min),
            [FieldKinds.BoundsMax] = FloatList.Format(max),
        };
        return new FieldHeader(FieldKind.Sdf, 3, 1, [center.X, center.Y, center.Z], [scale, scale, scale], [1f / scale], [0f], properties);
    }

    private static FieldHeader Version2Field(Dictionary<string, string> metadata, string name)
    {
        string kindName = Require(metadata, "field.kind", name);
        if (!FieldKinds.TryParse(kindName, out FieldKind kind))
            throw new SdfFormatException(name, $"field kind '{kindName}' is not supported; this build reads {string.Join(", ", Enum.GetValues<FieldKind>().Select(FieldKinds.Name))}");
        int inputs = ParseInt(metadata, "field.inputs", name), outputs = ParseInt(metadata, "field.outputs", name);
        if (inputs < 1 || outputs < 1)
            throw new SdfFormatException(name, $"field.inputs and field.outputs must be positive; they are {inputs} and {outputs}");
        string prefix = kindName + ".";
        var properties = metadata.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        foreach (string key in properties.Keys) metadata.Remove(prefix + key);
        return new FieldHeader(kind, inputs, outputs, ParseList(metadata, "input.center", inputs, name), ParseList(metadata, "input.scale", inputs, name),
            ParseList(metadata, "output.scale", outputs, name), ParseList(metadata, "output.offset", outputs, name), properties);
    }

    private static bool IsReserved(string key) => Version2Keys.Contains(key);

    private static List<DenseLayer> ReadLayers(JsonElement root, ReadOnlySpan<byte> data, string name)
    {
        var layers = new List<DenseLayer>();
        long described = 0;
        int tensorCount = root.EnumerateObject().Count(p => p.Name != "__metadata__");
        for (int i = 0; root.TryGetProperty($"layers.{i}.weight", out JsonElement weightEntry); i++)
        {
            if (!root.TryGetProperty($"layers.{i}.bias", out JsonElement biasEntry))
                throw new SdfFormatException(name, $"tensor layers.{i}.bias is missing");
            float[] weights = ReadTensor(weightEntry, $"layers.{i}.weight", 2, data, name, out int[] weightShape);
            float[] bias = ReadTensor(biasEntry, $"layers.{i}.bias", 1, data, name, out int[] biasShape);
            if (biasShape[0] != weightShape[0])
                throw new SdfFormatException(name, $"layers.{i}.bias has {biasShape[0]} values but layers.{i}.weight has {weightShape[0]} rows");
            described += (weights.Length + bias.Length) * sizeof(float);
            layers.Add(new DenseLayer(weightShape[1], weightShape[0], weights, bias));
        }
        if (layers.Count == 0)
            throw new SdfFormatException(name, "the model holds no layers (no tensor layers.0.weight)");
        if (tensorCount != 2 * layers.Count)
            throw new SdfFormatException(name, $"the header lists {tensorCount} tensors; layers 0–{layers.Count - 1} account for {2 * layers.Count}");
        if (described != data.Length)
            throw new SdfFormatException(name, $"the data section holds {data.Length:N0} bytes but the tensors describe {described:N0}{(data.Length < described ? " (truncated file)" : "")}");
        return layers;
    }

    private static float[] ReadTensor(JsonElement entry, string tensor, int rank, ReadOnlySpan<byte> data, string name, out int[] shape)
    {
        try
        {
            string dtype = entry.GetProperty("dtype").GetString() ?? "";
            if (dtype != "F32")
                throw new SdfFormatException(name, $"tensor {tensor} has dtype {dtype}; only F32 is supported");
            shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            JsonElement[] offsets = entry.GetProperty("data_offsets").EnumerateArray().ToArray();
            if (shape.Length != rank || shape.Any(s => s <= 0))
                throw new SdfFormatException(name, $"tensor {tensor} has shape [{string.Join(", ", shape)}]; expected {rank} positive dimensions");
            if (offsets.Length != 2)
                throw new SdfFormatException(name, $"tensor {tensor} needs two data_offsets; it has {offsets.Length}");
            long begin = offsets[0].GetInt64(), end = offsets[1].GetInt64();
            long count = shape.Aggregate(1L, (a, b) => a * b);
            if (end - begin != count * sizeof(float))
                throw new SdfFormatException(name, $"tensor {tensor} of shape [{string.Join(", ", shape)}] needs {count * sizeof(float):N0} bytes; its offsets span {end - begin:N0}");
            if (begin < 0 || end > data.Length)
                throw new SdfFormatException(name, $"tensor {tensor} lies at bytes {begin:N0}–{end:N0} but the data section has {data.Length:N0} bytes (truncated file)");
            float[] values = new float[count];
            ReadOnlySpan<byte> bytes = data[(int)begin..(int)end];
            for (int i = 0; i < values.Length; i++)
            {
                float v = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
                if (!float.IsFinite(v))
                    throw new SdfFormatException(name, $"tensor {tensor} holds a non-finite value ({v}) at index {i}");
                values[i] = v;
            }
            return values;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new SdfFormatException(name, $"tensor {tensor} has a malformed entry (needs dtype, shape and data_offsets)", e);
        }
    }

    private static void WriteTensorEntry(Utf8JsonWriter json, string tensor, int[] shape, ref long offset)
    {
        long bytes = shape.Aggregate(1L, (a, b) => a * b) * sizeof(float);
        json.WriteStartObject(tensor);
        json.WriteString("dtype", "F32");
        json.WriteStartArray("shape");
        foreach (int s in shape) json.WriteNumberValue(s);
        json.WriteEndArray();
        json.WriteStartArray("data_offsets");
        json.WriteNumberValue(offset);
        json.WriteNumberValue(offset + bytes);
        json.WriteEndArray();
        json.WriteEndObject();
        offset += bytes;
    }

    private static Span<byte> WriteFloats(Span<byte> destination, float[] values)
    {
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], values[i]);
        return destination[(values.Length * 4)..];
    }

    private static string Require(Dictionary<string, string> metadata, string key, string name) =>
        metadata.TryGetValue(key, out string? value) ? value : throw new SdfFormatException(name, $"metadata '{key}' is missing");

    private static int ParseInt(Dictionary<string, string> metadata, string key, string name)
    {
        string text = Require(metadata, key, name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new SdfFormatException(name, $"metadata '{key}' is '{text}'; expected an integer");
    }

    private static float ParseFloat(Dictionary<string, string> metadata, string key, string name)
    {
        string text = Require(metadata, key, name);
        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value)
            ? value
            : throw new SdfFormatException(name, $"metadata '{key}' is '{text}'; expected a finite number");
    }

    private static float[] ParseList(Dictionary<string, string> metadata, string key, int count, string name)
    {
        string text = Require(metadata, key, name);
        float[]? values = FloatList.Parse(text);
        if (values is null || values.Length != count)
            throw new SdfFormatException(name, $"metadata '{key}' is '{text}'; expected {count} finite number{(count == 1 ? "" : "s")} separated by commas");
        return values;
    }

    private static Vector3 ParseVector(Dictionary<string, string> metadata, string key, string name)
    {
        string text = Require(metadata, key, name);
        string[] parts = text.Split(',');
        float[] values = new float[3];
        if (parts.Length != 3 || !parts.Select((p, i) => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && float.IsFinite(values[i])).All(ok => ok))
            throw new SdfFormatException(name, $"metadata '{key}' is '{text}'; expected three finite numbers 'x,y,z'");
        return new Vector3(values[0], values[1], values[2]);
    }
}
