using NeuralSdf.Runtime.Shaders;
using System.Numerics;
using NeuralSdf.Runtime.OpenGL;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime;

/// <summary>
/// Draws <see cref="SdfModel"/>s into the host's currently bound framebuffer by sphere tracing the baked network
/// in a fragment shader, and writes depth so the host's rasterized geometry and the neural surfaces occlude each
/// other, in either draw order. Needs OpenGL 4.3. Create, use and dispose it on the thread whose context is current.
/// </summary>
/// <remarks>
/// Each model's program and weights are built at its first draw and cached until <see cref="Forget"/> or
/// <see cref="Dispose"/>; the cache holds a reference to the model. A draw changes and then restores the current
/// program, the vertex array binding, the weight binding it uses (a uniform- or shader-storage-buffer range and the
/// target's generic binding, or a texture unit's buffer texture), the 3-D texture and sampler binding of the grid's unit, the active
/// texture unit, depth test, depth function, depth mask, blending, face culling and polygon mode. It draws with depth test on, <see cref="DepthFunction"/>,
/// depth writes on, blending and culling off, polygons filled, and leaves the framebuffer, viewport, scissor, stencil,
/// color mask and depth range as the host set them. Depth follows the host's <c>glDepthRange</c> and
/// <c>glClipControl</c> (origin and depth mode), so reversed-Z set-ups work with <see cref="DepthFunction"/> = <c>Greater</c>.
/// </remarks>
public sealed class SdfRenderer : IDisposable
{
    private readonly GL _gl;
    private readonly GlslWeightStorage? _storage;
    private readonly int _binding;
    private readonly int _gridUnit;
    private readonly GlWeightStorageLimits _limits;
    private readonly bool _hasClipControl;
    private readonly Dictionary<SdfModel, ModelResources> _models = new(ReferenceEqualityComparer.Instance);
    private readonly string _vertexSource;
    private readonly string _fragmentTemplate;
    private GlVertexArray? _vertexArray;
    private int _maxSteps = 128;
    private float _hitTolerance = 1e-4f;
    private DepthFunction _depthFunction = DepthFunction.Less;
    private Vector3 _lightDirection = Vector3.Normalize(new Vector3(0.5f, 1f, 0.35f));
    private bool _disposed;

    /// <summary>Creates a renderer for the context that is current on this thread.</summary>
    /// <param name="gl">The API of the current context (OpenGL 4.3 or newer).</param>
    /// <param name="weightStorage">
    /// Where the shaders read the weights from; null (the default) picks, per model, the fastest storage the driver's
    /// limits allow (<see cref="GlWeightStorageLimits.Choose(NeuralField, int)"/>).
    /// </param>
    /// <param name="weightBinding">
    /// The uniform- or shader-storage-buffer binding point, or the texture unit, the weights use during a draw
    /// (restored afterwards).
    /// </param>
    /// <param name="gridTextureUnit">
    /// The texture unit the model's <see cref="SdfModel.DistanceGrid"/> is bound to during a draw (its 3-D texture binding
    /// is restored afterwards); null (the default) takes the unit after <paramref name="weightBinding"/>. It must differ
    /// from <paramref name="weightBinding"/>, which a texture-buffer storage uses as its unit.
    /// </param>
    /// <exception cref="GlNotSupportedException">The context is older than OpenGL 4.3.</exception>
    public SdfRenderer(GL gl, GlslWeightStorage? weightStorage = null, int weightBinding = 0, int? gridTextureUnit = null)
    {
        ArgumentNullException.ThrowIfNull(gl);
        ArgumentOutOfRangeException.ThrowIfNegative(weightBinding);
        int gridUnit = gridTextureUnit ?? weightBinding + 1;
        ArgumentOutOfRangeException.ThrowIfNegative(gridUnit, nameof(gridTextureUnit));
        if (gridUnit == weightBinding)
            throw new ArgumentException($"The grid's texture unit must differ from the weight binding ({weightBinding}).", nameof(gridTextureUnit));
        if (weightStorage is { } storage && !Enum.IsDefined(storage))
            throw new ArgumentOutOfRangeException(nameof(weightStorage), storage, $"Weight storage must be one of {string.Join(", ", Enum.GetNames<GlslWeightStorage>())}.");
        GlCapabilities.RequireGl43(gl, nameof(SdfRenderer));
        _gl = gl;
        _storage = weightStorage;
        _binding = weightBinding;
        _gridUnit = gridUnit;
        _limits = GlWeightStorageLimits.Query(gl);
        _hasClipControl = GlCapabilities.HasClipControl(gl);
        _vertexSource = ShaderSources.Load("fullscreen.vert.glsl");
        _fragmentTemplate = ShaderSources.Load("sphere_trace.frag.glsl");
    }

    /// <summary>
    /// A renderer that traces with <paramref name="fragmentTemplate"/> instead of the shipped shader, for RendererBench
    /// to time an earlier tracer against this one; the template takes the same uniforms (unknown ones are ignored).
    /// </summary>
    internal SdfRenderer(GL gl, string fragmentTemplate)
        : this(gl)
    {
        _fragmentTemplate = fragmentTemplate;
    }

    /// <summary>
    /// The depth comparison of the draw (default <c>Less</c>). Use <c>Greater</c> (or <c>Gequal</c>) with a reversed-Z
    /// projection, <c>Lequal</c> to let the surface win ties with host geometry.
    /// </summary>
    public DepthFunction DepthFunction
    {
        get => _depthFunction;
        set
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "Not a depth function.");
            _depthFunction = value;
        }
    }

    /// <summary>The weight storage this renderer uses for <paramref name="model"/>: the one given at construction, or the one it picks.</summary>
    public GlslWeightStorage StorageFor(SdfModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _storage ?? _limits.Choose(model, _binding);
    }

    /// <summary>
    /// Sphere-tracing steps per pixel (default 128, 1 to 10,000). A ray out of steps is a hit where it came within 1.25
    /// times its hit radius (half its pixel's width) of the surface, as one grazing a silhouette does, and a miss otherwise.
    /// </summary>
    public int MaxSteps
    {
        get => _maxSteps;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 10_000);
            _maxSteps = value;
        }
    }

    /// <summary>
    /// The smallest |distance| that counts as a hit, as a fraction of the model's bounds diagonal (default 1e-4; between
    /// 1e-7 and 0.1). A ray also stops where the surface is closer than half its pixel's footprint, which is usually larger.
    /// </summary>
    public float HitTolerance
    {
        get => _hitTolerance;
        set
        {
            if (!(value >= 1e-7f && value <= 0.1f))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The hit tolerance must lie between 1e-7 and 0.1 of the bounds diagonal.");
            _hitTolerance = value;
        }
    }

    /// <summary>
    /// Whether hits on silhouettes carry the part of their pixel the surface covers in alpha: where the ray grazes the
    /// surface, 1/2 where it touches it and 0 half a pixel outside (the cone test stops rays that far out), from the
    /// first-order distance at the hit; hits facing the ray have alpha 1. Anti-aliased edges for a host that blends, or
    /// for an image with alpha. Default false: every hit is drawn whole (silhouettes then stand up to half a pixel
    /// proud), and blending stays off either way.
    /// </summary>
    public bool EdgeCoverage { get; set; }

    /// <summary>
    /// Whether rays jump over empty space, and soft shadows and ambient occlusion read distances, from the model's coarse
    /// <see cref="SdfModel.DistanceGrid"/> instead of evaluating the network (default true). The jumps are safe against
    /// the model's <see cref="SdfModel.LipschitzBound"/>, so hits are the same; shadows and occlusion are the grid's
    /// trilinear distances, blurrier than the network's below a cell (1/63 of the longest side). Off, every step and
    /// sample evaluates the network, which is slower and builds no grid.
    /// </summary>
    public bool EmptySpaceSkipping { get; set; } = true;

    /// <summary>What the traced pixels show (default <see cref="SdfShadingMode.Shaded"/>).</summary>
    public SdfShadingMode ShadingMode { get; set; } = SdfShadingMode.Shaded;

    /// <summary>
    /// The direction towards the key light in world space (after <c>world</c>, before <c>view</c>), used by
    /// <see cref="SdfShadingMode.Shaded"/>; stored normalized. Default: from above, front right.
    /// </summary>
    /// <exception cref="ArgumentException">The vector is zero or not finite.</exception>
    public Vector3 LightDirection
    {
        get => _lightDirection;
        set
        {
            float length = value.Length();
            if (!(length > 0) || !float.IsFinite(length))
                throw new ArgumentException($"The light direction must be a finite, non-zero vector; got {value}.", nameof(value));
            _lightDirection = value / length;
        }
    }

    /// <summary>
    /// Draws <paramref name="model"/> into the bound framebuffer and viewport. Matrices follow the System.Numerics
    /// row-vector convention: a model point <c>p</c> lands at <c>clip = p · world · view · projection</c>
    /// (as <see cref="Matrix4x4.CreateLookAt"/> and friends build them). Depth is written as the rasterizer would
    /// for a triangle at the hit point under the same matrices and <c>glDepthRange</c>; missed pixels are discarded
    /// (except rays that enter the bounds in <see cref="SdfShadingMode.Steps"/>, which are drawn where they leave them).
    /// </summary>
    /// <exception cref="ArgumentException">A matrix is not finite, or <c>world · view · projection</c> cannot be inverted.</exception>
    /// <exception cref="ShaderCompileException">The shader failed to compile or link (the exception holds the log and the numbered source).</exception>
    /// <exception cref="GlNotSupportedException">The weight storage given at construction cannot hold this model on this driver (the message names the limit).</exception>
    public void Draw(SdfModel model, Matrix4x4 world, Matrix4x4 view, Matrix4x4 projection)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(model);
        Matrix4x4 modelToView = world * view;
        Matrix4x4 modelToClip = modelToView * projection;
        if (!IsFinite(modelToClip))
            throw new ArgumentException($"world · view · projection is not finite: {modelToClip}.", nameof(projection));
        if (!Matrix4x4.Invert(modelToView, out Matrix4x4 viewToModel))
            throw new ArgumentException($"world · view cannot be inverted: {modelToView}.", nameof(world));
        if (!Matrix4x4.Invert(modelToClip, out Matrix4x4 clipToModel))
            throw new ArgumentException($"world · view · projection cannot be inverted: {modelToClip}.", nameof(projection));

        ModelResources resources = ResourcesFor(model);
        Span<int> viewport = stackalloc int[4];
        _gl.GetInteger(GetPName.Viewport, viewport);
        (bool upperLeft, bool zeroToOne) = ClipControl();

        bool skipping = EmptySpaceSkipping;
        GlDistanceGridTexture? grid = skipping ? resources.GridTexture(_gl, model) : null;
        Span<GlBindingPoint> points = stackalloc GlBindingPoint[2];
        int bound = 0;
        if (resources.Weights is { } store) points[bound++] = store.BindingPoint;
        if (grid is not null) points[bound++] = new GlBindingPoint(GlBindingKind.Texture3D, (uint)_gridUnit);
        GlStateSnapshot saved = GlStateSnapshot.Capture(_gl, points[..bound]);
        try
        {
            GlProgram program = resources.Program;
            _gl.UseProgram(program.Handle);
            _gl.BindVertexArray(_vertexArray!.Handle);
            resources.Weights?.Bind();
            grid?.Bind(_gridUnit);
            _gl.Enable(EnableCap.DepthTest);
            _gl.DepthFunc(_depthFunction);
            _gl.DepthMask(true);
            _gl.Disable(EnableCap.Blend);
            _gl.Disable(EnableCap.CullFace);
            _gl.PolygonMode(TriangleFace.FrontAndBack, PolygonMode.Fill);

            SetMatrix(program.Uniform("u_modelToClip"), modelToClip);
            SetMatrix(program.Uniform("u_clipToModel"), clipToModel);
            SetMatrix(program.Uniform("u_modelToView"), modelToView);
            SetMatrix(program.Uniform("u_viewToModel"), viewToModel);
            _gl.Uniform4(program.Uniform("u_viewport"), (float)viewport[0], (float)viewport[1], (float)viewport[2], (float)viewport[3]);
            _gl.Uniform1(program.Uniform("u_clipOriginUpperLeft"), upperLeft ? 1 : 0);
            _gl.Uniform1(program.Uniform("u_clipDepthZeroToOne"), zeroToOne ? 1 : 0);
            // Rays start on the near plane: NDC depth -1 (or 0 with GL_ZERO_TO_ONE), or 1 when a Greater test says reversed-Z.
            bool reversed = _depthFunction is DepthFunction.Greater or DepthFunction.Gequal;
            _gl.Uniform2(program.Uniform("u_ndcRayZ"), reversed ? 1f : zeroToOne ? 0f : -1f, zeroToOne ? 0.5f : 0f);
            _gl.Uniform1(program.Uniform("u_maxSteps"), _maxSteps);
            _gl.Uniform1(program.Uniform("u_hitTolerance"), _hitTolerance);
            _gl.Uniform1(program.Uniform("u_stepScale"), 1f / model.LipschitzBound);
            _gl.Uniform1(program.Uniform("u_edgeCoverage"), EdgeCoverage ? 1 : 0);
            _gl.Uniform1(program.Uniform("u_gridSkipping"), skipping ? 1 : 0);
            // The sampler names its unit even when nothing is bound there: left at unit 0 it would share a unit with a
            // texture-buffer storage's sampler, which GL refuses to draw with.
            _gl.Uniform1(program.Uniform("u_grid"), _gridUnit);
            if (skipping)
            {
                SdfDistanceGrid lattice = model.DistanceGrid;
                _gl.Uniform3(program.Uniform("u_gridOrigin"), lattice.Origin.X, lattice.Origin.Y, lattice.Origin.Z);
                _gl.Uniform1(program.Uniform("u_gridCell"), lattice.CellSize);
                _gl.Uniform3(program.Uniform("u_gridSize"), lattice.SizeX, lattice.SizeY, lattice.SizeZ);
                _gl.Uniform1(program.Uniform("u_gridReach"), lattice.LocalReach);
            }
            _gl.Uniform1(program.Uniform("u_shadingMode"), (int)ShadingMode);
            Vector3 lightInView = Vector3.Normalize(Vector3.TransformNormal(_lightDirection, view));
            Vector3 lightInModel = Vector3.Normalize(Vector3.TransformNormal(lightInView, viewToModel));
            _gl.Uniform3(program.Uniform("u_lightInView"), lightInView.X, lightInView.Y, lightInView.Z);
            _gl.Uniform3(program.Uniform("u_lightInModel"), lightInModel.X, lightInModel.Y, lightInModel.Z);
            _gl.DrawArrays(PrimitiveType.Triangles, 0, 3);
        }
        finally
        {
            saved.Restore();
        }
    }

    /// <summary>Frees the program and weights cached for <paramref name="model"/>; its next draw builds them again.</summary>
    public void Forget(SdfModel model)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(model);
        if (_models.Remove(model, out ModelResources? resources)) resources.Dispose();
    }

    /// <summary>Frees every GL object this renderer created. Safe to call twice; the context must be current.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (ModelResources resources in _models.Values) resources.Dispose();
        _models.Clear();
        _vertexArray?.Dispose();
    }

    private ModelResources ResourcesFor(SdfModel model)
    {
        if (_models.TryGetValue(model, out ModelResources? cached)) return cached;
        GlslWeightStorage storage = StorageFor(model);
        _limits.Require(storage, model.Field, _binding);
        _vertexArray ??= new GlVertexArray(_gl, "NeuralSdf full-screen triangle");
        BakedGlsl baked = GlslBaker.Bake(model, storage, _binding);
        string name = $"NeuralSdf sphere trace {model.Network.Describe()} ({storage})";
        GlWeightStore? weights = GlWeightStore.Create(_gl, baked, $"NeuralSdf weights {model.Network.Describe()}");
        try
        {
            var program = new GlProgram(_gl, name,
                (ShaderType.VertexShader, _vertexSource),
                (ShaderType.FragmentShader, ShaderSources.WithNetwork(_fragmentTemplate, baked.Source)));
            var resources = new ModelResources(program, weights);
            _models.Add(model, resources);
            return resources;
        }
        catch
        {
            weights?.Dispose();
            throw;
        }
    }

    // glClipControl's origin and depth mode (GL 4.5 or ARB_clip_control); the GL 4.3 defaults otherwise.
    private (bool UpperLeft, bool ZeroToOne) ClipControl()
    {
        if (!_hasClipControl) return (false, false);
        return (_gl.GetInteger(GLEnum.ClipOrigin) == (int)GLEnum.UpperLeft, _gl.GetInteger(GLEnum.ClipDepthMode) == (int)GLEnum.ZeroToOne);
    }

    private unsafe void SetMatrix(int location, Matrix4x4 matrix) =>
        _gl.UniformMatrix4(location, 1, false, (float*)&matrix);

    private static bool IsFinite(Matrix4x4 m) =>
        float.IsFinite(m.M11) && float.IsFinite(m.M12) && float.IsFinite(m.M13) && float.IsFinite(m.M14) &&
        float.IsFinite(m.M21) && float.IsFinite(m.M22) && float.IsFinite(m.M23) && float.IsFinite(m.M24) &&
        float.IsFinite(m.M31) && float.IsFinite(m.M32) && float.IsFinite(m.M33) && float.IsFinite(m.M34) &&
        float.IsFinite(m.M41) && float.IsFinite(m.M42) && float.IsFinite(m.M43) && float.IsFinite(m.M44);

    private sealed class ModelResources(GlProgram program, GlWeightStore? weights) : IDisposable
    {
        private GlDistanceGridTexture? _grid;

        public GlProgram Program { get; } = program;

        /// <summary>Null for inline weights.</summary>
        public GlWeightStore? Weights { get; } = weights;

        /// <summary>The model's distance grid as a texture, uploaded at the first draw that skips empty space.</summary>
        public GlDistanceGridTexture GridTexture(GL gl, SdfModel model) =>
            _grid ??= new GlDistanceGridTexture(gl, model.DistanceGrid, $"NeuralSdf distance grid {model.Network.Describe()}");

        public void Dispose()
        {
            Program.Dispose();
            Weights?.Dispose();
            _grid?.Dispose();
        }
    }
}
