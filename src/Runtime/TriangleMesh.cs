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
        if (indices.Length % 3 != 0)
            throw new ArgumentException($"Index count {indices.Length} is not a multiple of 3.", nameof(indices));
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)positions.Length)
                throw new ArgumentException($"Index {indices[i]} at {i} is outside the {positions.Length} positions.", nameof(indices));
        }
        Positions = positions;
        Indices = indices;
    }

    /// <summary>Vertex positions.</summary>
    public Vector3[] Positions { get; }

    /// <summary>Triangle corner indices, three per triangle, counter-clockwise seen from outside.</summary>
    public int[] Indices { get; }

    /// <summary>The number of triangles.</summary>
    public int TriangleCount => Indices.Length / 3;
}
