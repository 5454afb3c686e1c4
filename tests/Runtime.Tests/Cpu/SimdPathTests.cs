using System.Numerics;
using NeuralSdf.Runtime.Cpu;

namespace NeuralSdf.Runtime.Tests.Cpu;

/// <summary>
/// Every vector width of the CPU evaluator and both block widths, forced explicitly (a path this CPU lacks runs
/// in software, slowly but correctly), against the double-precision reference, over net shapes whose widths are and are not
/// multiples of the vector width and batch sizes on both sides of the block size and the parallel threshold.
/// </summary>
// Theory data name the paths: SimdPath is internal to the runtime.
public class SimdPathTests
{
    private static readonly int[][] Shapes = [[16], [30, 30], [64, 64, 64], [37, 20]];
    private static readonly int[] BatchSizes = [0, 1, 3, 17, 64, 4097];

    [Theory]
    [InlineData("Vector512", true)]
    [InlineData("Vector512", false)]
    [InlineData("Vector256", true)]
    [InlineData("Vector256", false)]
    [InlineData("Vector128", true)]
    [InlineData("Scalar", false)]
    public void DistancesAndGradientsMatchTheReferenceForEveryShapeAndBatchSize(string pathName, bool wideBlocks)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        for (int shape = 0; shape < Shapes.Length; shape++)
        {
            SdfModel model = TestModels.RandomSiren(10 + shape, Shapes[shape]);
            var evaluator = new CpuEvaluator(model.Field.Folded, path, wideBlocks: wideBlocks);
            foreach (int count in BatchSizes)
            {
                Vector3[] points = TestModels.PointsAround(model.Bounds, count, count + shape);
                float[] distances = new float[count], distances2 = new float[count];
                Vector3[] gradients = new Vector3[count];
                evaluator.Distance(points, distances);
                evaluator.DistanceAndGradient(points, distances2, gradients);

                double worstDistance = 0, worstGradient = 0;
                for (int i = 0; i < count; i++)
                {
                    double expected = ReferenceSiren.Distance(model, points[i]);
                    worstDistance = Math.Max(worstDistance, Math.Max(Math.Abs(distances[i] - expected), Math.Abs(distances2[i] - expected)));
                    Vector3 expectedGradient = ReferenceSiren.AnalyticGradient(model, points[i]);
                    worstGradient = Math.Max(worstGradient, (gradients[i] - expectedGradient).Length() / Math.Max(1, expectedGradient.Length()));
                }
                string where = $"{path} ({(wideBlocks ? 4 : 2)}-vector blocks), {model.Network.Describe()}, {count} points";
                // Distances in world units (box diagonal ≈ 4.4): the same 1e-5 of the diagonal as the scalar evaluator's test.
                Assert.True(worstDistance < 1e-5 * model.Bounds.Diagonal, $"{where}: max |cpu − reference| = {worstDistance:E3}");
                Assert.True(worstGradient < 1e-5, $"{where}: max |∇cpu − ∇reference| / max(1, |∇|) = {worstGradient:E3}");
            }
        }
    }

    [Theory]
    [InlineData("Vector512", true)]
    [InlineData("Vector512", false)]
    [InlineData("Vector256", true)]
    [InlineData("Vector256", false)]
    [InlineData("Vector128", false)]
    [InlineData("Scalar", true)]
    public void EveryPathGivesTheScalarPathsBits(string pathName, bool wideBlocks)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        // All paths add the same products in the same order with fused multiply-adds, so they agree exactly.
        SdfModel model = TestModels.RandomSiren(20, 37, 20);
        var scalar = new CpuEvaluator(model.Field.Folded, SimdPath.Scalar, wideBlocks: false);
        var evaluator = new CpuEvaluator(model.Field.Folded, path, wideBlocks: wideBlocks);
        Vector3[] points = TestModels.PointsAround(model.Bounds, 131, 21);
        float[] expected = new float[points.Length], actual = new float[points.Length];
        Vector3[] expectedGradients = new Vector3[points.Length], actualGradients = new Vector3[points.Length];
        scalar.DistanceAndGradient(points, expected, expectedGradients);
        evaluator.DistanceAndGradient(points, actual, actualGradients);
        Assert.Equal(expected, actual);
        Assert.Equal(expectedGradients, actualGradients);
    }

    [Theory]
    [InlineData("Vector512")]
    [InlineData("Vector256")]
    [InlineData("Vector128")]
    [InlineData("Scalar")]
    public void FastSineAndCosineAgreeWithDoublePrecisionUpToAMillion(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        var random = new Random(3);
        float[] z = [0f, -0f, 1e-30f, MathF.PI / 2, -MathF.PI / 2, MathF.PI, 100.5f, -499.99f, 1000f, 999999.94f,
            .. Enumerable.Range(0, 30000).Select(_ => (2 * random.NextSingle() - 1) * MathF.Pow(10, 6 * random.NextSingle()))];
        (float[] sin, float[] cos) = FastSineProbe.Evaluate(path, z);
        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double error = Math.Max(Math.Abs(sin[i] - Math.Sin(z[i])), Math.Abs(cos[i] - Math.Cos(z[i])));
            if (error > worst) (worst, worstIndex) = (error, i);
        }
        // A few float roundings; the float32 evaluation of z itself is a larger error than this.
        Assert.True(worst < 2.5e-7, $"{path}: max error {worst:E3} at z = {z[worstIndex]:R}");
    }
}
