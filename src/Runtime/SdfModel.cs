using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralSdf.Runtime;

/// <summary>
/// A fitted neural signed distance function: the typed view of a <see cref="NeuralField"/> of kind
/// <see cref="FieldKind.Sdf"/> — the network, the transform from the input's units into the network's normalized
/// space, the bounds of the fitted shape and the training metadata. All queries take and return the input's own
/// units ("world units"). Evaluation is thread-safe: the model is immutable.
/// <para>
/// The CPU evaluation uses the widest vector instructions the machine accelerates (AVX-512, else AVX2, else
/// SSE/NEON, else scalar code), works on blocks of points, and shares batches of 64 points or more (32 without AVX-512) between
/// the calling thread and one thread-pool thread. Calls allocate nothing once warm (scratch memory is kept
/// per thread), so batch your queries: per point, a batch of 64 or more costs several times less than single-point calls.
/// </para>
/// </summary>
public sealed class SdfModel
{
    /// <summary>Creates a model from its parts.</summary>
    /// <param name="network">The SIREN (3 inputs, 1 output), evaluated in normalized space.</param>
    /// <param name="normalization">World-to-normalized transform; distances come back in world units through its inverse scale.</param>
    /// <param name="bounds">The bounds of the fitted surface, in world units.</param>
    /// <param name="metadata">Free-form training metadata (source file, steps, loss…); may be null.</param>
    public SdfModel(SirenNetwork network, SdfNormalization normalization, BoundingBox bounds,
        IReadOnlyDictionary<string, string>? metadata = null)
        : this(ToField(network, normalization, bounds, metadata))
    {
    }

    /// <summary>The typed view of <paramref name="field"/>, which must be of kind <see cref="FieldKind.Sdf"/>.</summary>
    /// <exception cref="ArgumentException">The field is of another kind.</exception>
    public SdfModel(NeuralField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Kind != FieldKind.Sdf)
            throw new ArgumentException($"The field is an {FieldKinds.Name(field.Kind)} field, not an SDF.", nameof(field));
        Field = field;
        Normalization = new SdfNormalization(new Vector3(field.Input.Center), field.Input.Scale[0]);
        Bounds = new BoundingBox(FieldKinds.ParseVector(field.Properties, FieldKinds.BoundsMin)!.Value,
            FieldKinds.ParseVector(field.Properties, FieldKinds.BoundsMax)!.Value);
        _lipschitz = new Lazy<LipschitzSamples>(() => LipschitzSamples.Measure(this));
        _distanceGrid = new Lazy<SdfDistanceGrid>(() => SdfDistanceGrid.Build(this));
    }

    /// <summary>The field this model reads: network, affine maps and the folded network every evaluator runs.</summary>
    public NeuralField Field { get; }

    /// <summary>The network, in normalized space.</summary>
    public SirenNetwork Network => Field.Network;

    /// <summary>The transform from world units to the network's normalized space.</summary>
    public SdfNormalization Normalization { get; }

    /// <summary>The bounds of the fitted surface in world units. Rays and meshing are clipped to these, slightly inflated.</summary>
    public BoundingBox Bounds { get; }

    /// <summary>Training metadata as written by the trainer (keys such as <c>training.steps</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata => Field.Metadata;

    /// <summary>Reads and validates a model file. Throws <see cref="SdfFormatException"/> when it is corrupt, foreign or not an SDF.</summary>
    public static SdfModel Load(string path) => ModelFile.Read(path);

    /// <summary>Writes this model to <paramref name="path"/> atomically (see <see cref="ModelFile"/>).</summary>
    public void Save(string path) => ModelFile.Write(path, this);

    /// <summary>The signed distance at <paramref name="point"/>, negative inside.</summary>
    public float Distance(Vector3 point) => Field.Evaluator.Distance(point);

    /// <summary>The analytic gradient of the distance at <paramref name="point"/> (unit length where the fit is good).</summary>
    public Vector3 Gradient(Vector3 point)
    {
        Field.Evaluator.DistanceAndGradient(point, out Vector3 gradient);
        return gradient;
    }

    /// <summary>The signed distance and its analytic gradient at <paramref name="point"/>.</summary>
    public float DistanceAndGradient(Vector3 point, out Vector3 gradient) => Field.Evaluator.DistanceAndGradient(point, out gradient);

    /// <summary>Signed distances for a batch of points; <paramref name="distances"/> must be as long as <paramref name="points"/>.</summary>
    public void Distance(ReadOnlySpan<Vector3> points, Span<float> distances)
    {
        if (distances.Length != points.Length)
            throw new ArgumentException($"{points.Length} points need {points.Length} distances; the span holds {distances.Length}.", nameof(distances));
        Field.Evaluator.Distance(points, distances);
    }

    /// <summary>Signed distances and analytic gradients for a batch of points; the output spans must be as long as <paramref name="points"/>.</summary>
    public void DistanceAndGradient(ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients)
    {
        if (distances.Length != points.Length)
            throw new ArgumentException($"{points.Length} points need {points.Length} distances; the span holds {distances.Length}.", nameof(distances));
        if (gradients.Length != points.Length)
            throw new ArgumentException($"{points.Length} points need {points.Length} gradients; the span holds {gradients.Length}.", nameof(gradients));
        Field.Evaluator.DistanceAndGradient(points, distances, gradients);
    }

    /// <summary>
    /// A bound on how fast the distance changes, |∇f|, over the inflated bounds: the largest gradient length at one
    /// jittered point per cell of a grid of cubes (32 along the longest side), with a 10 % margin, and never below 1. A
    /// fitted network's gradient exceeds 1 in places; sphere tracing steps by distance ÷ this bound so that it cannot
    /// step through thin parts. Measured on first use (up to 32³ gradient evaluations) and kept.
    /// </summary>
    public float LipschitzBound => _lipschitz.Value.Bound;

    /// <summary>The gradient samples behind <see cref="LipschitzBound"/>, which also give local bounds.</summary>
    internal LipschitzSamples Lipschitz => _lipschitz.Value;

    private readonly Lazy<LipschitzSamples> _lipschitz;

    /// <summary>
    /// The model's distances on a coarse lattice over its traced box (<see cref="SdfDistanceGrid"/>), which
    /// <see cref="SdfRenderer"/> uses to skip empty space and to shade. Built on first use (up to 64³ distance
    /// evaluations) and kept.
    /// </summary>
    public SdfDistanceGrid DistanceGrid => _distanceGrid.Value;

    private readonly Lazy<SdfDistanceGrid> _distanceGrid;

    private static NeuralField ToField(SirenNetwork network, SdfNormalization normalization, BoundingBox bounds, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!(normalization.Scale > 0) || !float.IsFinite(normalization.Scale))
            throw new ArgumentOutOfRangeException(nameof(normalization), normalization.Scale, "The normalization scale must be positive and finite.");
        Vector3 c = normalization.Center;
        float s = normalization.Scale;
        var properties = new Dictionary<string, string>
        {
            [FieldKinds.BoundsMin] = FloatList.Format(bounds.Min),
            [FieldKinds.BoundsMax] = FloatList.Format(bounds.Max),
        };
        // Distances come out in world units: the network's normalized distance over the normalization scale.
        return new NeuralField(FieldKind.Sdf, network, new InputAffine([c.X, c.Y, c.Z], [s, s, s]), new OutputAffine([1f / s], [0f]), properties, metadata);
    }
}
