using System.Numerics;

namespace NeuralSdf.Runtime.Shaders;

/// <summary>
/// The spelling differences between GLSL and HLSL that <see cref="NetworkShaderWriter"/> needs; the network walk itself
/// is shared, so both languages evaluate the same sums in the same order. HLSL's <c>float4x4(a, b, c, d)</c> takes rows
/// where GLSL's <c>mat4</c> takes columns, so a packed block is the transpose there and <c>mul(x, W)</c> equals GLSL's <c>W * x</c>;
/// <c>W[0]</c> is the first packed <c>vec4</c> in both. Likewise a Jacobian <c>J</c> of N inputs and M outputs is GLSL's
/// <c>matNxM</c> (N columns) and HLSL's <c>floatNxM</c> (N rows), so <c>J[i]</c> is the derivative by input i in both.
/// </summary>
internal abstract class ShaderDialect
{
    public static readonly ShaderDialect Glsl = new GlslDialect();
    public static readonly ShaderDialect Hlsl = new HlslDialect();

    public abstract string Language { get; }

    /// <summary>The header line that says what the include needs.</summary>
    public abstract string Requirement(string prefix);

    /// <summary>The vector type of <paramref name="size"/> floats (<c>float</c> for one).</summary>
    public abstract string Float(int size);

    public string Float3 => Float(3);

    public string Float4 => Float(4);

    public abstract string Float4x4 { get; }

    /// <summary>The type of an N-input, M-output Jacobian whose element <c>[i]</c> is the <c>vecM</c> derivative by input i.</summary>
    public abstract string Jacobian(int inputs, int outputs);

    /// <summary>An all-zero Jacobian.</summary>
    public abstract string ZeroJacobian(int inputs, int outputs);

    /// <summary>The qualifier of a global constant.</summary>
    public abstract string GlobalConst { get; }

    /// <summary>A matrix block times a <c>vec4</c> of activations.</summary>
    public abstract string Times(string matrix, string vector);

    /// <summary>A vector with every component <paramref name="value"/>.</summary>
    public abstract string Splat(string type, int size, string value);

    /// <summary>The opening of a global constant <c>vec4</c> array initializer.</summary>
    public abstract string ConstArrayOpen(string name, int count);

    public abstract string ConstArrayClose { get; }

    public string Vec3(Vector3 v) => Vector([v.X, v.Y, v.Z]);

    /// <summary>A vector literal of <paramref name="values"/> (a plain float for one).</summary>
    public string Vector(ReadOnlySpan<float> values)
    {
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++) parts[i] = GlslBaker.Literal(values[i]);
        return values.Length == 1 ? parts[0] : $"{Float(values.Length)}({string.Join(", ", parts)})";
    }

    private sealed class GlslDialect : ShaderDialect
    {
        public override string Language => "GLSL";
        public override string Requirement(string prefix) => $"Requires GLSL 4.30. Every global name starts with {prefix}_ or {prefix.ToUpperInvariant()}_.";
        public override string Float(int size) => size == 1 ? "float" : $"vec{size}";
        public override string Float4x4 => "mat4";
        public override string Jacobian(int inputs, int outputs) => $"mat{inputs}x{outputs}";
        public override string ZeroJacobian(int inputs, int outputs) => $"mat{inputs}x{outputs}(0.0)";
        public override string GlobalConst => "const";
        public override string Times(string matrix, string vector) => $"{matrix} * {vector}";
        public override string Splat(string type, int size, string value) => $"{type}({value})";
        public override string ConstArrayOpen(string name, int count) => $"const vec4 {name}[{count}] = vec4[{count}](";
        public override string ConstArrayClose => ");";
    }

    private sealed class HlslDialect : ShaderDialect
    {
        public override string Language => "HLSL";
        public override string Requirement(string prefix) =>
            $"HLSL (shader model 5 or later: Unity, Unreal custom nodes). Every global name starts with {prefix}_ or {prefix.ToUpperInvariant()}_.";
        public override string Float(int size) => size == 1 ? "float" : $"float{size}";
        public override string Float4x4 => "float4x4";
        public override string Jacobian(int inputs, int outputs) => $"float{inputs}x{outputs}";
        public override string ZeroJacobian(int inputs, int outputs) => $"(float{inputs}x{outputs})0";
        public override string GlobalConst => "static const";
        public override string Times(string matrix, string vector) => $"mul({vector}, {matrix})";
        public override string Splat(string type, int size, string value) => size == 1 ? value : $"{type}({string.Join(", ", Enumerable.Repeat(value, size))})";
        public override string ConstArrayOpen(string name, int count) => $"static const float4 {name}[{count}] =\n{{";
        public override string ConstArrayClose => "};";
    }
}
