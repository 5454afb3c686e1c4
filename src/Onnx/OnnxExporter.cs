using Google.Protobuf;
using NeuralSdf.Runtime;
using Onnx;

namespace NeuralSdf.Onnx;

/// <summary>
/// Writes an <see cref="SdfModel"/> as an ONNX model (opset 17) that answers in world units, exactly like
/// <see cref="SdfModel.Distance(System.Numerics.Vector3)"/>: input <c>points</c> [N, 3] float32, output
/// <c>distance</c> [N, 1] float32. The graph is <c>x = (points − center)·scale</c>, then per sine layer
/// <c>Sin(Gemm(x, ω₀·W, ω₀·b))</c>, then the linear <c>Gemm</c> and a division by the scale.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The opset the graph is written for.</summary>
    public const int Opset = 17;

    /// <summary>The name of the graph's input, [N, 3] float32 points in world units.</summary>
    public const string InputName = "points";

    /// <summary>The name of the graph's output, [N, 1] float32 signed distances in world units.</summary>
    public const string OutputName = "distance";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(SdfModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelProto proto = Build(model);
        AtomicFile.Write(path, stream => proto.WriteTo(stream));
    }

    /// <summary>The ONNX model of <paramref name="model"/>, serialized.</summary>
    public static byte[] ToBytes(SdfModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Build(model).ToByteArray();
    }

    private static ModelProto Build(SdfModel model)
    {
        SirenNetwork network = model.Network;
        SdfNormalization normalization = model.Normalization;
        var graph = new GraphProto { Name = "neural_sdf" };
        graph.Input.Add(PointsValue(InputName, 3));
        graph.Output.Add(PointsValue(OutputName, 1));

        graph.Initializer.Add(Tensor("center", [1, 3], [normalization.Center.X, normalization.Center.Y, normalization.Center.Z]));
        graph.Initializer.Add(Tensor("scale", [], [normalization.Scale]));
        graph.Node.Add(Node("Sub", [InputName, "center"], "centered"));
        graph.Node.Add(Node("Mul", ["centered", "scale"], "h0"));

        string current = "h0";
        for (int l = 0; l < network.Layers.Count; l++)
        {
            DenseLayer layer = network.Layers[l];
            bool sine = l < network.HiddenLayerCount;
            float factor = sine ? network.Omega0 : 1f;
            graph.Initializer.Add(Tensor($"w{l}", [layer.Outputs, layer.Inputs], layer.Weights.Select(w => factor * w)));
            graph.Initializer.Add(Tensor($"b{l}", [layer.Outputs], layer.Bias.Select(b => factor * b)));
            NodeProto gemm = Node("Gemm", [current, $"w{l}", $"b{l}"], sine ? $"z{l}" : "normalized_distance");
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            if (sine)
            {
                current = $"h{l + 1}";
                graph.Node.Add(Node("Sin", [$"z{l}"], current));
            }
        }
        graph.Node.Add(Node("Div", ["normalized_distance", "scale"], OutputName));

        var proto = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "NeuralSdf",
            DocString = $"Signed distance of a fitted neural SDF ({network.Describe()}) in world units.",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach ((string key, string value) in model.Metadata)
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }

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
