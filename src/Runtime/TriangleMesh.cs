using System.Numerics;

namespace NeuralSdf.Runtime;

/// <summary>An indexed triangle mesh: three indices into <see cref="Positions"/> per triangle.</summary>
public sealed class TriangleMesh
{
    /// <summary>Creates a mesh; checks that the index count is a multiple of three and every index is in range.</summary>
    public TriangleMesh(Vector3[] positions, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(indices);
        ValidateIndices(indices, positions.Length, nameof(indices));
        Positions = positions;
        Indices = indices;
    }

    /// <summary>Vertex positions.</summary>
    public Vector3[] Positions { get; }

    /// <summary>Triangle corner indices, three per triangle, counter-clockwise seen from outside.</summary>
    public int[] Indices { get; }

    /// <summary>The number of triangles.</summary>
    public int TriangleCount => Indices.Length / 3;

    /// <summary>
    /// Checks that <paramref name="indices"/> holds whole triangles (a multiple of three) and that every index
    /// addresses one of <paramref name="positionCount"/> positions; throws <see cref="ArgumentException"/> naming
    /// <paramref name="parameterName"/>, the first bad index and the allowed range.
    /// </summary>
    public static void ValidateIndices(ReadOnlySpan<int> indices, int positionCount, string parameterName)
    {
        if (indices.Length % 3 != 0)
            throw new ArgumentException($"Triangle index count {indices.Length} is not a multiple of 3.", parameterName);
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)positionCount)
                throw new ArgumentException(
                    $"Triangle index {indices[i]} at {i} is outside the {positionCount} positions (allowed 0..{positionCount - 1}).",
                    parameterName);
        }
    }
}
