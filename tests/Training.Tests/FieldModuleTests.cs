using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests;

public class FieldModuleTests
{
    /// <summary>f(x, y) = (sin(2x + 3y), x²·y): its Jacobian and Laplacian written out by hand.</summary>
    private sealed class ClosedForm() : FieldModule(nameof(ClosedForm))
    {
        public override Tensor forward(Tensor points)
        {
            Tensor x = points[.., 0], y = points[.., 1];
            return stack([sin(2 * x + 3 * y), x.square() * y], dim: 1);
        }
    }

    /// <summary>A SIREN seen only through its <c>forward</c>, so that its derivatives come from the base class's autograd path.</summary>
    private sealed class ForwardOnly(SirenModule inner) : FieldModule(nameof(ForwardOnly))
    {
        public override Tensor forward(Tensor points) => inner.forward(points);
    }

    [Fact]
    public void AutogradDerivativesMatchTheClosedForm()
    {
        using var generator = new Generator(3);
        using Tensor points = rand([50, 2], generator: generator) * 2 - 1;
        using var module = new ClosedForm();
        FieldDerivatives d = module.ForwardWithDerivatives(points);
        float[] p = points.data<float>().ToArray(), jacobian = d.Jacobian.detach().data<float>().ToArray(), laplacian = d.Laplacian.detach().data<float>().ToArray();
        Assert.Equal([50L, 2, 2], d.Jacobian.shape);
        for (int i = 0; i < 50; i++)
        {
            double x = p[2 * i], y = p[2 * i + 1], c = Math.Cos(2 * x + 3 * y), s = Math.Sin(2 * x + 3 * y);
            double[] expectedJacobian = [2 * c, 3 * c, 2 * x * y, x * x];
            double[] expectedLaplacian = [-13 * s, 2 * y];
            for (int k = 0; k < 4; k++) Assert.True(Math.Abs(jacobian[4 * i + k] - expectedJacobian[k]) < 1e-5, $"point {i}, Jacobian entry {k}");
            for (int m = 0; m < 2; m++) Assert.True(Math.Abs(laplacian[2 * i + m] - expectedLaplacian[m]) < 1e-5, $"point {i}, Laplacian of output {m}");
        }
    }

    [Fact]
    public void SirenForwardModeMatchesTheAutogradPath()
    {
        using var generator = new Generator(4);
        using var siren = new SirenModule(2, 3, 2, 32, 30, generator);
        using var viaAutograd = new ForwardOnly(siren);
        using Tensor points = rand([200, 2], generator: generator) * 2 - 1;
        FieldDerivatives forward = siren.ForwardWithDerivatives(points), reference = viaAutograd.ForwardWithDerivatives(points);
        AssertClose(reference.Jacobian, forward.Jacobian, "Jacobian");
        AssertClose(reference.Laplacian, forward.Laplacian, "Laplacian");
    }

    [Fact]
    public void PositionalReluParameterCountIsTheModulesAndMatchesTheSirensWithinTwoPercent()
    {
        long siren = SirenModule.ParameterCount(2, 3, 3, 128);
        using var generator = new Generator(5);
        using var sirenModule = new SirenModule(2, 3, 3, 128, 30, generator);
        Assert.Equal(sirenModule.parameters().Sum(p => p.numel()), siren);

        int width = PositionalReluModule.WidthMatching(siren, 2, 3, PositionalReluModule.DefaultFrequencyCount, 3);
        using var relu = new PositionalReluModule(2, 3, PositionalReluModule.DefaultFrequencyCount, 3, width, generator);
        long counted = relu.parameters().Sum(p => p.numel());
        Assert.Equal(counted, PositionalReluModule.ParameterCount(2, 3, PositionalReluModule.DefaultFrequencyCount, 3, width));
        Assert.True(Math.Abs((double)counted / siren - 1) < 0.02, $"{counted:N0} parameters against the SIREN's {siren:N0}");
        using Tensor points = rand([7, 2], generator: generator);
        Assert.Equal([7L, 3], relu.forward(points).shape);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        float[] e = expected.detach().contiguous().data<float>().ToArray(), a = actual.detach().contiguous().data<float>().ToArray();
        Assert.Equal(e.Length, a.Length);
        double scale = e.Max(Math.Abs), worst = e.Zip(a, (u, v) => Math.Abs(u - v)).Max();
        Assert.True(worst <= 1e-5 * scale, $"{what}: largest difference {worst:E2} against a largest value of {scale:E2}");
    }
}
