using NeuralSdf.Runtime.Shaders;
using System.Numerics;
using NeuralSdf.Runtime.OpenGL;
using Silk.NET.OpenGL;

namespace NeuralSdf.Runtime;

/// <summary>
/// Evaluates a model's baked GLSL on the GPU with a compute shader: the same code the renderer traces, so
/// comparing it with <see cref="SdfModel.DistanceAndGradient(ReadOnlySpan{Vector3}, Span{float}, Span{Vector3})"/>
/// checks the bake and the driver. Needs OpenGL 4.3. Create, use and dispose it on the thread whose context is current.
/// </summary>
/// <remarks>
/// Uses shader-storage bindings 1 (points) and 2 (results) and binding 0 of the weight storage (shader-storage or
/// uniform-buffer binding 0, or texture unit 0) during a call and restores them, the generic bindings, the active
/// texture unit and the current program afterwards. Programs and weights are cached per model
/// until <see cref="Forget"/> or <see cref="Dispose"/>.
/// </remarks>
public sealed class SdfGpuEvaluator : IDisposable
{
    private const int GroupSize = 64;          // local_size_x in evaluate.comp.glsl
    private const int MaxPointsPerDispatch = 1 << 20;
    private static readonly GlBindingPoint PointsBinding = new(GlBindingKind.ShaderStorageBuffer, 1);
    private static readonly GlBindingPoint ResultsBinding = new(GlBindingKind.ShaderStorageBuffer, 2);

    private readonly GL _gl;
    private readonly GlslWeightStorage? _storage;
    private readonly GlWeightStorageLimits _limits;
    private readonly string _template;
    private readonly Dictionary<SdfModel, (GlProgram Program, GlWeightStore? Weights)> _models = new(ReferenceEqualityComparer.Instance);
    private GlBuffer? _points;
    private GlBuffer? _results;
    private bool _disposed;

    /// <summary>Creates an evaluator for the context that is current on this thread.</summary>
    /// <param name="gl">The API of the current context (OpenGL 4.3 or newer).</param>
    /// <param name="storage">
    /// Where the baked shader keeps the weights (see <see cref="GlslWeightStorage"/>); null (the default) picks, per model,
    /// the fastest storage the driver's limits allow, as <see cref="SdfRenderer"/> does.
    /// </param>
    public SdfGpuEvaluator(GL gl, GlslWeightStorage? storage = null)
    {
        ArgumentNullException.ThrowIfNull(gl);
        GlCapabilities.RequireGl43(gl, nameof(SdfGpuEvaluator));
        _gl = gl;
        _storage = storage;
        _limits = GlWeightStorageLimits.Query(gl);
        _template = ShaderSources.Load("evaluate.comp.glsl");
    }

    /// <summary>
    /// Signed distances (from <c>nsdf_distance</c>) and analytic gradients (from <c>nsdf_distance_gradient</c>) at
    /// world-space <paramref name="points"/>; both output spans must be as long as <paramref name="points"/>.
    /// </summary>
    /// <exception cref="ShaderCompileException">The compute shader failed to compile or link.</exception>
    public void Evaluate(SdfModel model, ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients) =>
        Evaluate(model, points, distances, gradients, Span<float>.Empty);

    /// <summary>As the public overload, plus the distance that <c>nsdf_distance_gradient</c> returned (for tests).</summary>
    internal void Evaluate(SdfModel model, ReadOnlySpan<Vector3> points, Span<float> distances, Span<Vector3> gradients,
        Span<float> distancesFromGradientPass)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(model);
        if (distances.Length != points.Length)
            throw new ArgumentException($"{points.Length} points need {points.Length} distances; the span holds {distances.Length}.", nameof(distances));
        if (gradients.Length != points.Length)
            throw new ArgumentException($"{points.Length} points need {points.Length} gradients; the span holds {gradients.Length}.", nameof(gradients));
        if (points.IsEmpty) return;

        (GlProgram program, GlWeightStore? weights) = ResourcesFor(model);
        int chunk = Math.Min(points.Length, MaxPointsPerDispatch);
        EnsureCapacity(chunk);
        Vector4[] input = new Vector4[chunk];
        Vector4[] output = new Vector4[2 * chunk];

        ReadOnlySpan<GlBindingPoint> bindings = weights is null ? [PointsBinding, ResultsBinding] : [PointsBinding, ResultsBinding, weights.BindingPoint];
        GlStateSnapshot saved = GlStateSnapshot.Capture(_gl, bindings);
        try
        {
            _gl.UseProgram(program.Handle);
            weights?.Bind();
            _gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, 1, _points!.Handle);
            _gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, 2, _results!.Handle);
            for (int start = 0; start < points.Length; start += chunk)
            {
                int count = Math.Min(chunk, points.Length - start);
                for (int i = 0; i < count; i++) input[i] = new Vector4(points[start + i], 0);
                _points.SetSubData<Vector4>(input.AsSpan(0, count));
                _gl.Uniform1(program.Uniform("u_count"), (uint)count);
                _gl.DispatchCompute((uint)((count + GroupSize - 1) / GroupSize), 1, 1);
                _gl.MemoryBarrier(MemoryBarrierMask.BufferUpdateBarrierBit);
                _results.GetData<Vector4>(output.AsSpan(0, 2 * count));
                for (int i = 0; i < count; i++)
                {
                    Vector4 gradientAndDistance = output[2 * i];
                    gradients[start + i] = new Vector3(gradientAndDistance.X, gradientAndDistance.Y, gradientAndDistance.Z);
                    distances[start + i] = output[2 * i + 1].X;
                    if (!distancesFromGradientPass.IsEmpty) distancesFromGradientPass[start + i] = gradientAndDistance.W;
                }
            }
        }
        finally
        {
            saved.Restore();
        }
    }

    /// <summary>Frees the program and weights cached for <paramref name="model"/>.</summary>
    public void Forget(SdfModel model)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(model);
        if (_models.Remove(model, out var resources))
        {
            resources.Program.Dispose();
            resources.Weights?.Dispose();
        }
    }

    /// <summary>Frees every GL object this evaluator created. Safe to call twice; the context must be current.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach ((GlProgram program, GlWeightStore? weights) in _models.Values)
        {
            program.Dispose();
            weights?.Dispose();
        }
        _models.Clear();
        _points?.Dispose();
        _results?.Dispose();
    }

    private (GlProgram, GlWeightStore?) ResourcesFor(SdfModel model)
    {
        if (_models.TryGetValue(model, out var cached)) return cached;
        GlslWeightStorage storage = _storage ?? _limits.Choose(model);
        _limits.Require(storage, model.Field, binding: 0);
        BakedGlsl baked = GlslBaker.Bake(model, storage, binding: 0);
        GlWeightStore? weights = GlWeightStore.Create(_gl, baked, $"NeuralSdf evaluator weights {model.Network.Describe()}");
        try
        {
            var program = new GlProgram(_gl, $"NeuralSdf evaluator {model.Network.Describe()} ({storage})",
                (ShaderType.ComputeShader, ShaderSources.WithNetwork(_template, baked.Source)));
            _models.Add(model, (program, weights));
            return (program, weights);
        }
        catch
        {
            weights?.Dispose();
            throw;
        }
    }

    private void EnsureCapacity(int points)
    {
        long pointBytes = 16L * points;
        if (_points is null || _points.SizeInBytes < pointBytes)
        {
            _points ??= new GlBuffer(_gl, "NeuralSdf evaluator points");
            _results ??= new GlBuffer(_gl, "NeuralSdf evaluator results");
            _points.Allocate(pointBytes, BufferUsageARB.StreamDraw);
            _results.Allocate(2 * pointBytes, BufferUsageARB.StreamRead);
        }
    }
}
