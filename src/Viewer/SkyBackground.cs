using System.Numerics;
using NeuralSdf.Runtime.OpenGL;
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

    private readonly GL _gl;
    private readonly GlProgram _program;
    private readonly GlVertexArray _vertexArray;

    public SkyBackground(GL gl)
    {
        _gl = gl;
        _program = new GlProgram(gl, "NeuralSdf viewer sky",
            (ShaderType.VertexShader, ShaderSources.Load("fullscreen.vert.glsl")),
            (ShaderType.FragmentShader, FragmentSource));
        _vertexArray = new GlVertexArray(gl, "NeuralSdf viewer sky");
    }

    /// <summary>Fills the current viewport; leaves depth test off and depth writes on.</summary>
    public unsafe void Draw(Matrix4x4 view, Matrix4x4 projection)
    {
        Matrix4x4.Invert(view * projection, out Matrix4x4 clipToWorld);
        Span<int> viewport = stackalloc int[4];
        _gl.GetInteger(GetPName.Viewport, viewport);
        _gl.Disable(EnableCap.DepthTest);
        _gl.DepthMask(false);
        _gl.UseProgram(_program.Handle);
        _gl.BindVertexArray(_vertexArray.Handle);
        _gl.UniformMatrix4(_program.Uniform("u_clipToWorld"), 1, false, (float*)&clipToWorld);
        _gl.Uniform4(_program.Uniform("u_viewport"), (float)viewport[0], viewport[1], viewport[2], viewport[3]);
        _gl.DrawArrays(PrimitiveType.Triangles, 0, 3);
        _gl.DepthMask(true);
    }

    public void Dispose()
    {
        _program.Dispose();
        _vertexArray.Dispose();
    }
}
