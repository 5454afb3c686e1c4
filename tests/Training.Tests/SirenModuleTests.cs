using System.Numerics;
using NeuralSdf.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests;

public class SirenModuleTests
{
    private static readonly SdfNormalization Normalization = new(new Vector3(0.3f, -2f, 1.1f), 0.7f);

    [Theory]
    [InlineData(1, 32, 11)]
    [InlineData(3, 128, 12)]
    public void CpuEvaluatorMatchesTorchForwardAndAutogradTo1e5Relative(int hiddenLayers, int width, int seed)
    {
        using var generator = new Generator((ulong)seed);
        using var siren = new SirenModule(3, 1, hiddenLayers, width, 30, generator);
        var model = new SdfModel(siren.ToNetwork(), Normalization, new BoundingBox(new Vector3(-1), new Vector3(1)));

        var random = new Random(seed);
        Vector3[] points = Enumerable.Range(0, 500)
            .Select(_ => Normalization.ToWorld(new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle()) * 2.2f - new Vector3(1.1f)))
            .ToArray();
        (float[] torchDistance, Vector3[] torchGradient) = TorchEvaluate(siren, Normalization, points);

        // "Relative" is against max(|value|, one normalized unit): distances near zero have no relative error to speak of.
        double unit = 1 / Normalization.Scale;
        double worstDistance = 0, worstGradient = 0;
        for (int i = 0; i < points.Length; i++)
        {
            float d = model.DistanceAndGradient(points[i], out Vector3 g);
            worstDistance = Math.Max(worstDistance, Math.Abs(d - torchDistance[i]) / Math.Max(Math.Abs(torchDistance[i]), unit));
            worstGradient = Math.Max(worstGradient, (g - torchGradient[i]).Length() / Math.Max(torchGradient[i].Length(), 1));
        }
        Assert.True(worstDistance < 1e-5, $"distance: max relative difference {worstDistance:E2}");
        Assert.True(worstGradient < 1e-5, $"gradient: max relative difference {worstGradient:E2}");
    }

    [Theory]
    [InlineData(2, 3, 1, 32, 21)]
    [InlineData(2, 1, 3, 64, 22)]
    [InlineData(3, 2, 2, 16, 23)]
    public void ForwardModeDerivativesMatchAutogradAndGiveTheSameParameterGradients(int inputs, int outputs, int hiddenLayers, int width, int seed)
    {
        using var generator = new Generator((ulong)seed);
        using var siren = new SirenModule(inputs, outputs, hiddenLayers, width, 30, generator);
        using var points = rand([300, inputs], generator: generator) * 2 - 1;

        // The library path: autograd's gradient of each output, then of each gradient component for the Laplacian.
        using Tensor x = points.detach().requires_grad_(true);
        Tensor f = siren.forward(x);
        var jacobianRows = new Tensor[outputs];
        var laplacians = new Tensor[outputs];
        for (int m = 0; m < outputs; m++)
        {
            jacobianRows[m] = autograd.grad([f[.., m]], [x], [ones_like(f[.., m])], retain_graph: true, create_graph: true)[0];
            Tensor laplacian = zeros_like(f[.., m]);
            for (int n = 0; n < inputs; n++)
                laplacian = laplacian + autograd.grad([jacobianRows[m][.., n]], [x], [ones_like(f[.., m])], retain_graph: true, create_graph: true)[0][.., n];
            laplacians[m] = laplacian;
        }
        Tensor referenceJacobian = stack(jacobianRows, dim: 1), referenceLaplacian = stack(laplacians, dim: 1);

        FieldDerivatives forward = siren.ForwardWithDerivatives(points);
        Assert.Equal([300L, outputs, inputs], forward.Jacobian.shape);
        AssertClose(f, forward.Values, "values");
        AssertClose(referenceJacobian, forward.Jacobian, "Jacobian");
        AssertClose(referenceLaplacian, forward.Laplacian, "Laplacian");

        // A loss on the derivatives must train the same: equal gradients for every parameter.
        float[][] Gradients(Func<Tensor> loss)
        {
            siren.zero_grad();
            loss().backward();
            // The output bias has no gradient: derivatives do not depend on it.
            return siren.parameters().Select(p => p.grad is { } g ? g.clone().data<float>().ToArray() : new float[p.numel()]).ToArray();
        }
        float[][] reference = Gradients(() => referenceJacobian.square().sum() + referenceLaplacian.square().mean());
        float[][] forwardMode = Gradients(() =>
        {
            FieldDerivatives d = siren.ForwardWithDerivatives(points);
            return d.Jacobian.square().sum() + d.Laplacian.square().mean();
        });
        for (int p = 0; p < reference.Length; p++)
        {
            double scale = reference[p].Max(Math.Abs);
            double worst = reference[p].Zip(forwardMode[p], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst <= 1e-4 * scale, $"parameter {p}: largest gradient difference {worst:E2} against a largest gradient of {scale:E2}");
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        float[] e = expected.detach().contiguous().data<float>().ToArray(), a = actual.detach().contiguous().data<float>().ToArray();
        Assert.Equal(e.Length, a.Length);
        double scale = e.Max(Math.Abs), worst = e.Zip(a, (u, v) => Math.Abs(u - v)).Max();
        Assert.True(worst <= 1e-5 * scale, $"{what}: largest difference {worst:E2} against a largest value of {scale:E2}");
    }

    [Fact]
    public void NetworkRoundTripsThroughTheRuntimeType()
    {
        using var generator = new Generator(5);
        using var siren = new SirenModule(3, 1, 2, 16, 25, generator);
        SirenNetwork network = siren.ToNetwork();
        using var copy = new SirenModule(network);
        SirenNetwork again = copy.ToNetwork();
        Assert.Equal(25f, again.Omega0);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            Assert.Equal(network.Layers[l].Weights, again.Layers[l].Weights);
            Assert.Equal(network.Layers[l].Bias, again.Layers[l].Bias);
        }
    }

    [Fact]
    public void InitializationFollowsTheSirenBounds()
    {
        using var generator = new Generator(9);
        using var siren = new SirenModule(3, 1, 2, 64, 30, generator);
        SirenNetwork network = siren.ToNetwork();
        Assert.All(network.Layers[0].Weights, w => Assert.InRange(w, -1f / 3, 1f / 3));
        float hiddenBound = MathF.Sqrt(6f / 64) / 30;
        Assert.All(network.Layers[1].Weights, w => Assert.InRange(w, -hiddenBound, hiddenBound));
        // Not all in a corner of the range: the spread is a real uniform one.
        Assert.True(network.Layers[1].Weights.Max() > 0.8f * hiddenBound && network.Layers[1].Weights.Min() < -0.8f * hiddenBound);
    }

    /// <summary>World-unit distances and gradients straight from TorchSharp: f(x)/s with x = (p − c)·s, ∇ by autograd.</summary>
    internal static (float[] Distances, Vector3[] Gradients) TorchEvaluate(SirenModule siren, SdfNormalization normalization, Vector3[] points)
    {
        using var scope = NewDisposeScope();
        float[] flat = points.SelectMany(p => { Vector3 x = normalization.ToNormalized(p); return new[] { x.X, x.Y, x.Z }; }).ToArray();
        Tensor x = tensor(flat, [points.Length, 3]).requires_grad_(true);
        Tensor f = siren.forward(x);
        Tensor g = autograd.grad([f], [x], [ones_like(f)])[0];
        float[] distances = (f / normalization.Scale).data<float>().ToArray();
        float[] gradients = g.data<float>().ToArray();
        return (distances, Enumerable.Range(0, points.Length).Select(i => new Vector3(gradients[3 * i], gradients[3 * i + 1], gradients[3 * i + 2])).ToArray());
    }
}
