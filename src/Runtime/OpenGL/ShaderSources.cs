using System.Reflection;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>The GLSL files under <c>shaders/</c>, embedded as <c>NeuralSdf.Shaders.&lt;file&gt;</c>, and the include step.</summary>
internal static class ShaderSources
{
    /// <summary>The line a shader template puts where the baked network goes.</summary>
    public const string IncludeLine = "#include <nsdf_network>";

    public static string Load(string fileName)
    {
        Assembly assembly = typeof(ShaderSources).Assembly;
        using Stream stream = assembly.GetManifestResourceStream("NeuralSdf.Shaders." + fileName)
            ?? throw new InvalidOperationException($"Shader '{fileName}' is not embedded in {assembly.GetName().Name}; check the shaders/ folder and Runtime.csproj.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The template with its <see cref="IncludeLine"/> replaced by <paramref name="include"/>.</summary>
    public static string WithNetwork(string template, string include)
    {
        int at = template.IndexOf(IncludeLine, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"The shader template has no '{IncludeLine}' line.");
        return string.Concat(template.AsSpan(0, at), include, template.AsSpan(at + IncludeLine.Length));
    }
}
