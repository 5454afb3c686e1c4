using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// A network that a field objective trains: normalized inputs [P, N] to raw outputs [P, M], with their first and second
/// derivatives by the inputs. <see cref="SirenModule"/> is the product's; a baseline network for comparisons
/// (<see cref="PositionalReluModule"/>) is another.
/// </summary>
public abstract class FieldModule : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module under <paramref name="name"/> (TorchSharp's module name).</summary>
    protected FieldModule(string name) : base(name)
    {
    }

    /// <summary>
    /// Raw outputs with their Jacobian and Laplacian by the inputs, differentiable for a loss on them. This implementation
    /// is autograd's, one backward pass per output for the Jacobian and one more per output and input for the Laplacian;
    /// a network that can carry its derivatives forward overrides it.
    /// </summary>
    /// <param name="points">Normalized inputs [P, N].</param>
    /// <returns>Values [P, M], the Jacobian [P, M, N] (∂ output m / ∂ input n) and the Laplacian [P, M] (Σᵢ ∂²/∂xᵢ²).</returns>
    public virtual FieldDerivatives ForwardWithDerivatives(Tensor points)
    {
        using var scope = NewDisposeScope();
        Tensor x = points.detach().requires_grad_(true);
        Tensor f = forward(x);
        long outputs = f.shape[1], inputs = x.shape[1];
        var jacobianRows = new Tensor[outputs];
        var laplacians = new Tensor[outputs];
        for (long m = 0; m < outputs; m++)
        {
            Tensor output = f[.., m];
            jacobianRows[m] = autograd.grad([output], [x], [ones_like(output)], retain_graph: true, create_graph: true)[0];
            Tensor laplacian = zeros_like(output);
            for (long n = 0; n < inputs; n++)
            {
                Tensor component = jacobianRows[m][.., n];
                laplacian = laplacian.Plus(autograd.grad([component], [x], [ones_like(component)], retain_graph: true, create_graph: true)[0][.., n]);
            }
            laplacians[m] = laplacian;
        }
        return new FieldDerivatives(f.MoveToOuterDisposeScope(), stack(jacobianRows, dim: 1).MoveToOuterDisposeScope(),
            stack(laplacians, dim: 1).MoveToOuterDisposeScope());
    }
}

/// <summary>A network's raw outputs at a batch of points and their first and second derivatives by the inputs (<see cref="FieldModule.ForwardWithDerivatives"/>).</summary>
/// <param name="Values">[P, M].</param>
/// <param name="Jacobian">[P, M, N]: ∂ output m / ∂ input n.</param>
/// <param name="Laplacian">[P, M].</param>
public readonly record struct FieldDerivatives(Tensor Values, Tensor Jacobian, Tensor Laplacian);
