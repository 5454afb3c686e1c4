namespace NeuralSdf.Training.Tests;

public class DivergenceGuardTests
{
    /// <summary>A backend whose whole state is three weights.</summary>
    private sealed class WeightsBackend : ITrainingBackend<LossTerms>
    {
        private float[] _saved = [];

        public float[] Weights { get; } = [1, 2, 3];

        public LossTerms ComputeGradients() => default;

        public void Step(double learningRate, double gradientClip)
        {
        }

        public void SaveRollbackPoint() => _saved = (float[])Weights.Clone();

        public void RollBack() => _saved.CopyTo(Weights, 0);

        public byte[] SaveOptimizerState() => [];

        public void Dispose()
        {
        }
    }

    [Fact]
    public void NonFiniteOrSpikingLossRollsBackToTheSnapshotAndHalvesTheLearningRate()
    {
        var backend = new WeightsBackend();
        var guard = new DivergenceGuard<LossTerms>(backend);

        for (int step = 1; step <= 100; step++)
        {
            Assert.False(guard.IsDiverging(1.0 + 0.01 * (step % 7)));
            if (step == 60) backend.Weights[0] = 4; // changed after the first snapshot, kept by the one at step 100
            guard.Accept(1.0, step);
        }
        Assert.False(guard.IsDiverging(5.0));
        Assert.True(guard.IsDiverging(20.0), "a loss 20× the recent median is a spike");
        Assert.True(guard.IsDiverging(double.NaN));

        backend.Weights[1] = float.NaN;
        guard.RollBack();
        Assert.Equal(new float[] { 4, 2, 3 }, backend.Weights);
        Assert.Equal(0.5, guard.LearningRateScale);
        Assert.Equal(1, guard.Rollbacks);
        Assert.False(guard.IsDiverging(20.0), "after a rollback the recent losses start over");
    }
}
