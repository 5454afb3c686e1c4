using Google.Protobuf;
using NeuralSdf.Runtime;
using Onnx;

namespace NeuralSdf.Onnx;

/// <summary>
/// Writes a <see cref="NeuralField"/> as an ONNX model (opset 17) that answers in world units, exactly like the CPU
/// evaluator. For an <see cref="SdfModel"/>: input <c>points</c> [N, 3] float32, output <c>distance</c> [N, 1] float32;
/// for an <see cref="ImageField"/>: input <c>uv</c> [N, 2], output <c>color</c> [N, channels]. The graph is the
/// <see cref="FoldedNetwork"/>: <c>x = input − center</c>, then per sine layer <c>Sin(Gemm(x, W, b))</c>, then the
/// linear <c>Gemm</c>, with ω₀ and both affine maps already in the weights.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The opset the graph is written for.</summary>
    public const int Opset = 17;

    /// <summary>The name of an SDF graph's input, [N, 3] float32 points in world units.</summary>
    public const string InputName = "points";

    /// <summary>The name of an SDF graph's output, [N, 1] float32 signed distances in world units.</summary>
    public const string OutputName = "distance";

    /// <summary>The graph's input and output names for a field of <paramref name="kind"/>.</summary>
    public static (string Input, string Output) Names(FieldKind kind) => kind switch
    {
        FieldKind.Image => ("uv", "color"),
        _ => (InputName, OutputName),
    };

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(SdfModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        Write(model.Field, path);
    }

    /// <summary>Writes <paramref name="field"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(NeuralField field, string path)
    {
        ArgumentNullException.ThrowIfNull(field);
        ModelProto proto = Build(field);
        AtomicFile.Write(path, stream => proto.WriteTo(stream));
    }

    /// <summary>The ONNX model of <paramref name="model"/>, serialized.</summary>
    public static byte[] ToBytes(SdfModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ToBytes(model.Field);
    }

    /// <summary>The ONNX model of <paramref name="field"/>, serialized.</summary>
    public static byte[] ToBytes(NeuralField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return Build(field).ToByteArray();
    }

    private static ModelProto Build(NeuralField field)
    {
        FoldedNetwork network = field.Folded;
        (string inputName, string outputName) = Names(field.Kind);
        var graph = new GraphProto { Name = $"neural_{FieldName(field.Kind)}" };
        graph.Input.Add(PointsValue(inputName, field.InputCount));
        graph.Output.Add(PointsValue(outputName, field.OutputCount));

        graph.Initializer.Add(Tensor("center", [1, field.InputCount], network.InputCenter.ToArray()));
        graph.Node.Add(Node("Sub", [inputName, "center"], "h0"));

        string current = "h0";
        for (int l = 0; l < network.Layers.Count; l++)
        {
            DenseLayer layer = network.Layers[l];
            bool sine = l < network.HiddenLayerCount;
            graph.Initializer.Add(Tensor($"w{l}", [layer.Outputs, layer.Inputs], layer.Weights));
            graph.Initializer.Add(Tensor($"b{l}", [layer.Outputs], layer.Bias));
            NodeProto gemm = Node("Gemm", [current, $"w{l}", $"b{l}"], sine ? $"z{l}" : outputName);
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            if (sine)
            {
                current = $"h{l + 1}";
                graph.Node.Add(Node("Sin", [$"z{l}"], current));
            }
        }

        var proto = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "NeuralSdf",
            DocString = $"A fitted neural {FieldName(field.Kind)} field ({field.Network.Describe()}) in world units.",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach ((string key, string value) in field.Metadata)
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }

    private static string FieldName(FieldKind kind) => kind.ToString().ToLowerInvariant();

    private static ValueInfoProto PointsValue(string name, int columns)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = columns });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorProto Tensor(string name, long[] dims, IEnumerable<float> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        tensor.FloatData.Add(values);
        return tensor;
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }
}
