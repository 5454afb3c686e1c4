using System.Numerics;

namespace NeuralSdf.Training.Cpu;

/// <summary>
/// A shape's loss (<see cref="SdfObjective"/>'s terms and weights, see <see cref="SdfTrainer"/>) differentiated by hand, point
/// by point, for the fused CPU path. Where TorchSharp's autograd takes a one-sided choice (|x| and a norm at zero, a
/// clamp's edges), this takes the same one.
/// </summary>
internal sealed class SdfPointLoss(SdfBatch batch, SdfTermWeights? weights = null) : IPointLoss
{
    private readonly SdfTermWeights _weights = weights ?? SdfTermWeights.Default;

    private const int Surface = 0, Normal = 1, OffSurface = 2, SignedDistance = 3, Direction = 4, Eikonal = 5;
    private const float CosineEpsilon = 1e-8f; // TorchSharp's cosine_similarity clamps each norm to this

    private int _definedDirections;

    public int TermCount => 6;

    /// <summary>Counts what the batch's means divide by; call after each fresh draw into the batch.</summary>
    public void Prepare()
    {
        _definedDirections = 0;
        if (batch.DistanceGradients is { } gradients)
        {
            foreach (Vector3 g in gradients)
            {
                if (g.Length() > SdfLossWeights.DefinedGradientLength) _definedDirections++;
            }
        }
    }

    public void Differentiate(int point, ReadOnlySpan<float> values, ReadOnlySpan<float> jacobian, Span<float> valueGradient, Span<float> jacobianGradient,
        Span<double> terms)
    {
        int size = batch.Size;
        float f = values[0];
        var g = new Vector3(jacobian[0], jacobian[1], jacobian[2]);
        float length = g.Length(), excess = length - 1;
        terms[Eikonal] += MathF.Abs(excess);
        Vector3 dg = length > 0 ? (float)(_weights.Eikonal / (2 * size)) * MathF.Sign(excess) / length * g : Vector3.Zero;
        float df;
        if (point < size)
        {
            terms[Surface] += MathF.Abs(f);
            df = (float)(_weights.Surface / size) * MathF.Sign(f);
            if (batch.Normals is { } normals)
            {
                float cosine = Cosine(g, length, normals[point], out Vector3 dCosine);
                terms[Normal] += 1 - cosine;
                dg -= (float)(_weights.Normal / size) * dCosine;
            }
        }
        else if (batch.Distances is { } distances)
        {
            int i = point - size;
            const float clamp = SdfLossWeights.SignedDistanceClamp;
            float difference = Math.Clamp(f, -clamp, clamp) - Math.Clamp(distances[i], -clamp, clamp);
            terms[SignedDistance] += MathF.Abs(difference);
            df = f is >= -clamp and <= clamp ? (float)(_weights.SignedDistance / size) * MathF.Sign(difference) : 0;
            Vector3 target = batch.DistanceGradients![i];
            if (target.Length() > SdfLossWeights.DefinedGradientLength)
            {
                float cosine = Cosine(g, length, target, out Vector3 dCosine);
                terms[Direction] += 1 - cosine;
                dg -= (float)(_weights.Direction / Math.Max(_definedDirections, 1)) * dCosine;
            }
        }
        else
        {
            float k = (float)SdfLossWeights.OffSurfaceSharpness, e = MathF.Exp(-k * MathF.Abs(f));
            terms[OffSurface] += e;
            df = (float)(_weights.OffSurface / size) * -k * MathF.Sign(f) * e;
        }
        valueGradient[0] = df;
        jacobianGradient[0] = dg.X;
        jacobianGradient[1] = dg.Y;
        jacobianGradient[2] = dg.Z;
    }

    /// <summary>The loss terms from the raw sums over a batch.</summary>
    public LossTerms Finish(ReadOnlySpan<double> terms)
    {
        int size = batch.Size;
        double surface = terms[Surface] / size, eikonal = terms[Eikonal] / (2 * size);
        double normal = batch.Normals is null ? 0 : terms[Normal] / size;
        bool supervised = batch.Distances is not null;
        double offSurface = supervised ? 0 : terms[OffSurface] / size;
        double signedDistance = supervised ? terms[SignedDistance] / size : 0;
        double direction = supervised ? terms[Direction] / Math.Max(_definedDirections, 1) : 0;
        double total = _weights.Surface * surface + _weights.Eikonal * eikonal + _weights.Normal * normal +
                       _weights.OffSurface * offSurface + _weights.SignedDistance * signedDistance + _weights.Direction * direction;
        return new LossTerms(total, surface, normal, offSurface, signedDistance, direction, eikonal);
    }

    /// <summary>cos(g, y) as TorchSharp computes it, and its gradient by g.</summary>
    private static float Cosine(Vector3 g, float gLength, Vector3 y, out Vector3 gradient)
    {
        float a = MathF.Max(gLength, CosineEpsilon), b = MathF.Max(y.Length(), CosineEpsilon);
        float cosine = Vector3.Dot(g, y) / (a * b);
        gradient = y / (a * b) - (gLength > CosineEpsilon ? cosine / (a * a) * g : Vector3.Zero);
        return cosine;
    }
}

/// <summary>The weight of each term of <see cref="SdfPointLoss"/>: the loss's own (<see cref="Default"/>), or one term alone for tests.</summary>
internal readonly record struct SdfTermWeights(double Surface, double Normal, double OffSurface, double SignedDistance, double Direction, double Eikonal)
{
    public static SdfTermWeights Default => new(SdfLossWeights.Surface, SdfLossWeights.Normal, SdfLossWeights.OffSurface, SdfLossWeights.SignedDistance,
        SdfLossWeights.Direction, SdfLossWeights.Eikonal);
}
