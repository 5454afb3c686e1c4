using System.Numerics;
using NeuralSdf.Training.Supervision;

namespace NeuralSdf.Training.Tests.Supervision;

/// <summary>The far-field expansion converges at its order: truncating after the second-order term leaves an
/// error falling as (radius/distance)³ relative to the dipole, i.e. 32× per doubling of the distance (a
/// dipole alone gives 8×, a first-order expansion 16×).</summary>
public sealed class FarFieldExpansionTests
{
    [Fact]
    public void ErrorAgainstTheExactSumFallsFasterThan24xPerDoublingOfDistance()
    {
        TriangleBvh patch = BumpyPatch();
        Vector3 direction = Vector3.Normalize(new Vector3(0.3f, -0.5f, 0.8f));
        Vector3 middle = new(0.15f, 0.15f, 0.03f);

        double[] errors = [.. new[] { 0.6f, 1.2f, 2.4f }.Select(d =>
        {
            Vector3 q = middle + d * direction;
            return Math.Abs(patch.WindingNumber(q) - (double)patch.ExactWindingNumber(q));
        })];

        Assert.True(errors[0] > 0, "the query should be in the far field of the root, where the expansion is not exact");
        Assert.True(errors[0] / errors[1] > 24 && errors[1] / errors[2] > 24,
            $"errors at distances 0.6, 1.2, 2.4: {string.Join(", ", errors.Select(e => e.ToString("E2")))}; ratios {errors[0] / errors[1]:F1}, {errors[1] / errors[2]:F1}");
    }

    /// <summary>A 6×6 grid of 0.3 × 0.3, bent and jittered so that no moment vanishes by symmetry.</summary>
    private static TriangleBvh BumpyPatch()
    {
        var random = new Random(4);
        const int n = 6;
        var positions = new List<Vector3>();
        for (int i = 0; i <= n; i++)
        {
            for (int j = 0; j <= n; j++)
            {
                float u = i / (float)n, v = j / (float)n;
                positions.Add(0.3f * new Vector3(u, v, 0.3f * MathF.Sin(3 * u) * v + 0.05f * random.NextSingle()));
            }
        }
        var triangles = new List<int>();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                int a = i * (n + 1) + j, b = a + n + 1;
                triangles.AddRange([a, b, a + 1, a + 1, b, b + 1]);
            }
        }
        return new TriangleBvh(positions.ToArray(), triangles.ToArray(), flip: false);
    }
}
