using TorchSharp;

namespace NeuralSdf.Training.Tests;

public class TorchLoadsTests
{
    [Fact]
    public void TorchSharpLoadsAndComputes()
    {
        using var a = torch.ones(2, 3);
        Assert.Equal(6f, a.sum().item<float>());
    }
}
