using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests;

public class TrainingCheckpointTests : IDisposable
{
    private static readonly InputGeometry Sphere = TestShapes.Sphere(new Vector3(0.5f, 0, 0), 1f, 16, 8);
    private static readonly TrainingOptions Small = new() { Steps = 20, HiddenLayers = 1, HiddenWidth = 16, BatchSize = 128, Device = "cpu", Seed = 2 };
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static float[] Weights(SdfModel model) => model.Network.Layers.SelectMany(l => l.Weights.Concat(l.Bias)).ToArray();

    [Fact]
    public void SaveAndLoadKeepStepModelAndOptimizerState()
    {
        TrainingCheckpoint saved = SdfTrainer.Fit(Sphere, Small).Checkpoint;
        string path = Path.Combine(_folder, "m.nsdf");
        saved.Save(path);
        TrainingCheckpoint loaded = TrainingCheckpoint.Load(path, out string? warning);
        Assert.Null(warning);
        Assert.Equal(20, loaded.Step);
        Assert.Equal(saved.OptimizerState, loaded.OptimizerState);
        Assert.NotEmpty(loaded.OptimizerState);
        Assert.Equal(Weights(saved.Model), Weights(loaded.Model));
    }

    [Fact]
    public void ResumeContinuesToTheTotalStepCountFromTheSavedWeightsAndMoments()
    {
        TrainingCheckpoint first = SdfTrainer.Fit(Sphere, Small).Checkpoint;
        TrainingResult resumed = SdfTrainer.Fit(Sphere, Small with { Steps = 35, HiddenWidth = 99 }, resume: first);
        Assert.Equal(35, resumed.Steps);
        Assert.Equal("35", resumed.Model.Metadata["training.steps"]);
        Assert.Equal(16, resumed.Model.Network.Layers[0].Outputs); // the checkpoint's architecture wins
        Assert.Equal(first.Model.Normalization, resumed.Model.Normalization);

        // The moments matter: the same resume without them moves the weights differently.
        TrainingResult fresh = SdfTrainer.Fit(Sphere, Small with { Steps = 35 }, resume: first with { OptimizerState = [] });
        Assert.NotEqual(Weights(resumed.Model), Weights(fresh.Model));
        Assert.NotEqual(Weights(first.Model), Weights(resumed.Model));
    }

    [Theory]
    [InlineData("cpu", "torch")]
    [InlineData("torch", "cpu")]
    public void ACheckpointResumesOnTheOtherBackendWithItsMoments(string saving, string resuming)
    {
        TrainingCheckpoint first = SdfTrainer.Fit(Sphere, Small with { Backend = saving }).Checkpoint;
        TrainingResult resumed = SdfTrainer.Fit(Sphere, Small with { Steps = 35, Backend = resuming }, resume: first);
        TrainingResult fresh = SdfTrainer.Fit(Sphere, Small with { Steps = 35, Backend = resuming }, resume: first with { OptimizerState = [] });
        Assert.NotEqual(Weights(resumed.Model), Weights(fresh.Model));
        // Both backends save the same format: Adam's moments and step count, flat.
        Training.Cpu.AdamMoments moments = Training.Cpu.AdamMoments.TryLoad(resumed.Checkpoint.OptimizerState, resumed.Model.Network.ParameterCount)!;
        Assert.Equal(35, moments.Step);
    }

    [Fact]
    public void ResumeKeepsTheLearningRateHalvingsOfEarlierRollbacks()
    {
        TrainingCheckpoint first = SdfTrainer.Fit(Sphere, Small).Checkpoint;
        var metadata = first.Model.Metadata.ToDictionary();
        metadata["training.rollbacks"] = "2";
        var rolledBack = first with { Field = new SdfModel(first.Model.Network, first.Model.Normalization, first.Model.Bounds, metadata).Field };

        TrainingResult plain = SdfTrainer.Fit(Sphere, Small with { Steps = 25 }, resume: first);
        TrainingResult resumed = SdfTrainer.Fit(Sphere, Small with { Steps = 25 }, resume: rolledBack);

        double Rate(TrainingResult r) => double.Parse(r.Model.Metadata["training.learning_rate_last"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0.25 * Rate(plain), Rate(resumed), 12);
        Assert.Equal("2", resumed.Model.Metadata["training.rollbacks"]);
    }

    [Fact]
    public void StaleOrMissingSidecarOnlyLosesTheMoments()
    {
        string path = Path.Combine(_folder, "m.nsdf");
        SdfTrainer.Fit(Sphere, Small with { Steps = 5 }).Checkpoint.Save(path);
        string sidecar = TrainingCheckpoint.StatePath(path);
        byte[] oldState = File.ReadAllBytes(sidecar);
        SdfTrainer.Fit(Sphere, Small with { Steps = 7 }).Checkpoint.Model.Save(path); // model moved on, sidecar did not
        TrainingCheckpoint stale = TrainingCheckpoint.Load(path, out string? warning);
        Assert.Contains("from step 5 but the model is at step 7", warning);
        Assert.Empty(stale.OptimizerState);

        File.Delete(sidecar);
        TrainingCheckpoint.Load(path, out warning);
        Assert.Contains("not found", warning);
        File.WriteAllBytes(sidecar, oldState[..10]);
        Assert.Empty(TrainingCheckpoint.Load(path, out warning).OptimizerState);
        Assert.NotNull(warning);
    }
}
