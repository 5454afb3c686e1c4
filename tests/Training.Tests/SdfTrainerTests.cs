using System.Globalization;
using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Metrics;

namespace NeuralSdf.Training.Tests;

public class SdfTrainerTests
{
    private static readonly Vector3 Center = new(2f, -1f, 0.5f);
    private const float Radius = 1f;

    private static readonly TrainingOptions Small = new()
    {
        Steps = 25, HiddenLayers = 1, HiddenWidth = 16, BatchSize = 128, Device = "cpu", Seed = 3,
    };

    [Fact]
    public void ShortSphereFitMeetsTheChamferBoundAndTheClosedFormDistance()
    {
        InputGeometry sphere = TestShapes.Sphere(Center, Radius);
        // A small, fast configuration: with a net this small, ω₀ = 15 and lr 3e-4 converge in a few hundred steps
        // (measured: Chamfer 0.0026, ghost area 0.1 %); the default ω₀ = 30 needs the default 3×128 net and more steps.
        var options = new TrainingOptions { Steps = 500, HiddenLayers = 2, HiddenWidth = 64, BatchSize = 1024, Omega0 = 15, LearningRate = 3e-4, Device = "cpu", Seed = 1 };
        SdfModel model = SdfTrainer.Fit(sphere, options).Model;

        SurfaceComparison comparison = FitEvaluation.Evaluate(model, TestShapes.SpherePoints(Center, Radius, 200_000, 7), resolution: 64, samples: 50_000);
        Assert.True(comparison.ChamferL1 < 0.005, $"Chamfer-L1 {comparison.ChamferL1:F5} of the diagonal (bound 0.005), F-score@1% {comparison.FScoreOnePercent:F3}, ghost {comparison.GhostArea:P1}");
        Assert.True(comparison.GhostArea < 0.01, $"ghost area {comparison.GhostArea:P2} (bound 1 %)");

        // Near the surface the network must agree with the exact distance |p − c| − r.
        double worst = 0;
        var random = new Random(2);
        for (int i = 0; i < 500; i++)
        {
            Vector3 direction = Vector3.Normalize(new Vector3(random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, random.NextSingle() - 0.5f));
            float exact = (random.NextSingle() - 0.5f) * 0.2f * Radius;
            worst = Math.Max(worst, Math.Abs(model.Distance(Center + direction * (Radius + exact)) - exact));
        }
        Assert.True(worst < 0.03 * Radius, $"max |f − exact| within ±0.1 r of the surface: {worst:F4} (bound {0.03 * Radius})");
    }

    [Fact]
    public void ASingleQuadFitsAShellThatIsSolidOnBothSides()
    {
        var quad = new InputGeometry("quad.obj", [new(-1, 0, -1), new(1, 0, -1), new(1, 0, 1), new(-1, 0, 1)], [0, 1, 2, 0, 2, 3], null);
        // A thick shell, so that a small, short fit can draw it.
        var options = new TrainingOptions { Steps = 300, HiddenLayers = 2, HiddenWidth = 32, BatchSize = 512, Omega0 = 15, LearningRate = 3e-4, Device = "cpu", Seed = 1, Shell = ShellMode.On, ShellThickness = 0.3 };
        SdfModel model = SdfTrainer.Fit(quad, options).Model;
        Assert.True(model.Distance(Vector3.Zero) < -0.05f, $"the quad's middle is inside its shell: {model.Distance(Vector3.Zero):F3}");
        // A solid read from the winding number would be inside on one side and outside on the other.
        foreach (float side in new[] { 0.5f, -0.5f })
        {
            float d = model.Distance(new Vector3(0.1f, side, -0.2f));
            Assert.True(Math.Abs(d - 0.35f) < 0.1f, $"at {side} from the quad the shell is {d:F3} away (exact 0.35)");
        }
        Assert.Equal("0.3", model.Field.Metadata["training.shell_thickness"][..3]);
        // The bounds reach past the quad by the shell's half-thickness.
        Assert.Equal(-0.15f, model.Bounds.Min.Y, 5);
    }

    [Theory]
    [InlineData("cpu", "fused-cpu, ")]
    [InlineData("torch", "torch")]
    public void SameSeedGivesTheSameWeightsAnotherSeedDoesNot(string backend, string recorded)
    {
        InputGeometry sphere = TestShapes.Sphere(Center, Radius, 16, 8);
        TrainingOptions options = Small with { Backend = backend, Threads = 2 };
        SdfModel model = SdfTrainer.Fit(sphere, options).Model;
        float[] first = Weights(model);
        float[] second = Weights(SdfTrainer.Fit(sphere, options).Model);
        float[] other = Weights(SdfTrainer.Fit(sphere, options with { Seed = 4 }).Model);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.StartsWith(recorded, model.Metadata["training.backend"]);
    }

    [Fact]
    public void BothBackendsStartFromTheSameWeightsAndFitTheSphereAlike()
    {
        InputGeometry sphere = TestShapes.Sphere(Center, Radius, 16, 8);
        float[] Start(string backend) => Weights(SdfTrainer.Fit(sphere, Small with { Backend = backend, Steps = 1, LearningRate = 1e-12 }).Model);
        float[] torch = Start("torch"), fused = Start("cpu");
        for (int i = 0; i < torch.Length; i++) Assert.True(Math.Abs(torch[i] - fused[i]) < 1e-6, $"weight {i}: {torch[i]} against {fused[i]}");

        // 200 steps later the two have taken slightly different roads (float sums in another order) to the same surface.
        float Distance(string backend) => SdfTrainer.Fit(sphere, Small with { Backend = backend, Steps = 200, HiddenWidth = 32, Omega0 = 15, LearningRate = 3e-4 })
            .Model.Distance(Center + new Vector3(Radius, 0, 0));
        float onTorch = Distance("torch"), onFused = Distance("cpu");
        Assert.True(Math.Abs(onTorch - onFused) < 0.02f, $"on the sphere: {onTorch:F4} (torch), {onFused:F4} (fused)");
    }

    [Fact]
    public void ModelCarriesTheInputUnitsAndTrainingMetadata()
    {
        InputGeometry sphere = TestShapes.Sphere(Center, Radius, 16, 8);
        TrainingResult result = SdfTrainer.Fit(sphere, Small);
        Assert.Equal(25, result.Steps);
        Assert.False(result.Cancelled);
        Assert.Equal(BoundingBox.Of(sphere.Positions), result.Model.Bounds);
        Assert.Equal(Center.X, result.Model.Normalization.Center.X, 4);
        Assert.Equal("25", result.Model.Metadata["training.steps"]);
        Assert.Equal("mesh", result.Model.Metadata["training.source_kind"]);
        double lastRate = double.Parse(result.Model.Metadata["training.learning_rate_last"], CultureInfo.InvariantCulture);
        Assert.InRange(lastRate, 1e-3 * Small.LearningRate, 0.1 * Small.LearningRate); // the rate decays over the run
    }

    [Fact]
    public void CancellationStopsEarlyAndStillReturnsAValidModel()
    {
        using var cancel = new CancellationTokenSource();
        int reports = 0;
        var progress = new Inline(p => { reports++; if (p.Step >= 10) cancel.Cancel(); });
        TrainingResult result = SdfTrainer.Fit(TestShapes.Sphere(Center, Radius, 16, 8), Small with { Steps = 1000 }, progress, null, cancel.Token);
        Assert.True(result.Cancelled);
        Assert.Equal(10, result.Steps);
        Assert.True(reports >= 1);
        Assert.True(float.IsFinite(result.Model.Distance(Center)));
    }

    [Fact]
    public void CheckpointsArrivePeriodically()
    {
        var checkpoints = new List<TrainingCheckpoint>();
        SdfTrainer.Fit(TestShapes.Sphere(Center, Radius, 16, 8), Small with { CheckpointSeconds = 0 }, null, checkpoints.Add);
        Assert.Equal(25, checkpoints.Count);
    }

    [Fact]
    public void PointCloudWithoutNormalsTrainsSupervisedWithEstimatedNormals()
    {
        InputGeometry withNormals = TestShapes.SpherePoints(Center, Radius, 2000, 1);
        var bare = new InputGeometry("bare.xyz", withNormals.Positions, [], normals: null);
        TrainingResult result = SdfTrainer.Fit(bare, Small);
        Assert.True(result.FinalLoss.Normal > 0, $"the normal term should be on: {result.FinalLoss}");
        Assert.True(result.FinalLoss.Surface > 0);
        Assert.Equal("point cloud", result.Model.Metadata["training.source_kind"]);
        Assert.Equal("estimated", result.Model.Metadata["training.normals"]);
        Assert.Equal("supervised", result.Model.Metadata["training.recipe"]);
    }

    [Fact]
    public void InvalidOptionsAreRejectedByName()
    {
        InputGeometry sphere = TestShapes.Sphere(Center, Radius, 16, 8);
        TrainingOptionException rate = Assert.Throws<TrainingOptionException>(() => SdfTrainer.Fit(sphere, Small with { LearningRate = -1 }));
        Assert.Equal(("LearningRate", "must be in (0, 1]; got -1"), (rate.Option, rate.Problem));
        TrainingOptionException device = Assert.Throws<TrainingOptionException>(() => SdfTrainer.Fit(sphere, Small with { Device = "tpu" }));
        Assert.Equal("Device", device.Option);
        Assert.Contains("'tpu' is not one of auto, cpu, cuda", device.Message);
        TrainingOptionException backend = Assert.Throws<TrainingOptionException>(() => SdfTrainer.Fit(sphere, Small with { Backend = "gpu" }));
        Assert.Contains("Backend 'gpu' is not one of auto, torch, cpu", backend.Message);
        Assert.DoesNotContain("--", rate.Message + device.Message + backend.Message);
    }

    private static float[] Weights(SdfModel model) => model.Network.Layers.SelectMany(l => l.Weights.Concat(l.Bias)).ToArray();

    private sealed class Inline(Action<TrainingProgress<LossTerms>> report) : IProgress<TrainingProgress<LossTerms>>
    {
        public void Report(TrainingProgress<LossTerms> value) => report(value);
    }
}
