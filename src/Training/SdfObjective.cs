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
        Tensor points = VectorTensor.From(batch.Points).to(device).requires_grad_(true);
        Tensor f = network.forward(points);
        Tensor gradient = autograd.grad([f], [points], [ones_like(f)], retain_graph: true, create_graph: true)[0];
        SdfTermTensors terms = Terms(f, gradient, batch, device);

        Tensor total = (SurfaceWeight * terms.Surface).Plus(EikonalWeight * terms.Eikonal);
        if (terms.Normal is { } normal) total = total.Plus(NormalWeight * normal);
        if (terms.SignedDistance is { } signedDistance) total = total.Plus(SignedDistanceWeight * signedDistance);
        if (terms.Direction is { } direction) total = total.Plus(DirectionWeight * direction);
        if (terms.OffSurface is { } offSurface) total = total.Plus(OffSurfaceWeight * offSurface);
        static double Value(Tensor? term) => term is null ? 0 : term.item<float>();
        return (total, new LossTerms(total.item<float>(), Value(terms.Surface), Value(terms.Normal), Value(terms.OffSurface), Value(terms.SignedDistance),
            Value(terms.Direction), Value(terms.Eikonal)));
    }

    /// <summary>
    /// Each unweighted term of the loss of values <paramref name="f"/> [2·size, 1] and their gradients <paramref name="gradient"/>
    /// [2·size, 3] on <paramref name="batch"/>; a term the batch has no data for (normals, true distances) is null.
    /// </summary>
    public static SdfTermTensors Terms(Tensor f, Tensor gradient, SdfBatch batch, Device device)
    {
        int size = batch.Size;
        Tensor fOn = f[..size], fSpace = f[size..];
        Tensor surface = fOn.abs().mean();
        Tensor eikonal = (gradient.norm(1) - Scalars.One).abs().mean();
        Tensor? normal = null, offSurface = null, signedDistance = null, direction = null;
        if (batch.Normals is { } normals)
            normal = Scalars.OneMinus(nn.functional.cosine_similarity(gradient[..size], VectorTensor.From(normals).to(device), dim: 1)).mean();
        if (batch.Distances is { } distances && batch.DistanceGradients is { } distanceGradients)
        {
            Tensor targets = tensor(distances, [size, 1]).to(device);
            signedDistance = (fSpace.clamp(MinusSignedDistanceClamp, SignedDistanceClamp) -
                              targets.clamp(MinusSignedDistanceClamp, SignedDistanceClamp)).abs().mean();
            direction = DirectionLoss(gradient[size..], VectorTensor.From(distanceGradients).to(device));
        }
        else offSurface = exp(MinusOffSurfaceSharpness * fSpace.abs()).mean();
        return new SdfTermTensors(surface, normal, offSurface, signedDistance, direction, eikonal);
    }

    /// <summary>Mean 1 − cos(∇f, ∇s) over the points whose target gradient is defined (non-zero).</summary>
    private static Tensor DirectionLoss(Tensor gradient, Tensor target)
    {
        Tensor defined = (target.norm(1) > DefinedGradientLength).to(gradient.dtype);
        Tensor misalignment = Scalars.OneMinus(nn.functional.cosine_similarity(gradient, target, dim: 1));
        return (misalignment * defined).sum() / defined.sum().clamp_min(Scalars.One);
    }
}

/// <summary>The unweighted terms of a shape's loss as tensors (<see cref="SdfObjective.Terms"/>); null where the batch has no data for one.</summary>
internal readonly record struct SdfTermTensors(Tensor Surface, Tensor? Normal, Tensor? OffSurface, Tensor? SignedDistance, Tensor? Direction, Tensor Eikonal);
