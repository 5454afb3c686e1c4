using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>
/// The spelling differences between GLSL and HLSL that <see cref="NetworkShaderWriter"/> needs; the network walk itself
/// is shared, so both languages evaluate the same sums in the same order. HLSL's <c>float4x4(a, b, c, d)</c> takes rows
/// where GLSL's <c>mat4</c> takes columns, so a packed block is the transpose there and <c>mul(x, W)</c> equals GLSL's <c>W * x</c>;
/// <c>W[0]</c> is the first packed <c>vec4</c> in both.
/// </summary>
internal abstract class ShaderDialect
{
    public static readonly ShaderDialect Glsl = new GlslDialect();
    public static readonly ShaderDialect Hlsl = new HlslDialect();

    public abstract string Language { get; }

    /// <summary>The header line that says what the include needs.</summary>
    public abstract string Requirement { get; }

    public abstract string Float3 { get; }

    public abstract string Float4 { get; }

    public abstract string Float4x4 { get; }

    /// <summary>The qualifier of a global constant.</summary>
    public abstract string GlobalConst { get; }

    /// <summary>A matrix block times a <c>vec4</c> of activations.</summary>
    public abstract string Times(string matrix, string vector);

    /// <summary>A vector with every component <paramref name="value"/>.</summary>
    public abstract string Splat(string type, int size, string value);

    /// <summary>The opening of a global constant <c>vec4</c> array initializer.</summary>
    public abstract string ConstArrayOpen(string name, int count);

    public abstract string ConstArrayClose { get; }

    public string Vec3(Vector3 v) => $"{Float3}({GlslBaker.Literal(v.X)}, {GlslBaker.Literal(v.Y)}, {GlslBaker.Literal(v.Z)})";

    private sealed class GlslDialect : ShaderDialect
    {
        public override string Language => "GLSL";
        public override string Requirement => "Requires GLSL 4.30. Every global name starts with nsdf_ or NSDF_.";
        public override string Float3 => "vec3";
        public override string Float4 => "vec4";
        public override string Float4x4 => "mat4";
        public override string GlobalConst => "const";
        public override string Times(string matrix, string vector) => $"{matrix} * {vector}";
        public override string Splat(string type, int size, string value) => $"{type}({value})";
        public override string ConstArrayOpen(string name, int count) => $"const vec4 {name}[{count}] = vec4[{count}](";
        public override string ConstArrayClose => ");";
    }

    private sealed class HlslDialect : ShaderDialect
    {
        public override string Language => "HLSL";
        public override string Requirement => "HLSL (shader model 5 or later: Unity, Unreal custom nodes). Every global name starts with nsdf_ or NSDF_.";
        public override string Float3 => "float3";
        public override string Float4 => "float4";
        public override string Float4x4 => "float4x4";
        public override string GlobalConst => "static const";
        public override string Times(string matrix, string vector) => $"mul({vector}, {matrix})";
        public override string Splat(string type, int size, string value) => $"{type}({string.Join(", ", Enumerable.Repeat(value, size))})";
        public override string ConstArrayOpen(string name, int count) => $"static const float4 {name}[{count}] =\n{{";
        public override string ConstArrayClose => "};";
    }
}
