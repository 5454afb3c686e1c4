using NeuralSdf.Hosting;
using NeuralSdf.Runtime.Shaders;
using System.Numerics;
using NeuralSdf.Runtime;
using TorchSharp;
using Xunit.Abstractions;

namespace NeuralSdf.Training.Tests;

/// <summary>
/// The strongest check of the pipeline: one trained network evaluated by TorchSharp (forward + autograd),
/// by the C# CPU evaluator, and by the baked GLSL on the GPU (Mesa llvmpipe), at the same points.
/// </summary>
[Collection("GL")]
[Trait("Category", "GL")]
public sealed class ThreeWayAgreementTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData(GlslWeightStorage.ShaderStorageBuffer)]
    [InlineData(GlslWeightStorage.Inline)]
    [InlineData(GlslWeightStorage.UniformBuffer)]
    [InlineData(GlslWeightStorage.TextureBuffer)]
    public void TorchCpuAndGlslAgreeOnATrainedSphere(GlslWeightStorage storage)
    {
        var center = new Vector3(2f, -1f, 0.5f);
        var options = new TrainingOptions { Steps = 60, HiddenLayers = 2, HiddenWidth = 32, BatchSize = 512, Omega0 = 15, LearningRate = 3e-4, Device = "cpu", Seed = 5 };
        SdfModel model = SdfTrainer.Fit(TestShapes.Sphere(center, 1f, 24, 12), options).Model;
        using var siren = new SirenModule(model.Network);

        var random = new Random(9);
        BoundingBox box = model.Bounds.Inflate(0.2f);
        Vector3[] points = Enumerable.Range(0, 500).Select(_ => box.Min + box.Size * new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle())).ToArray();

        (float[] torchDistances, Vector3[] torchGradients) = SirenModuleTests.TorchEvaluate(siren, model.Normalization, points);
        float[] cpuDistances = new float[points.Length], gpuDistances = new float[points.Length];
        Vector3[] cpuGradients = new Vector3[points.Length], gpuGradients = new Vector3[points.Length];
        model.DistanceAndGradient(points, cpuDistances, cpuGradients);
        using (HeadlessGlContext context = Requirements.GlContext())
        using (var gpu = new SdfGpuEvaluator(context.Gl, storage))
            gpu.Evaluate(model, points, gpuDistances, gpuGradients);

        // Distances relative to max(|d|, one normalized unit); gradients relative to max(|∇d|, 1).
        double unit = 1 / model.Normalization.Scale;
        double Distance(float[] a, float[] b) => Enumerable.Range(0, points.Length).Max(i => Math.Abs(a[i] - b[i]) / Math.Max(Math.Abs(b[i]), unit));
        double Gradient(Vector3[] a, Vector3[] b) => Enumerable.Range(0, points.Length).Max(i => (a[i] - b[i]).Length() / Math.Max(b[i].Length(), 1));
        string report = $"{model.Network.Describe()} {storage}: distance cpu–torch {Distance(cpuDistances, torchDistances):E2}, glsl–torch {Distance(gpuDistances, torchDistances):E2}; " +
            $"gradient cpu–torch {Gradient(cpuGradients, torchGradients):E2}, glsl–torch {Gradient(gpuGradients, torchGradients):E2}";
        output.WriteLine(report);
        Assert.True(Distance(cpuDistances, torchDistances) < 1e-5 && Gradient(cpuGradients, torchGradients) < 1e-5, report);
        // The GPU folds ω₀ and the scale into the weights and uses llvmpipe's sin/cos: a little looser.
        Assert.True(Distance(gpuDistances, torchDistances) < 2e-5 && Gradient(gpuGradients, torchGradients) < 5e-5, report);
    }
}
