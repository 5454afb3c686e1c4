using System.Numerics;
using NeuralSdf.Runtime.OpenGL;
using NeuralSdf.Runtime.Shaders;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime;

/// <summary>
/// Draws one <see cref="ImageField"/> into the host's bound framebuffer and viewport with a fragment shader that evaluates
/// the baked network per pixel — a neural texture at any zoom — or its analytic gradient magnitude or Laplacian
/// (<see cref="ImageFieldView"/>). Needs OpenGL 4.3. Create, use and dispose it on the thread whose context is current.
/// </summary>
/// <remarks>
/// Owns the field's weights (a texture buffer where it fits, else a shader storage buffer, at binding or unit 0 during a
/// draw) and one program per view, built at the view's first draw. A draw changes and then restores the current program,
/// the vertex array binding, the weight binding (and the active texture unit), depth test, blending, face culling and
/// polygon mode; it writes color only. The Laplacian view takes central differences of the analytic first derivatives a
/// quarter source pixel either side (the baked shader has no second derivatives).
/// </remarks>
public sealed class ImageFieldRenderer : IDisposable
{
    private const int WeightBinding = 0;

    private readonly GL _gl;
    private readonly BakedGlsl _baked;
    private readonly GlWeightStore? _weights;
    private readonly GlVertexArray _vertexArray;
    private readonly GlProgram?[] _programs = new GlProgram?[Enum.GetValues<ImageFieldView>().Length];
    private readonly string _vertexSource, _fragmentTemplate;
    private bool _disposed;

    /// <summary>Bakes <paramref name="image"/> and uploads its weights for the context that is current on this thread.</summary>
    /// <exception cref="GlNotSupportedException">The context is older than OpenGL 4.3, or its limits cannot hold the network.</exception>
    public ImageFieldRenderer(GL gl, ImageField image)
    {
        ArgumentNullException.ThrowIfNull(gl);
        ArgumentNullException.ThrowIfNull(image);
        GlCapabilities.RequireGl43(gl, nameof(ImageFieldRenderer));
        _gl = gl;
        Image = image;
        GlWeightStorageLimits limits = GlWeightStorageLimits.Query(gl);
        GlslWeightStorage storage = limits.Choose(image.Field);
        limits.Require(storage, image.Field, WeightBinding);
        _baked = GlslBaker.Bake(image, storage, WeightBinding);
        _vertexSource = ShaderSources.Load("fullscreen.vert.glsl");
        _fragmentTemplate = ShaderSources.Load("image_field.frag.glsl");
        _weights = GlWeightStore.Create(gl, _baked, $"NeuralSdf image weights {image.Field.Network.Describe()}");
        _vertexArray = new GlVertexArray(gl, "NeuralSdf image field full-screen triangle");
    }

    /// <summary>The field this renderer draws.</summary>
    public ImageField Image { get; }

    /// <summary>Builds the program of <paramref name="view"/> now (the first draw of a view otherwise does, which can take a while on software GL).</summary>
    /// <exception cref="ShaderCompileException">The shader failed to compile or link on this driver.</exception>
    public void Prepare(ImageFieldView view) => ProgramFor(view);

    /// <summary>
    /// Fills the bound viewport with the field: the viewport's top-left pixel corner shows <paramref name="uvTopLeft"/>, and
    /// each pixel spans <paramref name="uvPerPixel"/> of uv (x right, y down); outside [0, 1]² a dark background.
    /// </summary>
    /// <param name="view">Colour, gradient magnitude or Laplacian.</param>
    /// <param name="uvTopLeft">The uv at the viewport's top-left corner.</param>
    /// <param name="uvPerPixel">uv per viewport pixel along x (right) and y (down).</param>
    /// <param name="derivativeScale">For the derivative views, the value per source pixel drawn as white (positive).</param>
    /// <param name="checkerPixels">The size of a square of the checkerboard under transparent parts, in viewport pixels.</param>
    /// <exception cref="ShaderCompileException">The shader failed to compile or link on this driver.</exception>
    public void Draw(ImageFieldView view, Vector2 uvTopLeft, Vector2 uvPerPixel, float derivativeScale = 1, float checkerPixels = 8)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Enum.IsDefined(view)) throw new ArgumentOutOfRangeException(nameof(view), view, "Not an image field view.");
        if (!(derivativeScale > 0) || !float.IsFinite(derivativeScale))
            throw new ArgumentOutOfRangeException(nameof(derivativeScale), derivativeScale, "The derivative scale must be positive and finite.");
        GlProgram program = ProgramFor(view);
        Span<int> viewport = stackalloc int[4];
        _gl.GetInteger(GetPName.Viewport, viewport);
        ReadOnlySpan<GlBindingPoint> points = _weights is { } store ? [store.BindingPoint] : [];
        GlStateSnapshot saved = GlStateSnapshot.Capture(_gl, points);
        try
        {
            _gl.UseProgram(program.Handle);
            _gl.BindVertexArray(_vertexArray.Handle);
            _weights?.Bind();
            _gl.Disable(EnableCap.DepthTest);
            _gl.Disable(EnableCap.Blend);
            _gl.Disable(EnableCap.CullFace);
            _gl.PolygonMode(TriangleFace.FrontAndBack, PolygonMode.Fill);
            _gl.Uniform4(program.Uniform("u_viewport"), (float)viewport[0], viewport[1], viewport[2], viewport[3]);
            _gl.Uniform2(program.Uniform("u_uvTopLeft"), uvTopLeft.X, uvTopLeft.Y);
            _gl.Uniform2(program.Uniform("u_uvPerPixel"), uvPerPixel.X, uvPerPixel.Y);
            _gl.Uniform1(program.Uniform("u_checkerPixels"), Math.Max(1f, checkerPixels));
            if (view != ImageFieldView.Value) _gl.Uniform1(program.Uniform("u_derivativeScale"), derivativeScale);
            _gl.Uniform1(program.Uniform("u_laplacianTaps"), 4);
            _gl.DrawArrays(PrimitiveType.Triangles, 0, 3);
        }
        finally
        {
            saved.Restore();
        }
    }

    /// <summary>Frees every GL object this renderer created. Safe to call twice; the context must be current.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (GlProgram? program in _programs) program?.Dispose();
        Array.Clear(_programs);
        _weights?.Dispose();
        _vertexArray.Dispose();
    }

    private GlProgram ProgramFor(ImageFieldView view)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_programs[(int)view] is { } built) return built;
        string fragment = $"#version 430 core\n#define VIEW_MODE {(int)view}\n" + ShaderSources.WithNetwork(_fragmentTemplate, _baked.Source);
        var program = new GlProgram(_gl, $"NeuralSdf image field {view} {Image.Field.Network.Describe()} ({_baked.Storage})",
            (ShaderType.VertexShader, _vertexSource), (ShaderType.FragmentShader, fragment));
        _programs[(int)view] = program;
        return program;
    }
}
