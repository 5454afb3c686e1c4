namespace NeuralSdf.Runtime.Tests.Meshing;

public class MarchingCubesTablesTests
{
    [Fact]
    public void EachCaseTriangulatesExactlyTheEdgesItCrosses()
    {
        for (int caseIndex = 0; caseIndex < 256; caseIndex++)
        {
            int crossed = 0;
            for (int e = 0; e < MarchingCubesTables.EdgeCount; e++)
            {
                var (low, high) = MarchingCubesTables.EdgeCorners(e);
                Assert.Equal(1, System.Numerics.BitOperations.PopCount((uint)(low ^ high)));
                if ((caseIndex >> low & 1) != (caseIndex >> high & 1)) crossed |= 1 << e;
            }
            Assert.Equal(crossed, MarchingCubesTables.EdgeMasks[caseIndex]);

            int used = 0, start = MarchingCubesTables.TriangleStarts[caseIndex], end = MarchingCubesTables.TriangleStarts[caseIndex + 1];
            Assert.Equal(0, (end - start) % 3);
            for (int n = start; n < end; n++) used |= 1 << MarchingCubesTables.TriangleEdges[n];
            Assert.True(used == crossed, $"case {caseIndex}: crosses edges {crossed:X3} but its triangles use {used:X3}");
        }
    }

    [Fact]
    public void CaseSizesMatchClassicMarchingCubes()
    {
        // Bourke's table: the empty and full cases have no triangles, no case has more than five.
        var counts = new int[6];
        for (int c = 0; c < 256; c++)
            counts[(MarchingCubesTables.TriangleStarts[c + 1] - MarchingCubesTables.TriangleStarts[c]) / 3]++;
        Assert.Equal(5, MarchingCubesTables.MaxTrianglesPerCase);
        Assert.Equal(2, counts[0]);
        Assert.Equal(16, counts[1]); // one corner in or out: 8 + 8
    }
}
