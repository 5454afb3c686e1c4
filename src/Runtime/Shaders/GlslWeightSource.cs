using System.Globalization;
using System.Text;

namespace NeuralSdf.Runtime.Shaders;

/// <summary>
/// Emits the part of the include that depends on where the weights live: the declarations and
/// <c>vec4 PREFIX_fetch(int i)</c>, which returns packed <c>vec4</c> number <c>i</c>. Everything else in the include
/// reads weights only through <c>PREFIX_fetch</c>, so each storage is one subclass.
/// </summary>
internal abstract class GlslWeightSource
{
    public static GlslWeightSource For(GlslWeightStorage storage) => storage switch
    {
        GlslWeightStorage.ShaderStorageBuffer => new StorageBufferSource(),
        GlslWeightStorage.UniformBuffer => new UniformBufferSource(),
        GlslWeightStorage.TextureBuffer => new TextureBufferSource(),
        GlslWeightStorage.Inline => new InlineSource(ShaderDialect.Glsl),
        _ => throw new ArgumentOutOfRangeException(nameof(storage), storage, "Unknown weight storage."),
    };

    /// <summary>Constants in the source, spelled for <paramref name="dialect"/> (the only storage HLSL export offers).</summary>
    public static GlslWeightSource InlineFor(ShaderDialect dialect) => new InlineSource(dialect);

    /// <summary>Whether the host uploads the packed weights (false: they are in the source).</summary>
    public abstract bool NeedsUpload { get; }

    /// <summary>One line for the header comment.</summary>
    public abstract string Describe(int binding, int vec4Count, string prefix);

    /// <summary>Declarations and <c>PREFIX_fetch</c>.</summary>
    public abstract void Emit(StringBuilder glsl, GlslNetworkLayout layout, float[] packed, int binding, string prefix);

    private sealed class StorageBufferSource : GlslWeightSource
    {
        public override bool NeedsUpload => true;

        public override string Describe(int binding, int vec4Count, string prefix) =>
            $"std430 shader storage buffer '{prefix}_WeightBuffer' at binding {binding}: {vec4Count} vec4 = {16 * vec4Count} bytes";

        public override void Emit(StringBuilder glsl, GlslNetworkLayout layout, float[] packed, int binding, string prefix)
        {
            glsl.Append(CultureInfo.InvariantCulture, $"layout(std430, binding = {binding}) readonly buffer {prefix}_WeightBuffer\n");
            glsl.Append("{\n");
            glsl.Append(CultureInfo.InvariantCulture, $"    vec4 {prefix}_weights[]; // {layout.Vec4Count} vec4, packed by GlslBaker\n");
            glsl.Append("};\n\n");
            glsl.Append(CultureInfo.InvariantCulture, $"vec4 {prefix}_fetch(int i) {{ return {prefix}_weights[i]; }}\n");
        }
    }

    private sealed class UniformBufferSource : GlslWeightSource
    {
        public override bool NeedsUpload => true;

        public override string Describe(int binding, int vec4Count, string prefix) =>
            $"std140 uniform block '{prefix}_WeightBlock' at binding {binding}: {vec4Count} vec4 = {16 * vec4Count} bytes";

        public override void Emit(StringBuilder glsl, GlslNetworkLayout layout, float[] packed, int binding, string prefix)
        {
            // std140 gives a vec4 array a 16-byte stride, so the packed floats upload as they are.
            glsl.Append(CultureInfo.InvariantCulture, $"layout(std140, binding = {binding}) uniform {prefix}_WeightBlock\n");
            glsl.Append("{\n");
            glsl.Append(CultureInfo.InvariantCulture, $"    vec4 {prefix}_weights[{layout.Vec4Count}]; // packed by GlslBaker\n");
            glsl.Append("};\n\n");
            glsl.Append(CultureInfo.InvariantCulture, $"vec4 {prefix}_fetch(int i) {{ return {prefix}_weights[i]; }}\n");
        }
    }

    private sealed class TextureBufferSource : GlslWeightSource
    {
        public override bool NeedsUpload => true;

        public override string Describe(int binding, int vec4Count, string prefix) =>
            $"RGBA32F buffer texture '{prefix}_weightTexture' on texture unit {binding}: {vec4Count} texels = {16 * vec4Count} bytes";

        public override void Emit(StringBuilder glsl, GlslNetworkLayout layout, float[] packed, int binding, string prefix)
        {
            glsl.Append(CultureInfo.InvariantCulture, $"layout(binding = {binding}) uniform samplerBuffer {prefix}_weightTexture; // {layout.Vec4Count} RGBA32F texels, packed by GlslBaker\n\n");
            glsl.Append(CultureInfo.InvariantCulture, $"vec4 {prefix}_fetch(int i) {{ return texelFetch({prefix}_weightTexture, i); }}\n");
        }
    }

    private sealed class InlineSource(ShaderDialect dialect) : GlslWeightSource
    {
        public override bool NeedsUpload => false;

        public override string Describe(int binding, int vec4Count, string prefix) => $"inline const array '{prefix}_weights': {vec4Count} vec4";

        public override void Emit(StringBuilder glsl, GlslNetworkLayout layout, float[] packed, int binding, string prefix)
        {
            string vec4 = dialect.Float4;
            glsl.Append(dialect.ConstArrayOpen($"{prefix}_weights", layout.Vec4Count)).Append('\n');
            var starts = layout.Layers.SelectMany(l => new[] { (l.WeightOffset, $"layer {l.Index} weights"), (l.BiasOffset, $"layer {l.Index} bias") })
                .ToDictionary(x => x.Item1, x => x.Item2);
            for (int v = 0; v < layout.Vec4Count; v++)
            {
                if (starts.TryGetValue(v, out string? label)) glsl.Append(CultureInfo.InvariantCulture, $"    // {label} (vec4 {v})\n");
                glsl.Append("    ").Append(vec4).Append('(')
                    .Append(GlslBaker.Literal(packed[4 * v])).Append(", ")
                    .Append(GlslBaker.Literal(packed[4 * v + 1])).Append(", ")
                    .Append(GlslBaker.Literal(packed[4 * v + 2])).Append(", ")
                    .Append(GlslBaker.Literal(packed[4 * v + 3])).Append(v == layout.Vec4Count - 1 ? ")\n" : "),\n");
            }
            glsl.Append(dialect.ConstArrayClose).Append("\n\n");
            glsl.Append(CultureInfo.InvariantCulture, $"{vec4} {prefix}_fetch(int i) {{ return {prefix}_weights[i]; }}\n");
        }
    }
}
