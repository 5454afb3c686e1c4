using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests;

public class DivergenceGuardTests
{
    [Fact]
    public void NonFiniteOrSpikingLossRollsBackToTheSnapshotAndHalvesTheLearningRate()
    {
        using var weight = new TorchSharp.Modules.Parameter(tensor(new float[] { 1, 2, 3 }));
        using var optimizer = optim.Adam([weight], 0.01);
        using var guard = new DivergenceGuard([weight], optimizer);

        for (int step = 1; step <= 100; step++)
        {
            Assert.False(guard.IsDiverging(1.0 + 0.01 * (step % 7)));
            guard.Accept(1.0, step); // step 100 takes a snapshot of [1, 2, 3]
        }
        Assert.False(guard.IsDiverging(5.0));
        Assert.True(guard.IsDiverging(20.0), "a loss 20× the recent median is a spike");
        Assert.True(guard.IsDiverging(double.NaN));

        using (no_grad()) weight.copy_(tensor(new float[] { float.NaN, 7, 8 }));
        guard.RollBack();
        Assert.Equal(new float[] { 1, 2, 3 }, weight.data<float>().ToArray());
        Assert.Equal(0.5, guard.LearningRateScale);
        Assert.Equal(1, guard.Rollbacks);
        Assert.False(guard.IsDiverging(20.0), "after a rollback the recent losses start over");
    }
}
