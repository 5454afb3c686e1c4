namespace NeuralSdf.Runtime;

/// <summary>
/// A fitted neural field: a <see cref="SirenNetwork"/> from <see cref="InputCount"/> inputs to <see cref="OutputCount"/>
/// outputs, with an affine map on each side (world inputs → normalized, raw outputs → values), the
/// <see cref="Kind"/> that says what the inputs and outputs mean, the kind's properties and the training metadata.
/// Typed facades read it as what it is: <see cref="SdfModel"/> (a shape) and <see cref="ImageField"/> (an image).
/// Immutable and thread-safe.
/// <para>
/// The CPU evaluation uses the widest vector instructions the machine accelerates (AVX-512, else AVX2, else SSE/NEON,
/// else scalar code), works on blocks of points, and shares batches of 64 points or more (32 without AVX-512) between
/// the calling thread and one thread-pool thread. Calls allocate nothing once warm, so batch your queries.
/// </para>
/// </summary>
public sealed class NeuralField
{
    private readonly Dictionary<string, string> _properties;
    private readonly Dictionary<string, string> _metadata;
    private readonly CpuEvaluator _evaluator;

    /// <summary>Creates a field from its parts and checks that they fit together and suit <paramref name="kind"/>.</summary>
    /// <param name="kind">What the field's inputs and outputs mean.</param>
    /// <param name="network">The SIREN, from normalized inputs to raw outputs.</param>
    /// <param name="input">World inputs to the network's normalized inputs; one entry per network input.</param>
    /// <param name="output">The network's raw outputs to the field's values; one entry per network output.</param>
    /// <param name="properties">What the kind needs (an SDF's <c>bounds_min</c>/<c>bounds_max</c>, an image's <c>width</c>, <c>height</c>, <c>channels</c>, <c>color_space</c>).</param>
    /// <param name="metadata">Free-form training metadata (keys such as <c>training.steps</c>); may be null.</param>
    /// <exception cref="ArgumentException">The counts do not match, or the kind's requirements are not met.</exception>
    public NeuralField(FieldKind kind, SirenNetwork network, InputAffine input, OutputAffine output,
        IReadOnlyDictionary<string, string> properties, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(properties);
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown field kind.");
        if (input.Count != network.InputCount)
            throw new ArgumentException($"The network takes {network.InputCount} inputs; the input affine has {input.Count}.", nameof(input));
        if (output.Count != network.OutputCount)
            throw new ArgumentException($"The network gives {network.OutputCount} outputs; the output affine has {output.Count}.", nameof(output));
        if (FieldKinds.Problem(kind, network.InputCount, network.OutputCount, input, properties) is { } problem)
            throw new ArgumentException($"Not a valid {FieldKinds.Name(kind)} field: {problem}.", nameof(properties));
        Kind = kind;
        Network = network;
        Input = input;
        Output = output;
        _properties = new Dictionary<string, string>(properties, StringComparer.Ordinal);
        _metadata = metadata is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        Folded = new FoldedNetwork(network, input, output);
        _evaluator = new CpuEvaluator(Folded);
    }

    /// <summary>What the field's inputs and outputs mean.</summary>
    public FieldKind Kind { get; }

    /// <summary>The network, from normalized inputs to raw outputs.</summary>
    public SirenNetwork Network { get; }

    /// <summary>The map from world inputs to the network's normalized inputs.</summary>
    public InputAffine Input { get; }

    /// <summary>The map from the network's raw outputs to the field's values.</summary>
    public OutputAffine Output { get; }

    /// <summary>The network with both affine maps and ω₀ folded in: what every evaluator and exporter runs.</summary>
    public FoldedNetwork Folded { get; }

    /// <summary>The number of inputs per point.</summary>
    public int InputCount => Network.InputCount;

    /// <summary>The number of values per point.</summary>
    public int OutputCount => Network.OutputCount;

    /// <summary>What the kind needs, by name (see the constructor); written to the model file under the kind's name.</summary>
    public IReadOnlyDictionary<string, string> Properties => _properties;

    /// <summary>Training metadata as written by the trainer (keys such as <c>training.steps</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    internal CpuEvaluator Evaluator => _evaluator;

    /// <summary>Reads and validates a model file of any kind. Throws <see cref="SdfFormatException"/> when it is corrupt or foreign.</summary>
    public static NeuralField Load(string path) => ModelFile.ReadField(path);

    /// <summary>Writes this field to <paramref name="path"/> atomically (see <see cref="ModelFile"/>).</summary>
    public void Save(string path) => ModelFile.WriteField(path, this);

    /// <summary>
    /// The values of a batch of points: <paramref name="inputs"/> holds <see cref="InputCount"/> floats per point, one point
    /// after another, and <paramref name="values"/> receives <see cref="OutputCount"/> floats per point.
    /// </summary>
    public void Evaluate(ReadOnlySpan<float> inputs, Span<float> values)
    {
        int count = PointCount(inputs);
        RequireLength(values, count * OutputCount, count, "values", nameof(values));
        _evaluator.Evaluate(inputs, values, []);
    }

    /// <summary>
    /// Values and their analytic Jacobians for a batch of points: <paramref name="jacobians"/> receives
    /// <c>OutputCount × InputCount</c> floats per point, row-major (<c>∂value[m]/∂input[i]</c> at <c>m·InputCount + i</c>), in world units.
    /// </summary>
    public void Evaluate(ReadOnlySpan<float> inputs, Span<float> values, Span<float> jacobians)
    {
        int count = PointCount(inputs);
        RequireLength(values, count * OutputCount, count, "values", nameof(values));
        RequireLength(jacobians, count * OutputCount * InputCount, count, "Jacobian entries", nameof(jacobians));
        if (count == 0) return;
        _evaluator.Evaluate(inputs, values, jacobians);
    }

    private int PointCount(ReadOnlySpan<float> inputs)
    {
        if (inputs.Length % InputCount != 0)
            throw new ArgumentException($"The field takes {InputCount} inputs per point; {inputs.Length} floats are not a whole number of points.", nameof(inputs));
        return inputs.Length / InputCount;
    }

    private static void RequireLength(ReadOnlySpan<float> span, int expected, int count, string what, string name)
    {
        if (span.Length != expected)
            throw new ArgumentException($"{count} points need {expected} {what}; the span holds {span.Length}.", name);
    }
}
