namespace NeuralSdf.Training.Tests;

public class LearningRateScheduleTests
{
    [Fact]
    public void HoldsTheRateForTheFirstHalfThenDecaysSmoothlyToTheFloor()
    {
        Assert.Equal(1, LearningRateSchedule.Factor(0));
        Assert.Equal(1, LearningRateSchedule.Factor(0.5));
        Assert.Equal(LearningRateSchedule.FinalFactor, LearningRateSchedule.Factor(1), 12);
        double midway = LearningRateSchedule.Factor(0.75); // half-way through the cosine: half-way between 1 and the floor
        Assert.Equal((1 + LearningRateSchedule.FinalFactor) / 2, midway, 12);
        double previous = 1;
        for (int i = 0; i <= 100; i++)
        {
            double factor = LearningRateSchedule.Factor(i / 100.0);
            Assert.True(factor <= previous + 1e-15, $"the rate rose at progress {i / 100.0}");
            previous = factor;
        }
    }

    [Fact]
    public void AnEarlierDecayStartMovesTheWholeCosine()
    {
        Assert.Equal(1, LearningRateSchedule.Factor(0.2, decayStart: 0.2));
        Assert.Equal((1 + LearningRateSchedule.FinalFactor) / 2, LearningRateSchedule.Factor(0.6, decayStart: 0.2), 12);
        Assert.Equal(LearningRateSchedule.FinalFactor, LearningRateSchedule.Factor(1, decayStart: 0.2), 12);
        Assert.Equal((1 + LearningRateSchedule.FinalFactor) / 2, LearningRateSchedule.Factor(0.5, decayStart: 0), 12);
    }

    [Fact]
    public void ProgressIsTheLargerOfStepsAndTime()
    {
        Assert.Equal(0.25, LearningRateSchedule.Progress(500, 2000, TimeSpan.FromSeconds(1), TimeSpan.MaxValue), 12);
        Assert.Equal(0.5, LearningRateSchedule.Progress(10, int.MaxValue, TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(5)), 12);
        Assert.Equal(0.8, LearningRateSchedule.Progress(1600, 2000, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)), 12);
        Assert.Equal(1, LearningRateSchedule.Progress(10, 2000, TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(5)), 12);
    }
}
