using static TorchSharp.torch;

namespace NeuralSdf.Bench;

/// <summary>
/// The image loss of the product's <c>ImageObjective</c>, rewritten for the bench's loop (that type is internal): the mean
/// squared error of each supervised quantity over its target's mean square, summed, on a batch of pixels.
/// </summary>
internal sealed class PixelLoss(PixelTargets targets)
{
    private readonly double _valuesMeanSquare = MeanSquare(targets.Targets.Values);
    private readonly double _gradientsMeanSquare = MeanSquare(targets.Targets.Gradients);
    private readonly double _laplacianMeanSquare = MeanSquare(targets.Targets.Laplacian);

    /// <summary>The loss on the pixels <paramref name="index"/> (all pixels when null).</summary>
    public Tensor Loss(nn.Module<Tensor, Tensor> network, Tensor? index)
    {
        Tensor Pick(Tensor all) => index is null ? all : all.index_select(0, index);
        bool derivatives = targets.Gradients is not null || targets.Laplacian is not null;
        Tensor x = Pick(targets.Coordinates);
        if (derivatives) x = x.detach().requires_grad_(true);
        Tensor f = network.forward(x);
        Tensor total = zeros(Array.Empty<long>());
        if (targets.Values is { } values) total = total + (f - Pick(values)).square().mean() / _valuesMeanSquare;
        if (!derivatives) return total;

        Tensor[] gradients = Enumerable.Range(0, targets.Channels)
            .Select(m => autograd.grad([f[.., m]], [x], [ones_like(f[.., m])], retain_graph: true, create_graph: true)[0]).ToArray();
        if (targets.Gradients is { } g) total = total + (stack(gradients, dim: 1) - Pick(g)).square().mean() / _gradientsMeanSquare;
        if (targets.Laplacian is { } l)
        {
            Tensor[] laplacians = gradients.Select(d =>
                autograd.grad([d[.., 0]], [x], [ones_like(d[.., 0])], retain_graph: true, create_graph: true)[0][.., 0] +
                autograd.grad([d[.., 1]], [x], [ones_like(d[.., 1])], retain_graph: true, create_graph: true)[0][.., 1]).ToArray();
            total = total + (stack(laplacians, dim: 1) - Pick(l)).square().mean() / _laplacianMeanSquare;
        }
        return total;
    }

    private static double MeanSquare(float[]? values) => values is null ? 1 : Math.Max(values.Average(v => (double)v * v), 1e-12);
}
