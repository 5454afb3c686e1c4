namespace NeuralSdf.Runtime.Cpu;

/// <summary>
/// One matrix product for a kernel: <c>Output[r] = finish(Σ_c Weights[c·Stride + r] · Input[c])</c> for
/// <c>r &lt; Rows</c>, <c>c &lt; Columns</c>. <see cref="Bias"/> and <see cref="Cosines"/> are read or written
/// only by the finishes that use them (see <see cref="LayerFinish"/>).
/// </summary>
internal readonly unsafe struct LayerPass(float* weights, int stride, int rows, int columns, float* input, float* output,
    float* bias = null, float* cosines = null)
{
    public readonly float* Weights = weights;
    public readonly int Stride = stride;
    public readonly int Rows = rows;
    public readonly int Columns = columns;
    public readonly float* Input = input;
    public readonly float* Output = output;
    public readonly float* Bias = bias;
    public readonly float* Cosines = cosines;
}
