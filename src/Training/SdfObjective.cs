using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// A shape's loss: surface points with normals and space points (with their true signed distance and its gradient
/// under the supervised recipe), and the SIREN paper's terms on them (see <see cref="SdfTrainer"/>).
/// </summary>
internal sealed class SdfObjective(SurfaceSampler sampler, int batch) : IFieldObjective<LossTerms>
{
    // Scalars rather than numbers, for TorchSharp's sake (see Scalars).
    private static readonly Scalar SurfaceWeight = 3e3.ToScalar(), NormalWeight = 1e2.ToScalar(), OffSurfaceWeight = 1e2.ToScalar(),
        EikonalWeight = 5e1.ToScalar(), SignedDistanceWeight = 1e4.ToScalar(), DirectionWeight = 1e3.ToScalar();
    private static readonly Scalar MinusOffSurfaceSharpness = (-100.0).ToScalar(), SignedDistanceClamp = 0.1.ToScalar(),
        MinusSignedDistanceClamp = (-0.1).ToScalar(), DefinedGradientLength = 0.5.ToScalar();

    public (Tensor Total, LossTerms Terms) Loss(FieldModule network, Device device)
    {
        (Tensor onPoints, Tensor? normals) = sampler.SampleSurface(batch);
        Tensor? targets = null, targetGradients = null;
        Tensor spacePoints;
        if (sampler.IsSupervised) (spacePoints, targets, targetGradients) = sampler.SampleSupervised(batch);
        else spacePoints = sampler.SampleSpace(batch);

        Tensor points = cat([onPoints, spacePoints]).to(device).requires_grad_(true);
        Tensor f = network.forward(points);
        Tensor gradient = autograd.grad([f], [points], [ones_like(f)], retain_graph: true, create_graph: true)[0];

        Tensor fOn = f[..batch], fSpace = f[batch..];
        Tensor surface = fOn.abs().mean();
        Tensor eikonal = (gradient.norm(1) - Scalars.One).abs().mean();
        Tensor total = (SurfaceWeight * surface).Plus(EikonalWeight * eikonal);
        double normalValue = 0, offSurfaceValue = 0, signedDistanceValue = 0, directionValue = 0;
        if (normals is not null)
        {
            Tensor normal = Scalars.OneMinus(nn.functional.cosine_similarity(gradient[..batch], normals.to(device), dim: 1)).mean();
            total = total.Plus(NormalWeight * normal);
            normalValue = normal.item<float>();
        }
        if (targets is not null && targetGradients is not null)
        {
            Tensor signedDistance = (fSpace.clamp(MinusSignedDistanceClamp, SignedDistanceClamp) -
                                     targets.to(device).clamp(MinusSignedDistanceClamp, SignedDistanceClamp)).abs().mean();
            Tensor direction = DirectionLoss(gradient[batch..], targetGradients.to(device));
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
