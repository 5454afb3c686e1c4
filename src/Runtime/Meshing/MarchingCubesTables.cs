using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>
/// The case tables of marching cubes (Lorensen &amp; Cline, SIGGRAPH 1987): for each of the 256 ways the eight
/// corners of a cell can lie inside or outside the surface, which cell edges the surface crosses and how the
/// crossings join into triangles.
/// </summary>
/// <remarks>
/// <para>
/// The tables play the role of Paul Bourke's public-domain <c>edgeTable</c>/<c>triTable</c>
/// (https://paulbourke.net/geometry/polygonise/), but are built here from a stated rule instead of typed in,
/// so that their two properties that matter can be read off the code rather than trusted:
/// </para>
/// <list type="number">
/// <item>Watertight. On each cell face the crossings are joined by a rule that looks only at that face's four
/// corners; the two cells sharing a face therefore cut it the same way. Where a face is ambiguous (two diagonal
/// corners inside, two outside) the inside corners are cut off separately.</item>
/// <item>Oriented. Each face segment is directed so that, seen from outside the cell, the inside corners lie on
/// its right; joined into loops and fanned into triangles, this makes every triangle counter-clockwise seen from
/// the outside (increasing distance), and makes the neighbouring cell walk the shared segment the other way.</item>
/// </list>
/// <para>
/// Numbering: corner <c>c</c> of a cell sits at <c>(c &amp; 1, (c &gt;&gt; 1) &amp; 1, (c &gt;&gt; 2) &amp; 1)</c>.
/// Edge <c>e</c> runs along axis <c>e / 4</c> (0 = x, 1 = y, 2 = z); bit 0 of <c>e % 4</c> is the lower of the
/// two other axes' coordinates, bit 1 the higher. A case index has bit <c>c</c> set where corner <c>c</c> is inside.
/// </para>
/// </remarks>
internal static class MarchingCubesTables
{
    /// <summary>The number of edges of a cell.</summary>
    public const int EdgeCount = 12;

    /// <summary>Per case, bit <c>e</c> is set where the surface crosses edge <c>e</c>.</summary>
    public static readonly ushort[] EdgeMasks = new ushort[256];

    /// <summary>Per case, where its triangles start in <see cref="TriangleEdges"/>; entry 256 is the total length.</summary>
    public static readonly int[] TriangleStarts = new int[257];

    /// <summary>Three edge numbers per triangle, counter-clockwise seen from outside, for all cases in order.</summary>
    public static readonly byte[] TriangleEdges;

    /// <summary>The largest number of triangles any case produces.</summary>
    public static readonly int MaxTrianglesPerCase;

    static MarchingCubesTables()
    {
        var edges = new List<byte>(256 * 12);
        int maxTriangles = 0;
        for (int caseIndex = 0; caseIndex < 256; caseIndex++)
        {
            TriangleStarts[caseIndex] = edges.Count;
            EdgeMasks[caseIndex] = CrossedEdges(caseIndex);
            int before = edges.Count;
            Triangulate(caseIndex, edges);
            maxTriangles = Math.Max(maxTriangles, (edges.Count - before) / 3);
        }
        TriangleStarts[256] = edges.Count;
        TriangleEdges = edges.ToArray();
        MaxTrianglesPerCase = maxTriangles;
    }

    /// <summary>The two corners edge <paramref name="edge"/> joins, lower corner first.</summary>
    public static (int Low, int High) EdgeCorners(int edge)
    {
        int axis = edge >> 2, bits = edge & 3;
        int lowerOther = bits & 1, higherOther = bits >> 1;
        int low = axis switch
        {
            0 => (lowerOther << 1) | (higherOther << 2),
            1 => lowerOther | (higherOther << 2),
            _ => lowerOther | (higherOther << 1),
        };
        return (low, low | (1 << axis));
    }

    /// <summary>The edge joining two corners that differ in exactly one coordinate.</summary>
    private static int EdgeBetween(int cornerA, int cornerB)
    {
        int low = Math.Min(cornerA, cornerB), axisBit = cornerA ^ cornerB;
        int axis = BitOperations.Log2((uint)axisBit);
        int lowerOther, higherOther;
        switch (axis)
        {
            case 0: lowerOther = (low >> 1) & 1; higherOther = (low >> 2) & 1; break;
            case 1: lowerOther = low & 1; higherOther = (low >> 2) & 1; break;
            default: lowerOther = low & 1; higherOther = (low >> 1) & 1; break;
        }
        return (axis << 2) | lowerOther | (higherOther << 1);
    }

    private static Vector3 CornerPosition(int corner) => new(corner & 1, (corner >> 1) & 1, (corner >> 2) & 1);

    private static Vector3 EdgeMidpoint(int edge)
    {
        var (low, high) = EdgeCorners(edge);
        return (CornerPosition(low) + CornerPosition(high)) * 0.5f;
    }

    private static bool IsInside(int caseIndex, int corner) => ((caseIndex >> corner) & 1) != 0;

    private static ushort CrossedEdges(int caseIndex)
    {
        int mask = 0;
        for (int e = 0; e < EdgeCount; e++)
        {
            var (low, high) = EdgeCorners(e);
            if (IsInside(caseIndex, low) != IsInside(caseIndex, high)) mask |= 1 << e;
        }
        return (ushort)mask;
    }

    /// <summary>The four corners of face (<paramref name="axis"/>, <paramref name="side"/>) in cyclic order.</summary>
    private static int[] FaceCorners(int axis, int side)
    {
        int u = axis == 0 ? 1 : 0, v = axis == 2 ? 1 : 2;
        int baseCorner = side << axis;
        return [baseCorner, baseCorner | (1 << u), baseCorner | (1 << u) | (1 << v), baseCorner | (1 << v)];
    }

    /// <summary>Bit <c>f</c> (face = 2·axis + side) is set for the two faces edge <paramref name="edge"/> lies on.</summary>
    private static int FacesOfEdge(int edge)
    {
        var (low, _) = EdgeCorners(edge);
        int axis = edge >> 2, mask = 0;
        for (int other = 0; other < 3; other++)
        {
            if (other == axis) continue;
            int side = (low >> other) & 1;
            mask |= 1 << (2 * other + side);
        }
        return mask;
    }

    private static void Triangulate(int caseIndex, List<byte> output)
    {
        // next[e] = the edge that follows e on the surface loop, or -1.
        Span<int> next = stackalloc int[EdgeCount];
        Span<int> incoming = stackalloc int[EdgeCount];
        next.Fill(-1);
        incoming.Clear();
        Span<int> faceEdges = stackalloc int[4];
        Span<bool> crossed = stackalloc bool[4];

        for (int axis = 0; axis < 3; axis++)
        {
            for (int side = 0; side < 2; side++)
            {
                int[] corners = FaceCorners(axis, side);
                int crossings = 0;
                for (int q = 0; q < 4; q++)
                {
                    faceEdges[q] = EdgeBetween(corners[q], corners[(q + 1) & 3]);
                    crossed[q] = IsInside(caseIndex, corners[q]) != IsInside(caseIndex, corners[(q + 1) & 3]);
                    if (crossed[q]) crossings++;
                }
                var outward = new Vector3(axis == 0 ? 1 : 0, axis == 1 ? 1 : 0, axis == 2 ? 1 : 0) * (side == 0 ? -1 : 1);
                if (crossings == 2)
                {
                    int first = crossed.IndexOf(true), second = crossed.LastIndexOf(true);
                    int insideCorner = corners[IsInside(caseIndex, corners[0]) ? 0 : (first + 1) & 3];
                    AddSegment(faceEdges[first], faceEdges[second], outward, insideCorner, next, incoming);
                }
                else if (crossings == 4)
                {
                    // Ambiguous face: cut each inside corner off on its own.
                    for (int q = 0; q < 4; q++)
                    {
                        if (!IsInside(caseIndex, corners[q])) continue;
                        AddSegment(faceEdges[(q + 3) & 3], faceEdges[q], outward, corners[q], next, incoming);
                    }
                }
            }
        }

        Span<bool> used = stackalloc bool[EdgeCount];
        used.Clear();
        Span<int> loop = stackalloc int[EdgeCount];
        for (int start = 0; start < EdgeCount; start++)
        {
            if (next[start] < 0 || used[start]) continue;
            int length = 0;
            for (int e = start; !used[e]; e = next[e])
            {
                if (next[e] < 0 || incoming[e] != 1)
                    throw new InvalidOperationException($"Marching cubes case {caseIndex}: edge {e} does not close a loop.");
                used[e] = true;
                loop[length++] = e;
            }
            EmitFan(loop[..length], output);
        }
    }

    /// <summary>Adds the face segment between two crossed edges, directed so that the inside corner is on its right seen from outside.</summary>
    private static void AddSegment(int edgeA, int edgeB, Vector3 outward, int insideCorner, Span<int> next, Span<int> incoming)
    {
        Vector3 a = EdgeMidpoint(edgeA), b = EdgeMidpoint(edgeB);
        Vector3 left = Vector3.Cross(outward, b - a);
        if (Vector3.Dot(left, CornerPosition(insideCorner) - a) > 0) (edgeA, edgeB) = (edgeB, edgeA);
        if (next[edgeA] >= 0)
            throw new InvalidOperationException($"Marching cubes table: edge {edgeA} starts two segments.");
        next[edgeA] = edgeB;
        incoming[edgeB]++;
    }

    /// <summary>
    /// Fans a loop into triangles from the vertex whose diagonals cross the fewest cell faces' planes; a diagonal
    /// between two edges of one face would lie in that face, where the neighbouring cell may use it too.
    /// </summary>
    private static void EmitFan(ReadOnlySpan<int> loop, List<byte> output)
    {
        int n = loop.Length, bestStart = 0, bestBad = int.MaxValue;
        for (int s = 0; s < n && bestBad > 0; s++)
        {
            int bad = 0;
            for (int i = 2; i < n - 1; i++)
            {
                if ((FacesOfEdge(loop[s]) & FacesOfEdge(loop[(s + i) % n])) != 0) bad++;
            }
            if (bad < bestBad) (bestBad, bestStart) = (bad, s);
        }
        for (int i = 1; i < n - 1; i++)
        {
            output.Add((byte)loop[bestStart]);
            output.Add((byte)loop[(bestStart + i) % n]);
            output.Add((byte)loop[(bestStart + i + 1) % n]);
        }
    }
}
