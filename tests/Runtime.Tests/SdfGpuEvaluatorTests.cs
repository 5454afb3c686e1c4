using NeuralSdf.Hosting;
using NeuralSdf.Runtime.Shaders;
using System.Numerics;
using Xunit.Abstractions;

namespace NeuralSdf.Runtime.Tests;

[Collection("GL")]
[Trait("Category", "GL")]
public sealed class SdfGpuEvaluatorTests(ITestOutputHelper output)
{
    // Float32 sums in another order and llvmpipe's sin/cos. Measured on llvmpipe (LLVM 15, Mesa 22.3) for these
    // nets: |Δd| ≤ 6e-8 of the diagonal and relative |Δ∇d| ≤ 3e-6, so the limits leave 10–15× room and still
    // catch any slip in packing or folding (those show up at 1e-3 and above).
    private const double DistanceTolerance = 1e-6;  // of the bounds diagonal
    private const double GradientTolerance = 3e-5;  // relative to max(|∇d|, 1)

    [SkippableTheory]
    [InlineData(new[] { 32, 32 }, 11, GlslWeightStorage.ShaderStorageBuffer)]
    [InlineData(new[] { 64, 64, 64 }, 12, GlslWeightStorage.ShaderStorageBuffer)]
    [InlineData(new[] { 6, 10 }, 13, GlslWeightStorage.ShaderStorageBuffer)]
    [InlineData(new[] { 32, 32 }, 15, GlslWeightStorage.Inline)]
    [InlineData(new[] { 6, 10 }, 16, GlslWeightStorage.Inline)]
    [InlineData(new[] { 32, 32 }, 18, GlslWeightStorage.UniformBuffer)]
    [InlineData(new[] { 6, 10 }, 19, GlslWeightStorage.UniformBuffer)]
    [InlineData(new[] { 32, 32 }, 20, GlslWeightStorage.TextureBuffer)]
    [InlineData(new[] { 64, 64, 64 }, 21, GlslWeightStorage.TextureBuffer)]
    [InlineData(new[] { 6, 10 }, 22, GlslWeightStorage.TextureBuffer)]
    public void GpuMatchesCpuDistanceAndGradient(int[] hidden, int seed, GlslWeightStorage storage) =>
        Compare(TestModels.RandomSiren(seed, hidden), seed, storage);

    [SkippableFact]
    public void GpuMatchesCpuForAModelFarFromItsOrigin()
    {
        // A 2-unit model 1,000 units from its origin (georeferenced scans, level pieces in world coordinates).
        var bounds = new BoundingBox(new Vector3(999f, -501f, 249.5f), new Vector3(1001f, -499.5f, 250.5f));
        Compare(TestModels.RandomSiren(17, bounds, 32, 32), 17, GlslWeightStorage.ShaderStorageBuffer);
    }

    private void Compare(SdfModel model, int seed, GlslWeightStorage storage)
    {
        using HeadlessGlContext context = Requirements.GlContext();
        Vector3[] points = TestModels.PointsAround(model.Bounds, 1000, seed + 100);
        float[] cpuDistances = new float[points.Length], gpuDistances = new float[points.Length], gpuGradientPassDistances = new float[points.Length];
        Vector3[] cpuGradients = new Vector3[points.Length], gpuGradients = new Vector3[points.Length];
        model.DistanceAndGradient(points, cpuDistances, cpuGradients);

        using (var evaluator = new SdfGpuEvaluator(context.Gl, storage))
            evaluator.Evaluate(model, points, gpuDistances, gpuGradients, gpuGradientPassDistances);

        double diagonal = model.Bounds.Diagonal, maxDistance = 0, maxGradient = 0, maxPassDifference = 0, maxGradientLength = 0;
        int worst = 0;
        for (int i = 0; i < points.Length; i++)
        {
            maxDistance = Math.Max(maxDistance, Math.Abs(gpuDistances[i] - cpuDistances[i]) / diagonal);
            maxPassDifference = Math.Max(maxPassDifference, Math.Abs(gpuGradientPassDistances[i] - cpuDistances[i]) / diagonal);
            double gradientError = (gpuGradients[i] - cpuGradients[i]).Length() / Math.Max(1.0, cpuGradients[i].Length());
            if (gradientError > maxGradient) (maxGradient, worst) = (gradientError, i);
            maxGradientLength = Math.Max(maxGradientLength, cpuGradients[i].Length());
        }
        string report = $"{model.Network.Describe()}, {storage}, on {context.Renderer}, {points.Length} points: " +
            $"max |Δd|/diagonal = {maxDistance:E2} (nsdf_distance), {maxPassDifference:E2} (nsdf_distance_gradient), limit {DistanceTolerance:E0}; " +
            $"max relative |Δ∇d| = {maxGradient:E2} (limit {GradientTolerance:E0}) at {points[worst]}: gpu {gpuGradients[worst]}, cpu {cpuGradients[worst]}; max |∇d| = {maxGradientLength:F2}";
        output.WriteLine(report);
        Assert.True(maxDistance < DistanceTolerance && maxPassDifference < DistanceTolerance && maxGradient < GradientTolerance, report);
    }

    [SkippableFact]
    public void EvaluateChecksSpanLengthsAndAcceptsEmptyInput()
    {
        using HeadlessGlContext context = Requirements.GlContext();
        using var evaluator = new SdfGpuEvaluator(context.Gl);
        SdfModel model = TestModels.RandomSiren(14, 6, 10);
        var e = Assert.Throws<ArgumentException>(() => evaluator.Evaluate(model, new Vector3[3], new float[2], new Vector3[3]));
        Assert.Contains("3 points need 3 distances; the span holds 2", e.Message);
        evaluator.Evaluate(model, ReadOnlySpan<Vector3>.Empty, Span<float>.Empty, Span<Vector3>.Empty);
        evaluator.Dispose();
        Assert.Throws<ObjectDisposedException>(() => evaluator.Evaluate(model, new Vector3[1], new float[1], new Vector3[1]));
    }
}
