using System.Numerics;
using NeuralSdf.Runtime;
using Silk.NET.OpenGL;

namespace NeuralSdf.Viewer;

/// <summary>
/// The viewer's background pass: a sky gradient above the horizon and a darker ground below, by view direction,
/// drawn over the whole viewport without depth. The models are drawn after it.
/// </summary>
internal sealed class SkyBackground : IDisposable
{
    private const string FragmentSource = """
        #version 430 core
        uniform mat4 u_clipToWorld; // inverse of view * projection (column-vector form)
        uniform vec4 u_viewport;
        out vec4 fragColor;

        vec3 skyColor(vec3 direction)
        {
            const vec3 horizon = vec3(0.72, 0.78, 0.86), zenith = vec3(0.30, 0.45, 0.70);
            const vec3 groundNear = vec3(0.36, 0.34, 0.31), groundFar = vec3(0.55, 0.54, 0.52);
            float up = direction.y;
            if (up >= 0.0) return mix(horizon, zenith, pow(up, 0.6));
            return mix(groundFar, groundNear, pow(-up, 0.5));
        }

        void main()
        {
            vec2 ndc = 2.0 * (gl_FragCoord.xy - u_viewport.xy) / u_viewport.zw - 1.0;
            vec4 near = u_clipToWorld * vec4(ndc, -1.0, 1.0);
            vec4 far = u_clipToWorld * vec4(ndc, 1.0, 1.0);
            fragColor = vec4(skyColor(normalize(far.xyz / far.w - near.xyz / near.w)), 1.0);
        }
        """;

    // One triangle that covers the viewport, from gl_VertexID alone (no vertex buffer).
    private const string VertexSource = """
        #version 430 core
        void main()
        {
            vec2 corner = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);
            gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
        }
        """;

    private readonly GL _gl;
    private readonly uint _program;
    private readonly uint _vertexArray;
    private readonly int _clipToWorld, _viewport;

    /// <exception cref="ShaderCompileException">The driver rejected the sky's shaders.</exception>
    public SkyBackground(GL gl)
    {
        _gl = gl;
        _program = Link(gl, (ShaderType.VertexShader, VertexSource), (ShaderType.FragmentShader, FragmentSource));
        _clipToWorld = gl.GetUniformLocation(_program, "u_clipToWorld");
        _viewport = gl.GetUniformLocation(_program, "u_viewport");
        _vertexArray = gl.GenVertexArray();
    }

    /// <summary>Fills the current viewport; leaves depth test off and depth writes on.</summary>
    public unsafe void Draw(Matrix4x4 view, Matrix4x4 projection)
    {
        Matrix4x4.Invert(view * projection, out Matrix4x4 clipToWorld);
        Span<int> viewport = stackalloc int[4];
        _gl.GetInteger(GetPName.Viewport, viewport);
        _gl.Disable(EnableCap.DepthTest);
        _gl.DepthMask(false);
        _gl.UseProgram(_program);
        _gl.BindVertexArray(_vertexArray);
        _gl.UniformMatrix4(_clipToWorld, 1, false, (float*)&clipToWorld);
        _gl.Uniform4(_viewport, (float)viewport[0], viewport[1], viewport[2], viewport[3]);
        _gl.DrawArrays(PrimitiveType.Triangles, 0, 3);
        _gl.DepthMask(true);
    }

    public void Dispose()
    {
        _gl.DeleteProgram(_program);
        _gl.DeleteVertexArray(_vertexArray);
    }

    private static uint Link(GL gl, params (ShaderType Type, string Source)[] stages)
    {
        uint program = gl.CreateProgram();
        foreach ((ShaderType type, string source) in stages)
        {
            uint shader = gl.CreateShader(type);
            gl.ShaderSource(shader, source);
            gl.CompileShader(shader);
            if (gl.GetShader(shader, ShaderParameterName.CompileStatus) == 0)
            {
                string log = gl.GetShaderInfoLog(shader);
                gl.DeleteShader(shader);
                gl.DeleteProgram(program);
                throw new ShaderCompileException($"{type} 'NeuralSdf viewer sky'", log, source);
            }
            gl.AttachShader(program, shader);
            gl.DeleteShader(shader);
        }
        gl.LinkProgram(program);
        if (gl.GetProgram(program, ProgramPropertyARB.LinkStatus) == 0)
        {
            string log = gl.GetProgramInfoLog(program);
            gl.DeleteProgram(program);
            throw new ShaderCompileException("program 'NeuralSdf viewer sky' (linking)", log, VertexSource + FragmentSource);
        }
        return program;
    }
}
