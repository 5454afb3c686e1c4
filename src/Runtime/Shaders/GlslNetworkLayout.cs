namespace NeuralSdf.Runtime.Shaders;

/// <summary>
/// How the shader writers lay a <see cref="FoldedNetwork"/> out for the GPU, in <c>vec4</c> units. Widths are
/// padded to multiples of 4 with zeros (an input count of up to 4 fills one <c>vec4</c>). A sine layer stores its
/// [outputBlocks × inputBlocks] <c>mat4</c> blocks row of blocks by row of blocks, each block as four column
/// <c>vec4</c>s (GLSL's column-major <c>mat4</c>), then one bias <c>vec4</c> per output block. The linear output
/// layer stores, output after output, that output's weight row as one <c>vec4</c> per input block, then one
/// <c>vec4</c> with the (up to four) biases: a dot product per output, which for a distance is a quarter of a
/// <c>mat4</c> block's work.
/// </summary>
internal sealed class GlslNetworkLayout
{
    /// <summary>The most inputs and outputs a shader field takes: one <c>vec4</c> each.</summary>
    public const int MaxInputs = 4, MaxOutputs = 4;

    private GlslNetworkLayout(IReadOnlyList<Slot> layers, int vec4Count, int inputs, int outputs)
    {
        Layers = layers;
        Vec4Count = vec4Count;
        MaxBlocks = layers.Where(l => !l.IsOutput).Max(l => l.OutputBlocks);
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>Where one layer lives in the packed buffer.</summary>
    internal readonly record struct Slot(int Index, int Inputs, int Outputs, int InputBlocks, int OutputBlocks,
        int WeightOffset, int BiasOffset, bool IsOutput);

    public IReadOnlyList<Slot> Layers { get; }

    /// <summary>The number of <c>vec4</c>s in the packed buffer.</summary>
    public int Vec4Count { get; }

    /// <summary>The widest hidden layer, in <c>vec4</c> blocks: the size of the activation arrays.</summary>
    public int MaxBlocks { get; }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <exception cref="ArgumentException">The network takes or gives more than four values.</exception>
    public static GlslNetworkLayout For(FoldedNetwork network)
    {
        if (network.InputCount > MaxInputs || network.OutputCount > MaxOutputs)
            throw new ArgumentException($"A shader field takes up to {MaxInputs} inputs and gives up to {MaxOutputs} outputs; this network maps {network.InputCount} to {network.OutputCount}.", nameof(network));
        var slots = new List<Slot>(network.Layers.Count);
        int offset = 0;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            DenseLayer layer = network.Layers[l];
            bool isOutput = l == network.Layers.Count - 1;
            int inputBlocks = Blocks(layer.Inputs);
            int outputBlocks = Blocks(layer.Outputs);
            int weightVec4s = isOutput ? layer.Outputs * inputBlocks : 4 * inputBlocks * outputBlocks;
            slots.Add(new Slot(l, layer.Inputs, layer.Outputs, inputBlocks, outputBlocks, offset, offset + weightVec4s, isOutput));
            offset += weightVec4s + outputBlocks;
        }
        return new GlslNetworkLayout(slots, offset, network.InputCount, network.OutputCount);
    }

    /// <summary>The folded weights in this layout (the shader subtracts the input center itself).</summary>
    public float[] Pack(FoldedNetwork network)
    {
        float[] packed = new float[4 * Vec4Count];
        foreach (Slot slot in Layers)
        {
            DenseLayer layer = network.Layers[slot.Index];
            if (slot.IsOutput)
            {
                for (int o = 0; o < layer.Outputs; o++)
                {
                    for (int i = 0; i < layer.Inputs; i++)
                        packed[4 * (slot.WeightOffset + o * slot.InputBlocks) + i] = layer[o, i];
                    packed[4 * slot.BiasOffset + o] = layer.Bias[o];
                }
                continue;
            }
            for (int o = 0; o < layer.Outputs; o++)
            {
                int ob = o / 4, row = o % 4;
                for (int i = 0; i < layer.Inputs; i++)
                {
                    int ib = i / 4, column = i % 4;
                    int vec4 = slot.WeightOffset + 4 * (ob * slot.InputBlocks + ib) + column;
                    packed[4 * vec4 + row] = layer[o, i];
                }
                packed[4 * slot.BiasOffset + o] = layer.Bias[o];
            }
        }
        return packed;
    }

    private static int Blocks(int width) => (width + 3) / 4;
}
