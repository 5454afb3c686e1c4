using static TorchSharp.torch;

namespace NeuralSdf.Training;

/// <summary>
/// A shape's loss: surface points with normals and space points (with their true signed distance and its gradient
/// under the supervised recipe), and the SIREN paper's terms on them (see <see cref="SdfTrainer"/>).
/// </summary>
internal sealed class SdfObjective(SurfaceSampler sampler, int batch) : IFieldObjective<LossTerms>
{
    private const double SurfaceWeight = 3e3, NormalWeight = 1e2, OffSurfaceWeight = 1e2, EikonalWeight = 5e1, SignedDistanceWeight = 1e4,
        DirectionWeight = 1e3;
    private const double OffSurfaceSharpness = 100, SignedDistanceClamp = 0.1;

    public (Tensor Total, LossTerms Terms) Loss(SirenModule network, Device device)
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
        Tensor eikonal = (linalg.vector_norm(gradient, ord: 2, dims: [1]) - 1).abs().mean();
        Tensor total = SurfaceWeight * surface + EikonalWeight * eikonal;
        double normalValue = 0, offSurfaceValue = 0, signedDistanceValue = 0, directionValue = 0;
        if (normals is not null)
        {
            Tensor normal = (1 - nn.functional.cosine_similarity(gradient[..batch], normals.to(device), dim: 1)).mean();
            total = total + NormalWeight * normal;
            normalValue = normal.item<float>();
        }
        if (targets is not null && targetGradients is not null)
        {
            Tensor signedDistance = (fSpace.clamp(-SignedDistanceClamp, SignedDistanceClamp) -
                                     targets.to(device).clamp(-SignedDistanceClamp, SignedDistanceClamp)).abs().mean();
            Tensor direction = DirectionLoss(gradient[batch..], targetGradients.to(device));
            total = total + SignedDistanceWeight * signedDistance + DirectionWeight * direction;
            signedDistanceValue = signedDistance.item<float>();
            directionValue = direction.item<float>();
        }
        else
        {
            Tensor offSurface = exp(-OffSurfaceSharpness * fSpace.abs()).mean();
            total = total + OffSurfaceWeight * offSurface;
            offSurfaceValue = offSurface.item<float>();
        }
        var terms = new LossTerms(total.item<float>(), surface.item<float>(), normalValue, offSurfaceValue, signedDistanceValue, directionValue,
            eikonal.item<float>());
        return (total, terms);
    }

    /// <summary>Mean 1 − cos(∇f, ∇s) over the points whose target gradient is defined (non-zero).</summary>
    private static Tensor DirectionLoss(Tensor gradient, Tensor target)
    {
        Tensor defined = (linalg.vector_norm(target, ord: 2, dims: [1]) > 0.5f).to(gradient.dtype);
        Tensor misalignment = 1 - nn.functional.cosine_similarity(gradient, target, dim: 1);
        return (misalignment * defined).sum() / defined.sum().clamp_min(1);
    }
}
