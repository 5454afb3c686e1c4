using System.Globalization;
using System.Text;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>One compiled shader stage. Compile errors throw <see cref="ShaderCompileException"/> with the info log and the numbered source.</summary>
internal sealed class GlShader : GlObject
{
    public GlShader(GL gl, ShaderType type, string source, string label)
        : base(gl, gl.CreateShader(type), label)
    {
        ApplyLabel(ObjectIdentifier.Shader);
        Gl.ShaderSource(Handle, source);
        Gl.CompileShader(Handle);
        if (Gl.GetShader(Handle, ShaderParameterName.CompileStatus) == 0)
        {
            string log = Gl.GetShaderInfoLog(Handle);
            Dispose();
            throw new ShaderCompileException($"{type} '{label}'", log.TrimEnd(), Numbered(source));
        }
    }

    protected override void Delete(uint handle) => Gl.DeleteShader(handle);

    /// <summary>The source with 1-based line numbers, as the info log counts them.</summary>
    public static string Numbered(string source)
    {
        string[] lines = source.Split('\n');
        int width = lines.Length.ToString(CultureInfo.InvariantCulture).Length;
        var text = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
            text.Append((i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append(": ").Append(lines[i].TrimEnd('\r')).Append('\n');
        return text.ToString();
    }
}
