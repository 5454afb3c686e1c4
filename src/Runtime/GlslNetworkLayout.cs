namespace NeuralSdf.Runtime;

/// <summary>
/// How <see cref="GlslBaker"/> lays a <see cref="SirenNetwork"/> out for the GPU, in <c>vec4</c> units.
/// Widths are padded to multiples of 4 (the input 3 to 4) with zeros. A sine layer stores its
/// [outputBlocks × inputBlocks] <c>mat4</c> blocks row of blocks by row of blocks, each block as four column
/// <c>vec4</c>s (GLSL's column-major <c>mat4</c>), then one bias <c>vec4</c> per output block. The linear output
/// layer stores one weight <c>vec4</c> per input block, then its bias in the <c>x</c> of one more <c>vec4</c>.
/// </summary>
internal sealed class GlslNetworkLayout
{
    private GlslNetworkLayout(IReadOnlyList<Slot> layers, int vec4Count)
    {
        Layers = layers;
        Vec4Count = vec4Count;
        MaxBlocks = layers.Where(l => !l.IsOutput).Max(l => l.OutputBlocks);
    }

    /// <summary>Where one layer lives in the packed buffer.</summary>
    internal readonly record struct Slot(int Index, int Inputs, int Outputs, int InputBlocks, int OutputBlocks,
        int WeightOffset, int BiasOffset, bool IsOutput);

    public IReadOnlyList<Slot> Layers { get; }

    /// <summary>The number of <c>vec4</c>s in the packed buffer.</summary>
    public int Vec4Count { get; }

    /// <summary>The widest hidden layer, in <c>vec4</c> blocks: the size of the activation arrays.</summary>
    public int MaxBlocks { get; }

    public static GlslNetworkLayout For(SirenNetwork network)
    {
        var slots = new List<Slot>(network.Layers.Count);
        int offset = 0;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            DenseLayer layer = network.Layers[l];
            bool isOutput = l == network.Layers.Count - 1;
            int inputBlocks = Blocks(layer.Inputs);
            int outputBlocks = isOutput ? 1 : Blocks(layer.Outputs);
            int weightVec4s = isOutput ? inputBlocks : 4 * inputBlocks * outputBlocks;
            slots.Add(new Slot(l, layer.Inputs, layer.Outputs, inputBlocks, outputBlocks, offset, offset + weightVec4s, isOutput));
            offset += weightVec4s + outputBlocks;
        }
        return new GlslNetworkLayout(slots, offset);
    }

    /// <summary>
    /// Packs the model's weights with the normalization scale and ω₀ folded in. With <c>x = s·(p − c)</c> the first
    /// layer's <c>ω₀·(W·x + b)</c> is <c>(ω₀·s·W)·(p − c) + ω₀·b</c>; the shader subtracts the center <c>c</c> itself.
    /// (Folding <c>c</c> into the bias too, <c>ω₀·(b − s·W·c)</c>, saves one subtraction but cancels catastrophically for a
    /// model far from its origin: measured 2e-5 of the diagonal in distance and 6e-4 in the gradient at 1,000 units
    /// for a 2-unit model, against 4e-8 and 2e-6 with the subtraction.) Later sine layers take <c>ω₀·W</c> and
    /// <c>ω₀·b</c>; the world distance is the normalized one over <c>s</c>, so the output layer takes <c>W / s</c> and
    /// <c>b / s</c>. Folding happens in double precision, rounded once to float.
    /// </summary>
    public float[] Pack(SdfModel model)
    {
        SirenNetwork network = model.Network;
        double omega = network.Omega0;
        double scale = model.Normalization.Scale;
        float[] packed = new float[4 * Vec4Count];
        foreach (Slot slot in Layers)
        {
            DenseLayer layer = network.Layers[slot.Index];
            if (slot.IsOutput)
            {
                for (int i = 0; i < layer.Inputs; i++)
                    packed[4 * slot.WeightOffset + i] = (float)(layer[0, i] / scale);
                packed[4 * slot.BiasOffset] = (float)(layer.Bias[0] / scale);
                continue;
            }
            bool first = slot.Index == 0;
            double weightFactor = first ? omega * scale : omega;
            for (int o = 0; o < layer.Outputs; o++)
            {
                int ob = o / 4, row = o % 4;
                for (int i = 0; i < layer.Inputs; i++)
                {
                    int ib = i / 4, column = i % 4;
                    int vec4 = slot.WeightOffset + 4 * (ob * slot.InputBlocks + ib) + column;
                    packed[4 * vec4 + row] = (float)(weightFactor * layer[o, i]);
                }
                packed[4 * slot.BiasOffset + o] = (float)(omega * layer.Bias[o]);
            }
        }
        return packed;
    }

    private static int Blocks(int width) => (width + 3) / 4;
}
