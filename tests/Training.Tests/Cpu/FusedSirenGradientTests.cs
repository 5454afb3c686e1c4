using System.Numerics;
using System.Runtime.InteropServices;
using NeuralSdf.Runtime;
using NeuralSdf.Runtime.Cpu;
using NeuralSdf.Training.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralSdf.Training.Tests.Cpu;

/// <summary>The fused CPU gradient against TorchSharp's autograd on the same network and batch.</summary>
public class FusedSirenGradientTests
{
    public static TheoryData<string, bool, int, bool> Cases()
    {
        var data = new TheoryData<string, bool, int, bool>();
        foreach (SimdPath path in AllPaths())
        {
            data.Add(path.ToString(), true, 1, true);
            data.Add(path.ToString(), false, 2, false);
            data.Add(path.ToString(), true, 2, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossTermsAndGradientsMatchAutogradTo1e4(string pathName, bool supervised, int threads, bool wideProducts)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        // Odd sizes: widths that are no multiple of a vector, and a batch that ends in a part block.
        using var generator = new Generator(7);
        using var siren = new SirenModule(3, 1, 3, 37, 30, generator);
        SdfBatch batch = RandomBatch(45, supervised, seed: 3);

        (LossTerms torchTerms, float[][] torchGradients) = TorchLossAndGradients(siren, batch);
        (LossTerms fusedTerms, float[] fused) = FusedLossAndGradient(siren.ToNetwork(), batch, threads, path, wideProducts);

        AssertClose(torchTerms.Total, fusedTerms.Total, "total");
        AssertClose(torchTerms.Surface, fusedTerms.Surface, "surface");
        AssertClose(torchTerms.Normal, fusedTerms.Normal, "normal");
        AssertClose(torchTerms.Eikonal, fusedTerms.Eikonal, "eikonal");
        AssertClose(torchTerms.OffSurface, fusedTerms.OffSurface, "off-surface");
        AssertClose(torchTerms.SignedDistance, fusedTerms.SignedDistance, "signed distance");
        AssertClose(torchTerms.Direction, fusedTerms.Direction, "direction");
        int offset = 0;
        for (int i = 0; i < torchGradients.Length; i++)
        {
            float[] expected = torchGradients[i];
            double difference = 0, norm = 0;
            for (int j = 0; j < expected.Length; j++)
            {
                difference += Math.Pow(fused[offset + j] - expected[j], 2);
                norm += Math.Pow(expected[j], 2);
            }
            offset += expected.Length;
            double relative = Math.Sqrt(difference / norm);
            Assert.True(relative < 1e-4, $"parameter tensor {i}: relative difference {relative:E2} ({path}, {threads} threads, wide {wideProducts})");
        }
        Assert.Equal(offset, fused.Length);
    }

    [Theory]
    [InlineData("surface", true)]
    [InlineData("normal", true)]
    [InlineData("eikonal", true)]
    [InlineData("signed distance", true)]
    [InlineData("direction", true)]
    [InlineData("off-surface", false)]
    public void EachTermAndItsDerivativesMatchAutograd(string term, bool supervised)
    {
        SdfBatch batch = RandomBatch(45, supervised, seed: 11);
        int count = batch.Points.Length;
        var random = new Random(2);
        // Values on both sides of the distance clamp, and gradients of lengths 0.3 to 1.7.
        float[] values = Enumerable.Range(0, count).Select(_ => 0.3f * (2 * random.NextSingle() - 1)).ToArray();
        float[] gradients = Enumerable.Range(0, 3 * count).Select(_ => 2 * random.NextSingle() - 1).ToArray();

        using var scope = NewDisposeScope();
        Tensor f = tensor(values, [count, 1]).requires_grad_(true), g = tensor(gradients, [count, 3]).requires_grad_(true);
        SdfTermTensors tensors = SdfObjective.Terms(f, g, batch, CPU);
        Tensor chosen = Pick(tensors, term);
        chosen.backward();
        // A term of the values alone leaves the gradients' gradient unset, and the other way round.
        float[] expectedF = f.grad?.data<float>().ToArray() ?? new float[count], expectedG = g.grad?.data<float>().ToArray() ?? new float[3 * count];

        var loss = new SdfPointLoss(batch, OneHot(term));
        loss.Prepare();
        double[] sums = new double[loss.TermCount];
        float[] valueGradient = new float[1], jacobianGradient = new float[3];
        double worst = 0, scale = Math.Max(expectedF.Max(Math.Abs), expectedG.Max(Math.Abs));
        for (int p = 0; p < count; p++)
        {
            loss.Differentiate(p, values.AsSpan(p, 1), gradients.AsSpan(3 * p, 3), valueGradient, jacobianGradient, sums);
            worst = Math.Max(worst, Math.Abs(valueGradient[0] - expectedF[p]));
            for (int i = 0; i < 3; i++) worst = Math.Max(worst, Math.Abs(jacobianGradient[i] - expectedG[3 * p + i]));
        }
        Assert.True(scale > 0, "the term has a gradient to compare");
        Assert.True(worst / scale < 1e-4, $"{term}: derivatives differ by {worst:E2} against autograd's largest {scale:E2}");
        AssertClose(chosen.item<float>(), loss.Finish(sums).Total, term);
    }

    [Theory]
    [InlineData("surface", true)]
    [InlineData("normal", true)]
    [InlineData("eikonal", false)]
    [InlineData("signed distance", true)]
    [InlineData("direction", true)]
    [InlineData("off-surface", false)]
    public void EachTermsParameterGradientMatchesAutogradOnOddSizes(string term, bool supervised)
    {
        using var generator = new Generator(13);
        using var siren = new SirenModule(3, 1, 2, 21, 30, generator);
        SdfBatch batch = RandomBatch(23, supervised, seed: 17);

        List<Tensor> parameters = siren.parameters().Cast<Tensor>().ToList();
        float[] expected;
        using (NewDisposeScope())
        {
            Tensor points = VectorTensor.From(batch.Points).requires_grad_(true);
            Tensor f = siren.forward(points);
            Tensor g = autograd.grad([f], [points], [ones_like(f)], retain_graph: true, create_graph: true)[0];
            SdfTermTensors tensors = SdfObjective.Terms(f, g, batch, CPU);
            Tensor chosen = Pick(tensors, term);
            IList<Tensor> grads = autograd.grad([chosen], parameters, allow_unused: true);
            // A parameter a term does not reach (the output bias, for a term of the gradient alone) comes back as no tensor.
            expected = grads.Zip(parameters, (d, p) => d is null || d.IsInvalid ? new float[p.numel()] : d.contiguous().data<float>().ToArray()).SelectMany(a => a).ToArray();
        }
        foreach (SimdPath path in AllPaths())
        {
            var loss = new SdfPointLoss(batch, OneHot(term));
            loss.Prepare();
            using var fused = new FusedSirenGradient(siren.ToNetwork(), loss.TermCount, threads: 2, path);
            float[] flat = FusedSirenGradient.Flatten(siren.ToNetwork()), gradient = new float[flat.Length];
            fused.Compute(flat, MemoryMarshal.Cast<Vector3, float>(batch.Points.AsSpan()), batch.Points.Length, loss, gradient, new double[loss.TermCount]);
            double difference = Math.Sqrt(gradient.Zip(expected, (a, b) => (double)(a - b) * (a - b)).Sum());
            double norm = Math.Sqrt(expected.Sum(v => (double)v * v));
            Assert.True(norm > 0, $"{term}: autograd's gradient is zero");
            Assert.True(difference / norm < 1e-4, $"{term} on {path}: relative difference {difference / norm:E2}");
        }
    }

    private static Tensor Pick(SdfTermTensors tensors, string term) => term switch
    {
        "surface" => tensors.Surface,
        "normal" => tensors.Normal!,
        "eikonal" => tensors.Eikonal,
        "signed distance" => tensors.SignedDistance!,
        "direction" => tensors.Direction!,
        _ => tensors.OffSurface!,
    };

    private static SdfTermWeights OneHot(string term) => new(term == "surface" ? 1 : 0, term == "normal" ? 1 : 0, term == "off-surface" ? 1 : 0,
        term == "signed distance" ? 1 : 0, term == "direction" ? 1 : 0, term == "eikonal" ? 1 : 0);

    [Fact]
    public void SameBatchAndThreadCountGiveTheSameBytes()
    {
        using var generator = new Generator(5);
        using var siren = new SirenModule(3, 1, 2, 64, 30, generator);
        SdfBatch batch = RandomBatch(200, supervised: true, seed: 9);
        (_, float[] first) = FusedLossAndGradient(siren.ToNetwork(), batch, 2, SimdPaths.Best);
        (_, float[] second) = FusedLossAndGradient(siren.ToNetwork(), batch, 2, SimdPaths.Best);
        Assert.Equal(first, second);
    }

    // Every width, as the evaluator's tests force them: one this CPU lacks runs in software, slowly but correctly.
    private static SimdPath[] AllPaths() => Enum.GetValues<SimdPath>();

    private static void AssertClose(double expected, double actual, string name)
    {
        double relative = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-6);
        Assert.True(relative < 1e-4, $"{name}: {actual} against autograd's {expected} (relative {relative:E2})");
    }

    internal static SdfBatch RandomBatch(int size, bool supervised, int seed)
    {
        var random = new Random(seed);
        Vector3 Point() => new(2 * random.NextSingle() - 1, 2 * random.NextSingle() - 1, 2 * random.NextSingle() - 1);
        var batch = new SdfBatch(size, hasNormals: true, supervised);
        for (int i = 0; i < batch.Points.Length; i++) batch.Points[i] = 0.8f * Point();
        for (int i = 0; i < size; i++) batch.Normals![i] = Vector3.Normalize(Point() + new Vector3(0.01f));
        if (supervised)
        {
            for (int i = 0; i < size; i++)
            {
                // Both sides of the clamp, and some undefined (zero) gradients.
                batch.Distances![i] = 0.15f * (2 * random.NextSingle() - 1);
                batch.DistanceGradients![i] = i % 7 == 0 ? Vector3.Zero : Vector3.Normalize(Point() + new Vector3(0.01f));
            }
        }
        return batch;
    }

    private static (LossTerms, float[][]) TorchLossAndGradients(SirenModule siren, SdfBatch batch)
    {
        var parameters = siren.parameters().ToList();
        foreach (var p in parameters) p.grad?.zero_();
        using var scope = NewDisposeScope();
        (Tensor total, LossTerms terms) = SdfObjective.Loss(siren, batch, CPU);
        total.backward();
        return (terms, parameters.Select(p => p.grad!.contiguous().data<float>().ToArray()).ToArray());
    }

    internal static (LossTerms, float[]) FusedLossAndGradient(SirenNetwork network, SdfBatch batch, int threads, SimdPath path, bool? wideProducts = null)
    {
        var loss = new SdfPointLoss(batch);
        loss.Prepare();
        using var fused = new FusedSirenGradient(network, loss.TermCount, threads, path, wideProducts);
        float[] parameters = FusedSirenGradient.Flatten(network), gradient = new float[parameters.Length];
        double[] terms = new double[loss.TermCount];
        fused.Compute(parameters, MemoryMarshal.Cast<Vector3, float>(batch.Points.AsSpan()), batch.Points.Length, loss, gradient, terms);
        return (loss.Finish(terms), gradient);
    }
}
