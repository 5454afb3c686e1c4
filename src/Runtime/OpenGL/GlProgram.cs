using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.OpenGL;

/// <summary>
/// A linked program built from source stages; the stage objects are deleted once linked.
/// Link errors throw with the info log and every stage's numbered source. Uniform locations are cached.
/// </summary>
internal sealed class GlProgram : GlObject
{
    private readonly Dictionary<string, int> _uniforms = new(StringComparer.Ordinal);

    public GlProgram(GL gl, string label, params (ShaderType Type, string Source)[] stages)
        : base(gl, gl.CreateProgram(), label)
    {
        ApplyLabel(ObjectIdentifier.Program);
        var shaders = new List<GlShader>();
        try
        {
            foreach ((ShaderType type, string source) in stages)
            {
                var shader = new GlShader(gl, type, source, $"{label} ({type})");
                shaders.Add(shader);
                Gl.AttachShader(Handle, shader.Handle);
            }
            Gl.LinkProgram(Handle);
            if (Gl.GetProgram(Handle, ProgramPropertyARB.LinkStatus) == 0)
            {
                string log = Gl.GetProgramInfoLog(Handle);
                string sources = string.Join("\n", stages.Select(s => $"{s.Type}:\n{GlShader.Numbered(s.Source)}"));
                throw new ShaderCompileException($"program '{label}' (linking)", log.TrimEnd(), sources);
            }
            foreach (GlShader shader in shaders) Gl.DetachShader(Handle, shader.Handle);
        }
        catch
        {
            Dispose();
            throw;
        }
        finally
        {
            foreach (GlShader shader in shaders) shader.Dispose();
        }
    }

    /// <summary>The location of a uniform, or -1 when the compiler removed it (setting -1 is a no-op in GL).</summary>
    public int Uniform(string name)
    {
        ThrowIfDisposed();
        if (!_uniforms.TryGetValue(name, out int location))
        {
            location = Gl.GetUniformLocation(Handle, name);
            _uniforms[name] = location;
        }
        return location;
    }

    protected override void Delete(uint handle) => Gl.DeleteProgram(handle);
}
