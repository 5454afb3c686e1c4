using NeuralSdf.Hosting;
using NeuralSdf.Runtime.OpenGL;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime.Tests.OpenGL;

[Collection("GL")]
[Trait("Category", "GL")]
public sealed class GlProgramTests
{
    [SkippableFact]
    public void CompileErrorCarriesTheInfoLogAndTheNumberedSource()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        const string Source = "#version 430 core\nout vec4 color;\nvoid main()\n{\n    color = undefinedThing;\n}\n";
        var e = Assert.Throws<ShaderCompileException>(() => new GlProgram(context.Gl, "broken", (ShaderType.FragmentShader, Source)));
        Assert.StartsWith("compiling FragmentShader 'broken (FragmentShader)' failed: ", e.Message);
        Assert.Contains("undefinedThing", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("undefinedThing", e.InfoLog);
        Assert.Contains("5:     color = undefinedThing;", e.NumberedSource);
    }

    [SkippableFact]
    public void LinkErrorCarriesTheInfoLogAndEveryStage()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        const string Vertex = "#version 430 core\nout vec3 a;\nvoid main() { a = vec3(1.0); gl_Position = vec4(0.0); }\n";
        const string Fragment = "#version 430 core\nin vec4 a;\nout vec4 color;\nvoid main() { color = a; }\n";
        var e = Assert.Throws<ShaderCompileException>(() =>
            new GlProgram(context.Gl, "mismatch", (ShaderType.VertexShader, Vertex), (ShaderType.FragmentShader, Fragment)));
        Assert.StartsWith("compiling program 'mismatch' (linking) failed: ", e.Message);
        Assert.Contains("VertexShader:", e.NumberedSource);
        Assert.Contains("2: in vec4 a;", e.NumberedSource);
    }

    [SkippableFact]
    public void ObjectsAreLabelledAndDisposeTwiceSafely()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        GL gl = context.Gl;
        var program = new GlProgram(gl, "labelled program",
            (ShaderType.VertexShader, "#version 430 core\nvoid main() { gl_Position = vec4(0.0); }\n"));
        var buffer = new GlBuffer(gl, "labelled buffer");
        var vertexArray = new GlVertexArray(gl, "labelled vertex array");
        Assert.Equal("labelled program", Label(gl, ObjectIdentifier.Program, program.Handle));
        Assert.Equal("labelled buffer", Label(gl, ObjectIdentifier.Buffer, buffer.Handle));
        Assert.Equal("labelled vertex array", Label(gl, ObjectIdentifier.VertexArray, vertexArray.Handle));

        uint programHandle = program.Handle;
        foreach (GlObject glObject in new GlObject[] { program, buffer, vertexArray })
        {
            glObject.Dispose();
            glObject.Dispose();
            Assert.Equal(0u, glObject.Handle);
        }
        Assert.False(gl.IsProgram(programHandle));
        Assert.Equal(GLEnum.NoError, gl.GetError());
    }

    [SkippableFact]
    public void BufferRoundTripsDataWithoutTouchingTheCopyBindings()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        using var buffer = new GlBuffer(context.Gl, "round trip");
        buffer.SetData<float>([1f, 2f, 3f, 4f], BufferUsageARB.StaticDraw);
        float[] back = new float[4];
        buffer.GetData<float>(back);
        Assert.Equal([1f, 2f, 3f, 4f], back);
        Assert.Equal(16, buffer.SizeInBytes);
        Assert.Equal(0, context.Gl.GetInteger(GLEnum.CopyWriteBufferBinding));
        Assert.Equal(0, context.Gl.GetInteger(GLEnum.CopyReadBufferBinding));
    }

    private static unsafe string Label(GL gl, ObjectIdentifier kind, uint handle)
    {
        byte* text = stackalloc byte[256];
        uint length;
        gl.GetObjectLabel(kind, handle, 256, &length, text);
        return System.Text.Encoding.UTF8.GetString(text, (int)length);
    }
}
