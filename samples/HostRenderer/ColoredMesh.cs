using System.Numerics;
using Silk.NET.OpenGL;

namespace NeuralSdf.Samples.HostRenderer;

/// <summary>
/// The host engine's own rasterized geometry: flat-colored triangles with a simple directional light, drawn with
/// the host's program, vertex array and buffer. Nothing here knows about NeuralSdf.
/// </summary>
public sealed class ColoredMesh : IDisposable
{
    private const string VertexSource = """
        #version 430 core
        layout(location = 0) in vec3 a_position;
        layout(location = 1) in vec3 a_normal;
        layout(location = 2) in vec3 a_color;
        uniform mat4 u_worldToClip;
        out vec3 v_normal;
        out vec3 v_color;
        void main()
        {
            gl_Position = u_worldToClip * vec4(a_position, 1.0);
            v_normal = a_normal;
            v_color = a_color;
        }
        """;

    private const string FragmentSource = """
        #version 430 core
        in vec3 v_normal;
        in vec3 v_color;
        out vec4 fragColor;
        void main()
        {
            float light = 0.35 + 0.65 * max(dot(normalize(v_normal), normalize(vec3(0.5, 0.7, 0.6))), 0.0);
            fragColor = vec4(v_color * light, 1.0);
        }
        """;

    private readonly GL _gl;
    private readonly uint _program;
    private readonly uint _vertexArray;
    private readonly uint _buffer;
    private readonly int _worldToClip;
    private readonly int _vertexCount;

    /// <summary>Uploads <paramref name="vertices"/> (three per triangle) and builds the program.</summary>
    public ColoredMesh(GL gl, IReadOnlyList<ColoredVertex> vertices)
    {
        _gl = gl;
        _program = gl.CreateProgram();
        uint vertex = Compile(gl, ShaderType.VertexShader, VertexSource), fragment = Compile(gl, ShaderType.FragmentShader, FragmentSource);
        gl.AttachShader(_program, vertex);
        gl.AttachShader(_program, fragment);
        gl.LinkProgram(_program);
        gl.DeleteShader(vertex);
        gl.DeleteShader(fragment);
        if (gl.GetProgram(_program, ProgramPropertyARB.LinkStatus) == 0)
            throw new InvalidOperationException("Linking the mesh program failed: " + gl.GetProgramInfoLog(_program));
        _worldToClip = gl.GetUniformLocation(_program, "u_worldToClip");

        _vertexCount = vertices.Count;
        _vertexArray = gl.GenVertexArray();
        _buffer = gl.GenBuffer();
        gl.BindVertexArray(_vertexArray);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _buffer);
        gl.BufferData<ColoredVertex>(BufferTargetARB.ArrayBuffer, vertices.ToArray(), BufferUsageARB.StaticDraw);
        uint stride = (uint)(9 * sizeof(float));
        for (uint attribute = 0; attribute < 3; attribute++)
        {
            gl.EnableVertexAttribArray(attribute);
            unsafe { gl.VertexAttribPointer(attribute, 3, VertexAttribPointerType.Float, false, stride, (void*)(attribute * 3 * sizeof(float))); }
        }
        gl.BindVertexArray(0);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, 0);
    }

    /// <summary>Draws the triangles with the current depth state; matrices in System.Numerics' row-vector convention.</summary>
    public unsafe void Draw(Matrix4x4 view, Matrix4x4 projection)
    {
        Matrix4x4 worldToClip = view * projection;
        _gl.UseProgram(_program);
        _gl.UniformMatrix4(_worldToClip, 1, false, (float*)&worldToClip);
        _gl.BindVertexArray(_vertexArray);
        _gl.DrawArrays(PrimitiveType.Triangles, 0, (uint)_vertexCount);
        _gl.BindVertexArray(0);
        _gl.UseProgram(0);
    }

    /// <summary>Deletes the program, vertex array and buffer.</summary>
    public void Dispose()
    {
        _gl.DeleteProgram(_program);
        _gl.DeleteVertexArray(_vertexArray);
        _gl.DeleteBuffer(_buffer);
    }

    /// <summary>Twelve triangles of an axis-aligned box, one color.</summary>
    public static IEnumerable<ColoredVertex> Box(Vector3 min, Vector3 max, Vector3 color)
    {
        Vector3 Corner(int i) => new((i & 1) == 0 ? min.X : max.X, (i & 2) == 0 ? min.Y : max.Y, (i & 4) == 0 ? min.Z : max.Z);
        // Each face as four corner indices in order around it, with its outward normal.
        (int A, int B, int C, int D, Vector3 Normal)[] faces =
        [
            (0, 2, 6, 4, -Vector3.UnitX), (1, 5, 7, 3, Vector3.UnitX),
            (0, 4, 5, 1, -Vector3.UnitY), (2, 3, 7, 6, Vector3.UnitY),
            (0, 1, 3, 2, -Vector3.UnitZ), (4, 6, 7, 5, Vector3.UnitZ),
        ];
        foreach ((int a, int b, int c, int d, Vector3 normal) in faces)
        {
            foreach (int i in new[] { a, b, c, a, c, d })
                yield return new ColoredVertex(Corner(i), normal, color);
        }
    }

    /// <summary>A horizontal square at height <paramref name="y"/>, facing up.</summary>
    public static IEnumerable<ColoredVertex> Ground(Vector3 center, float halfSize, float y, Vector3 color)
    {
        Vector3 Corner(float x, float z) => new(center.X + x * halfSize, y, center.Z + z * halfSize);
        Vector3[] corners = [Corner(-1, -1), Corner(1, -1), Corner(1, 1), Corner(-1, 1)];
        foreach (int i in new[] { 0, 1, 2, 0, 2, 3 })
            yield return new ColoredVertex(corners[i], Vector3.UnitY, color);
    }

    private static uint Compile(GL gl, ShaderType type, string source)
    {
        uint shader = gl.CreateShader(type);
        gl.ShaderSource(shader, source);
        gl.CompileShader(shader);
        if (gl.GetShader(shader, ShaderParameterName.CompileStatus) == 0)
            throw new InvalidOperationException($"Compiling the mesh {type} failed: " + gl.GetShaderInfoLog(shader));
        return shader;
    }
}
