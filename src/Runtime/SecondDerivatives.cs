namespace NeuralSdf.Runtime;

/// <summary>
/// A weighted Laplacian of a folded network, <c>Σᵢ wᵢ·∂²f/∂xᵢ²</c>, in double precision by forward mode to second order:
/// each layer carries, per input axis i, ∂h/∂xᵢ and ∂²h/∂xᵢ², with <c>h = sin z</c> giving <c>∂h = cos z·∂z</c> and
/// <c>∂²h = −sin z·(∂z)² + cos z·∂²z</c>. Scalar and unhurried: for derivative views, not for tracing.
/// </summary>
internal static class SecondDerivatives
{
    /// <param name="network">The network.</param>
    /// <param name="inputs">InputCount floats per point.</param>
    /// <param name="axisWeights">One weight per input axis (the square of that axis's unit in the caller's coordinates).</param>
    /// <param name="laplacians">OutputCount floats per point.</param>
    public static void Laplacian(FoldedNetwork network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> axisWeights, Span<float> laplacians)
    {
        int n = network.InputCount, m = network.OutputCount;
        int width = network.Layers.Max(l => Math.Max(l.Inputs, l.Outputs));
        double[] h = new double[width], next = new double[width];
        double[,] d1 = new double[n, width], d2 = new double[n, width], nd1 = new double[n, width], nd2 = new double[n, width];
        for (int p = 0; p < inputs.Length / n; p++)
        {
            Array.Clear(d1);
            Array.Clear(d2);
            for (int i = 0; i < n; i++)
            {
                h[i] = inputs[p * n + i] - network.InputCenter[i];
                d1[i, i] = 1;
            }
            for (int l = 0; l < network.Layers.Count; l++)
            {
                DenseLayer layer = network.Layers[l];
                bool sine = l < network.HiddenLayerCount;
                for (int o = 0; o < layer.Outputs; o++)
                {
                    double z = layer.Bias[o];
                    for (int k = 0; k < layer.Inputs; k++) z += layer[o, k] * h[k];
                    double sin = sine ? Math.Sin(z) : z, cos = sine ? Math.Cos(z) : 1;
                    next[o] = sin;
                    for (int i = 0; i < n; i++)
                    {
                        double dz = 0, ddz = 0;
                        for (int k = 0; k < layer.Inputs; k++)
                        {
                            dz += layer[o, k] * d1[i, k];
                            ddz += layer[o, k] * d2[i, k];
                        }
                        nd1[i, o] = cos * dz;
                        nd2[i, o] = sine ? -sin * dz * dz + cos * ddz : ddz;
                    }
                }
                (h, next) = (next, h);
                (d1, nd1) = (nd1, d1);
                (d2, nd2) = (nd2, d2);
            }
            for (int o = 0; o < m; o++)
            {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += axisWeights[i] * d2[i, o];
                laplacians[p * m + o] = (float)sum;
            }
        }
    }
}
