using System.Numerics;
using System.Text.RegularExpressions;

namespace NeuralSdf.Runtime.Tests;

public sealed class SdfDistanceGridTests
{
    [Fact]
    public void TheLatticeSpansTheTracedBoxInCubicCellsWithTheModelsDistanceAtEveryVertex()
    {
        SdfModel model = TestModels.RandomSiren(61, 16, 16);
        SdfDistanceGrid grid = model.DistanceGrid;
        Vector3 size = model.Bounds.Size, margin = new(0.01f * size.Length());
        Vector3 boxMin = model.Bounds.Min - margin, boxMax = model.Bounds.Max + margin;

        Assert.Equal(boxMin, grid.Origin);
        Assert.Equal(64, Math.Max(grid.SizeX, Math.Max(grid.SizeY, grid.SizeZ)));
        Vector3 far = grid.Origin + grid.CellSize * new Vector3(grid.SizeX - 1, grid.SizeY - 1, grid.SizeZ - 1);
        // The last vertex on each axis is at or just past the box's far side, never short of it.
        for (int axis = 0; axis < 3; axis++)
            Assert.InRange(far[axis] - boxMax[axis], -1e-4f * size.Length(), grid.CellSize);
        Assert.Equal(grid.SizeX * grid.SizeY * grid.SizeZ, grid.Distances.Length);

        var random = new Random(5);
        for (int n = 0; n < 50; n++)
        {
            (int i, int j, int k) = (random.Next(grid.SizeX), random.Next(grid.SizeY), random.Next(grid.SizeZ));
            Vector3 vertex = boxMin + grid.CellSize * new Vector3(i, j, k);
            Assert.Equal(model.Distance(vertex), grid[i, j, k], 1e-5f);
        }
        Assert.Same(grid, model.DistanceGrid);
    }

    [Fact]
    public void EachVertexsLocalBoundHoldsForTheGradientWithinItsReach()
    {
        // The fitted torus is flat (its bounds are 3.6 times thinner than wide): the reach must not shrink to nothing.
        SdfModel model = SdfModel.Load(RepositoryFiles.Path("samples", "HostRenderer", "torus.nsdf"));
        SdfDistanceGrid grid = model.DistanceGrid;
        Assert.True(grid.LocalReach >= grid.CellSize, $"reach {grid.LocalReach} against a cell of {grid.CellSize}");
        var random = new Random(9);
        int checkedPoints = 0, broken = 0, tighter = 0;
        for (int n = 0; n < 3000; n++)
        {
            (int i, int j, int k) = (random.Next(grid.SizeX), random.Next(grid.SizeY), random.Next(grid.SizeZ));
            Vector3 vertex = grid.Origin + grid.CellSize * new Vector3(i, j, k);
            // A point nearest to the vertex, then one within the reach of it.
            Vector3 x = vertex + grid.CellSize * (new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle()) - new Vector3(0.5f));
            Vector3 direction = Vector3.Normalize(new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle()) - new Vector3(0.5f));
            Vector3 y = x + grid.LocalReach * random.NextSingle() * direction;
            if (Vector3.Clamp(y, model.Bounds.Min, model.Bounds.Max) != y) continue;
            checkedPoints++;
            float bound = grid.LipschitzBounds[(k * grid.SizeY + j) * grid.SizeX + i];
            if (model.Gradient(y).Length() > bound) broken++;
            if (bound < model.LipschitzBound) tighter++;
        }
        Assert.True(checkedPoints > 1000 && broken == 0 && tighter > checkedPoints / 2,
            $"{checkedPoints} points: the local bound broken at {broken}, tighter than the global {model.LipschitzBound:F2} at {tighter}");
    }

    [Fact]
    public void TheTracersBoxMarginIsTheGridsMargin()
    {
        // The shader clips rays to the box the grid spans; the two constants must agree.
        string shader = File.ReadAllText(RepositoryFiles.Path("shaders", "sphere_trace.frag.glsl"));
        Match margin = Regex.Match(shader, @"const float kBoxMargin = ([0-9.]+);");
        Assert.True(margin.Success, "kBoxMargin not found in sphere_trace.frag.glsl");
        Assert.Equal(SdfDistanceGrid.BoxMargin, float.Parse(margin.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
