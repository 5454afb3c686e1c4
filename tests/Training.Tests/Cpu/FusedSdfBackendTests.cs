using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Cpu;
using NeuralSdf.Training.Supervision;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests.Cpu;

public class FusedSdfBackendTests
{
    [Fact]
    public void AStepAllocatesNothing()
    {
        var sphere = TestShapes.Sphere(new Vector3(0.2f, 0, 0), 1f, 24, 12);
        var normalization = SdfNormalization.Fit(BoundingBox.Of(sphere.Positions), 0.9f);
        var sampler = new SurfaceSampler(sphere, normalization, 5, new MeshSignedDistance(sphere.Positions, sphere.Triangles), poolSize: 4096);
        using var generator = new Generator(3);
        using var siren = new SirenModule(3, 1, 2, 40, 30, generator);
        using var backend = new FusedSdfBackend(siren.ToNetwork(), sampler, 300, threads: 2, optimizerState: []);
        for (int i = 0; i < 3; i++) Step(backend); // the first steps start the helper thread and warm the JIT

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Step(backend);
        backend.SaveRollbackPoint();
        backend.RollBack();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"20 steps allocated {allocated:N0} bytes");
    }

    [Fact]
    public void RollBackRestoresTheWeightsAndMomentsOfTheRollbackPoint()
    {
        var sphere = TestShapes.Sphere(Vector3.Zero, 1f, 16, 8);
        var normalization = SdfNormalization.Fit(BoundingBox.Of(sphere.Positions), 0.9f);
        var sampler = new SurfaceSampler(sphere, normalization, 5, new MeshSignedDistance(sphere.Positions, sphere.Triangles), poolSize: 2048);
        using var generator = new Generator(3);
        using var siren = new SirenModule(3, 1, 1, 16, 30, generator);
        using var backend = new FusedSdfBackend(siren.ToNetwork(), sampler, 64, threads: 1, optimizerState: []);
        Step(backend);
        backend.SaveRollbackPoint();
        float[] saved = FusedSirenGradient.Flatten(backend.Network);
        byte[] savedMoments = backend.SaveOptimizerState();
        for (int i = 0; i < 5; i++) Step(backend);
        Assert.NotEqual(saved, FusedSirenGradient.Flatten(backend.Network));
        backend.RollBack();
        Assert.Equal(saved, FusedSirenGradient.Flatten(backend.Network));
        Assert.Equal(savedMoments, backend.SaveOptimizerState());
    }

    private static void Step(FusedSdfBackend backend)
    {
        LossTerms terms = backend.ComputeGradients();
        Assert.True(double.IsFinite(terms.Total));
        backend.Step(1e-4, 1.0);
    }
}
