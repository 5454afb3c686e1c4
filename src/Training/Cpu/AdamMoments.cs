using System.Text;

namespace NeuralSdf.Training.Cpu;

/// <summary>
/// Adam over a flat parameter vector, with gradient-norm clipping: the fused CPU path's optimizer. The update is the one
/// <see cref="Adam"/> takes on TorchSharp (β₁ 0.9, β₂ 0.999, ε 1e-8, bias corrections), and the clipping is
/// <c>clip_grad_norm_</c>'s. Its saved state (<see cref="Save"/>) is what both backends write into a checkpoint.
/// </summary>
internal sealed class AdamMoments
{
    private const string Magic = "NSDF-ADAM";
    private const int Version = 1;
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;

    private readonly float[] _first, _second;

    public AdamMoments(int count)
    {
        _first = new float[count];
        _second = new float[count];
    }

    /// <summary>Steps taken, for the bias corrections.</summary>
    public long Step { get; set; }

    /// <summary>The first moments (the gradients' running mean).</summary>
    public Span<float> First => _first;

    /// <summary>The second moments (the squared gradients' running mean).</summary>
    public Span<float> Second => _second;

    public int Count => _first.Length;

    /// <summary>
    /// Scales <paramref name="gradient"/> down to a norm of <paramref name="clip"/> when it is longer, then takes one Adam step
    /// of <paramref name="parameters"/> at <paramref name="learningRate"/>.
    /// </summary>
    public void Apply(Span<float> parameters, Span<float> gradient, double learningRate, double clip)
    {
        double squares = 0;
        foreach (float g in gradient) squares += (double)g * g;
        double scale = clip / (Math.Sqrt(squares) + 1e-6);
        if (scale < 1)
        {
            foreach (ref float g in gradient) g *= (float)scale;
        }
        Step++;
        double correction1 = 1 - Math.Pow(Beta1, Step), rootCorrection2 = Math.Sqrt(1 - Math.Pow(Beta2, Step));
        float stepSize = (float)(learningRate / correction1), inverseRoot = (float)(1 / rootCorrection2);
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradient[i];
            float m = _first[i] = Beta1 * _first[i] + (1 - Beta1) * g;
            float v = _second[i] = Beta2 * _second[i] + (1 - Beta2) * g * g;
            parameters[i] -= stepSize * m / (MathF.Sqrt(v) * inverseRoot + Epsilon);
        }
    }

    public void CopyTo(AdamMoments other)
    {
        _first.CopyTo(other._first, 0);
        _second.CopyTo(other._second, 0);
        other.Step = Step;
    }

    public byte[] Save()
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(Step);
            writer.Write(Count);
            foreach (float m in _first) writer.Write(m);
            foreach (float v in _second) writer.Write(v);
        }
        return memory.ToArray();
    }

    /// <summary>Whether <paramref name="state"/> was written by <see cref="Save"/> (for any network).</summary>
    public static bool IsOurs(byte[] state)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
            return reader.ReadString() == Magic;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            return false;
        }
    }

    /// <summary>The moments saved in <paramref name="state"/>, or null when it holds something else (TorchSharp's state, another network's).</summary>
    public static AdamMoments? TryLoad(byte[] state, int count)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != Version) return null;
            long step = reader.ReadInt64();
            if (reader.ReadInt32() != count) return null;
            var moments = new AdamMoments(count) { Step = step };
            for (int i = 0; i < count; i++) moments._first[i] = reader.ReadSingle();
            for (int i = 0; i < count; i++) moments._second[i] = reader.ReadSingle();
            return moments;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            return null;
        }
    }
}
