using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Runtime.OpenGL;
using NeuralSdf.Runtime.Shaders;
using Silk.NET.OpenGL;

namespace NeuralSdf.Viewer;

/// <summary>
/// Draws one image field into the bound framebuffer's viewport with a fragment shader that evaluates the baked
/// network per pixel: its colour, its gradient magnitude or its Laplacian (<see cref="ImageViewMode"/>). Owns the
/// weights and one program per view mode, built at the view's first use. A draw changes and restores the current
/// program, vertex array, weight binding (and active texture unit), depth test, blending, culling and polygon mode.
/// </summary>
internal sealed class ImageFieldRenderer : IDisposable
{
    // The template below calls the baked functions by this prefix (nsdf_color, NSDF_SIZE).
    private const string Prefix = GlslBaker.DefaultPrefix;
    private const int WeightBinding = 0;

    private const string FragmentTemplate = """
        #include <nsdf_network>

        uniform vec4 u_viewport;         // the target viewport: x, y, width, height in pixels
        uniform vec2 u_uvTopLeft;        // uv at the viewport's top-left corner
        uniform vec2 u_uvPerPixel;       // uv per viewport pixel, x right and y down
        uniform float u_checkerPixels;   // size of a checkerboard square, in viewport pixels
        uniform float u_derivativeScale; // derivative views: the value per source pixel shown as white
        uniform int u_laplacianTaps;     // 4; a uniform, so the compiler cannot unroll the taps into four inlined networks
        out vec4 fragColor;

        // The Laplacian's finite-difference step, in source pixels (see laplacianColor).
        const float LAPLACIAN_STEP_PIXELS = 0.25;
        const vec3 OUTSIDE_COLOR = vec3(0.09, 0.09, 0.10);

        // Under transparent parts of the image.
        vec3 checkerColor(vec2 pixel)
        {
            ivec2 square = ivec2(floor(pixel / u_checkerPixels));
            return ((square.x + square.y) & 1) == 0 ? vec3(0.40) : vec3(0.60);
        }

        vec3 valueColor(vec2 uv, vec2 pixel)
        {
            vec4 c = clamp(nsdf_color(uv), 0.0, 1.0);
            return mix(checkerColor(pixel), c.rgb, c.a);
        }

        // |grad c| per source pixel: a source pixel is 1/width of u and 1/height of v.
        vec3 gradientColor(vec2 uv)
        {
            vec4 ddu, ddv;
            nsdf_color_derivatives(uv, ddu, ddv);
            vec3 du = ddu.rgb / NSDF_SIZE.x, dv = ddv.rgb / NSDF_SIZE.y;
            return sqrt(du * du + dv * dv) / u_derivativeScale;
        }

        // The baked shader has analytic first derivatives only, so the second derivatives are central differences of
        // those, a quarter source pixel either side: d2c/du2 ~ (ddu(u + h) - ddu(u - h)) / 2h with h = k / width, and per
        // source pixel d2c/dx2 = d2c/du2 / width^2 = (ddu(u + h) - ddu(u - h)) / (2 k width); the same along v. The error
        // is O(h^2) against the CPU's exact second derivatives; the step is small against the field's detail and large
        // enough that float rounding of the differences stays below what 8 bits show.
        vec3 laplacianColor(vec2 uv)
        {
            vec2 h = LAPLACIAN_STEP_PIXELS / NSDF_SIZE;
            vec3 laplacian = vec3(0.0);
            for (int tap = 0; tap < u_laplacianTaps; ++tap)
            {
                int axis = tap >> 1;
                float side = (tap & 1) == 0 ? 1.0 : -1.0;
                vec2 offset = axis == 0 ? vec2(side * h.x, 0.0) : vec2(0.0, side * h.y);
                vec4 ddu, ddv;
                nsdf_color_derivatives(uv + offset, ddu, ddv);
                laplacian += side * (axis == 0 ? ddu.rgb / NSDF_SIZE.x : ddv.rgb / NSDF_SIZE.y);
            }
            laplacian /= 2.0 * LAPLACIAN_STEP_PIXELS;
            return 0.5 + 0.5 * laplacian / u_derivativeScale;
        }

        void main()
        {
            vec2 pixel = vec2(gl_FragCoord.x - u_viewport.x, u_viewport.y + u_viewport.w - gl_FragCoord.y);
            vec2 uv = u_uvTopLeft + pixel * u_uvPerPixel;
            if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0))))
            {
                fragColor = vec4(OUTSIDE_COLOR, 1.0);
                return;
            }
        #if VIEW_MODE == 0
            vec3 color = valueColor(uv, pixel);
        #elif VIEW_MODE == 1
            vec3 color = gradientColor(uv);
        #else
            vec3 color = laplacianColor(uv);
        #endif
            fragColor = vec4(clamp(color, 0.0, 1.0), 1.0);
        }
        """;

    private readonly GL _gl;
    private readonly BakedGlsl _baked;
    private readonly GlWeightStore? _weights;
    private readonly GlVertexArray _vertexArray;
    private readonly GlProgram?[] _programs = new GlProgram?[Enum.GetValues<ImageViewMode>().Length];
    private DerivativeScales? _scales;

    /// <summary>Bakes the field and uploads its weights (texture buffer where it fits, else a storage buffer).</summary>
    /// <exception cref="ViewerException">The driver's limits cannot hold the network.</exception>
    public ImageFieldRenderer(GL gl, ImageField image)
    {
        _gl = gl;
        Image = image;
        _baked = GlslBaker.Bake(image.Field, ChooseStorage(gl, image), WeightBinding, Prefix);
        string name = image.Field.Network.Describe();
        _weights = GlWeightStore.Create(gl, _baked, $"NeuralSdf image weights {name}");
        _vertexArray = new GlVertexArray(gl, "NeuralSdf image view full-screen triangle");
    }

    public ImageField Image { get; }

    /// <summary>What white stands for in the derivative views (measured on the CPU at first use).</summary>
    public DerivativeScales Scales => _scales ??= DerivativeScales.Measure(Image);

    /// <summary>Builds the view's program now if it is not built yet.</summary>
    /// <exception cref="InvalidOperationException">The shader failed to compile or link (the message holds the log and the source).</exception>
    public void Prepare(ImageViewMode mode) => ProgramFor(mode);

    /// <summary>
    /// Fills the bound viewport with the field: its top-left pixel corner is at <paramref name="uvTopLeft"/>, each pixel
    /// <paramref name="uvPerPixel"/> of uv (x right, y down); outside [0, 1]² a dark background.
    /// </summary>
    public void Draw(ImageViewMode mode, Vector2 uvTopLeft, Vector2 uvPerPixel, float checkerPixels)
    {
        GlProgram program = ProgramFor(mode);
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
            if (mode != ImageViewMode.Value) _gl.Uniform1(program.Uniform("u_derivativeScale"), Scales.For(mode));
            _gl.Uniform1(program.Uniform("u_laplacianTaps"), 4);
            _gl.DrawArrays(PrimitiveType.Triangles, 0, 3);
        }
        finally
        {
            saved.Restore();
        }
    }

    public void Dispose()
    {
        foreach (GlProgram? program in _programs) program?.Dispose();
        Array.Clear(_programs);
        _weights?.Dispose();
        _vertexArray.Dispose();
    }

    private GlProgram ProgramFor(ImageViewMode mode)
    {
        if (_programs[(int)mode] is { } built) return built;
        string fragment = $"#version 430 core\n#define VIEW_MODE {(int)mode}\n" +
                          ShaderSources.WithNetwork(FragmentTemplate, _baked.Source);
        var program = new GlProgram(_gl, $"NeuralSdf image view {mode} {Image.Field.Network.Describe()} ({_baked.Storage})",
            (ShaderType.VertexShader, ShaderSources.Load("fullscreen.vert.glsl")),
            (ShaderType.FragmentShader, fragment));
        _programs[(int)mode] = program;
        return program;
    }

    // The measured order of GlWeightStorageLimits (texture buffer fastest on llvmpipe), for a field rather than an SdfModel.
    private static GlslWeightStorage ChooseStorage(GL gl, ImageField image)
    {
        GlWeightStorageLimits limits = GlWeightStorageLimits.Query(gl);
        long vec4s = GlslNetworkLayout.For(image.Field.Folded).Vec4Count;
        if (vec4s <= limits.MaxTextureBufferTexels) return GlslWeightStorage.TextureBuffer;
        if (16 * vec4s <= limits.MaxShaderStorageBlockBytes) return GlslWeightStorage.ShaderStorageBuffer;
        throw new ViewerException($"the network {image.Field.Network.Describe()} needs {vec4s:N0} packed vec4s; this driver allows {limits.MaxTextureBufferTexels:N0} texels " +
                                  $"(GL_MAX_TEXTURE_BUFFER_SIZE) and {limits.MaxShaderStorageBlockBytes:N0} storage bytes");
    }
}
