using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>The weights and constants of a shape's loss (see <see cref="SdfTrainer"/>), shared by both training backends.</summary>
internal static class SdfLossWeights
{
    public const double Surface = 3e3, Normal = 1e2, OffSurface = 1e2, Eikonal = 5e1, SignedDistance = 1e4, Direction = 1e3;

    /// <summary>k in the off-surface term <c>exp(−k·|f|)</c>.</summary>
    public const double OffSurfaceSharpness = 100;

    /// <summary>The supervised distance term compares both distances clamped to ±this (normalized units).</summary>
    public const float SignedDistanceClamp = 0.1f;

    /// <summary>A target gradient shorter than this is undefined (zero) and left out of the direction term.</summary>
    public const float DefinedGradientLength = 0.5f;
}

/// <summary>
/// A shape's loss on TorchSharp: surface points with normals and space points (with their true signed distance and its
/// gradient under the supervised recipe), and the SIREN paper's terms on them (see <see cref="SdfTrainer"/>).
/// </summary>
internal sealed class SdfObjective(SurfaceSampler sampler, int batch) : IFieldObjective<LossTerms>
{
    // Scalars rather than numbers, for TorchSharp's sake (see Scalars).
    private static readonly Scalar SurfaceWeight = SdfLossWeights.Surface.ToScalar(), NormalWeight = SdfLossWeights.Normal.ToScalar(),
        OffSurfaceWeight = SdfLossWeights.OffSurface.ToScalar(), EikonalWeight = SdfLossWeights.Eikonal.ToScalar(),
        SignedDistanceWeight = SdfLossWeights.SignedDistance.ToScalar(), DirectionWeight = SdfLossWeights.Direction.ToScalar();
    private static readonly Scalar MinusOffSurfaceSharpness = (-SdfLossWeights.OffSurfaceSharpness).ToScalar(),
        SignedDistanceClamp = ((double)SdfLossWeights.SignedDistanceClamp).ToScalar(), MinusSignedDistanceClamp = (-(double)SdfLossWeights.SignedDistanceClamp).ToScalar(),
        DefinedGradientLength = ((double)SdfLossWeights.DefinedGradientLength).ToScalar();

    private readonly SdfBatch _batch = sampler.CreateBatch(batch);

    public (Tensor Total, LossTerms Terms) Loss(FieldModule network, Device device)
    {
        sampler.Sample(_batch);
        return Loss(network, _batch, device);
    }

    /// <summary>The loss of <paramref name="network"/> on <paramref name="batch"/>, differentiable by the network's parameters.</summary>
    public static (Tensor Total, LossTerms Terms) Loss(FieldModule network, SdfBatch batch, Device device)
    {
        int size = batch.Size;
        Tensor points = VectorTensor.From(batch.Points).to(device).requires_grad_(true);
        Tensor f = network.forward(points);
        Tensor gradient = autograd.grad([f], [points], [ones_like(f)], retain_graph: true, create_graph: true)[0];

        Tensor fOn = f[..size], fSpace = f[size..];
        Tensor surface = fOn.abs().mean();
        Tensor eikonal = (gradient.norm(1) - Scalars.One).abs().mean();
        Tensor total = (SurfaceWeight * surface).Plus(EikonalWeight * eikonal);
        double normalValue = 0, offSurfaceValue = 0, signedDistanceValue = 0, directionValue = 0;
        if (batch.Normals is { } normals)
        {
            Tensor normal = Scalars.OneMinus(nn.functional.cosine_similarity(gradient[..size], VectorTensor.From(normals).to(device), dim: 1)).mean();
            total = total.Plus(NormalWeight * normal);
            normalValue = normal.item<float>();
        }
        if (batch.Distances is { } distances && batch.DistanceGradients is { } distanceGradients)
        {
            Tensor targets = tensor(distances, [size, 1]).to(device);
            Tensor signedDistance = (fSpace.clamp(MinusSignedDistanceClamp, SignedDistanceClamp) -
                                     targets.clamp(MinusSignedDistanceClamp, SignedDistanceClamp)).abs().mean();
            Tensor direction = DirectionLoss(gradient[size..], VectorTensor.From(distanceGradients).to(device));
            total = total.Plus(SignedDistanceWeight * signedDistance).Plus(DirectionWeight * direction);
            signedDistanceValue = signedDistance.item<float>();
            directionValue = direction.item<float>();
        }
        else
        {
            Tensor offSurface = exp(MinusOffSurfaceSharpness * fSpace.abs()).mean();
            total = total.Plus(OffSurfaceWeight * offSurface);
            offSurfaceValue = offSurface.item<float>();
        }
        var terms = new LossTerms(total.item<float>(), surface.item<float>(), normalValue, offSurfaceValue, signedDistanceValue, directionValue,
            eikonal.item<float>());
        return (total, terms);
    }

    /// <summary>Mean 1 − cos(∇f, ∇s) over the points whose target gradient is defined (non-zero).</summary>
    private static Tensor DirectionLoss(Tensor gradient, Tensor target)
    {
        Tensor defined = (target.norm(1) > DefinedGradientLength).to(gradient.dtype);
        Tensor misalignment = Scalars.OneMinus(nn.functional.cosine_similarity(gradient, target, dim: 1));
        return (misalignment * defined).sum() / defined.sum().clamp_min(Scalars.One);
    }
}
