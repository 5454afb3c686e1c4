using NeuralSdf.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests;

public sealed class AdamTests
{
    [Fact]
    public void StepsLikeTorchSharpsAdam()
    {
        using var ours = Parameters(out Parameter oursWeight);
        using var reference = Parameters(out Parameter referenceWeight);
        using var safe = new Adam([oursWeight], 1e-2);
        using var library = optim.Adam([referenceWeight], 1e-2);
        var generator = new Generator(7);
        for (int step = 0; step < 20; step++)
        {
            using Tensor target = randn([4, 3], generator: generator);
            foreach ((Parameter weight, OptimizerHelper optimizer) in new[] { (oursWeight, (OptimizerHelper)safe), (referenceWeight, library) })
            {
                optimizer.zero_grad();
                using Tensor loss = (weight - target).pow(3).abs().sum();
                loss.backward();
                optimizer.step();
            }
        }
        Assert.True(oursWeight.allclose(referenceWeight, rtol: 1e-6, atol: 1e-7), "the weights after 20 steps differ");
    }

    [Fact]
    public void ItsStateLoadsIntoTorchSharpsAdamAndBack()
    {
        using var ours = Parameters(out Parameter oursWeight);
        using var safe = new Adam([oursWeight], 1e-2);
        safe.zero_grad();
        using (Tensor loss = oursWeight.sum()) loss.backward();
        safe.step();
        byte[] saved = OptimizerState.Save(safe);

        using var other = Parameters(out Parameter otherWeight);
        using var library = optim.Adam([otherWeight], 1e-2);
        OptimizerState.Load(library, saved);
        byte[] resaved = OptimizerState.Save(library);
        Assert.Equal(saved, resaved);
        using var again = Parameters(out Parameter againWeight);
        using var ourAgain = new Adam([againWeight], 1e-2);
        OptimizerState.Load(ourAgain, resaved);
        Assert.Equal(saved, OptimizerState.Save(ourAgain));
    }

    private static IDisposable Parameters(out Parameter weight)
    {
        weight = new Parameter(arange(12, dtype: float32).reshape(4, 3) / 7);
        return weight;
    }
}
