using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Training.Geometry;

/// <summary>
/// What a geometry file holds, as read: positions, triangles (none for a point cloud) and per-vertex
/// normals where the file has them. Coordinates are as in the file, not normalized.
/// </summary>
public sealed class InputGeometry
{
    /// <summary>Creates the geometry; checks that there is at least one finite position, that the triangle
    /// index count is a multiple of three with every index in range, and that normals (if any) are one
    /// finite unit vector per position.</summary>
    public InputGeometry(string sourcePath, Vector3[] positions, int[] triangles, Vector3[]? normals)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(triangles);
        if (positions.Length == 0)
            throw new ArgumentException("Geometry needs at least one position; got none.", nameof(positions));
        for (int i = 0; i < positions.Length; i++)
        {
            if (!positions[i].IsFinite())
                throw new ArgumentException($"Position {i} is {positions[i]}; coordinates must be finite.", nameof(positions));
        }
        TriangleMesh.ValidateIndices(triangles, positions.Length, nameof(triangles));
        if (normals is not null)
        {
            if (normals.Length != positions.Length)
                throw new ArgumentException($"There are {normals.Length} normals for {positions.Length} positions; expected one per position.", nameof(normals));
            for (int i = 0; i < normals.Length; i++)
            {
                float length = normals[i].Length();
                if (!normals[i].IsFinite() || MathF.Abs(length - 1f) > 1e-3f)
                    throw new ArgumentException($"Normal {i} is {normals[i]} with length {length}; expected a unit vector.", nameof(normals));
            }
        }
        SourcePath = sourcePath;
        Positions = positions;
        Triangles = triangles;
        Normals = normals;
    }

    /// <summary>The file this geometry was read from, as the caller named it.</summary>
    public string SourcePath { get; }

    /// <summary>Vertex positions, in the file's order and units.</summary>
    public Vector3[] Positions { get; }

    /// <summary>Triangle corner indices into <see cref="Positions"/>, three per triangle, in the file's winding;
    /// polygons are split into fans. Empty for a point cloud.</summary>
    public int[] Triangles { get; }

    /// <summary>Per-vertex unit normals, one per position, when the file gives them; otherwise null.
    /// Readers also leave this null when any of the file's normals has zero length or is not finite, so
    /// that callers estimate normals rather than trust a partial set.</summary>
    public Vector3[]? Normals { get; }

    /// <summary>True when the file has faces; false for a point cloud.</summary>
    public bool IsMesh => Triangles.Length > 0;

    /// <summary>The number of vertices (points).</summary>
    public int VertexCount => Positions.Length;

    /// <summary>The number of triangles after fan triangulation; zero for a point cloud.</summary>
    public int TriangleCount => Triangles.Length / 3;

    /// <summary>The smallest axis-aligned box around all positions.</summary>
    public BoundingBox Bounds => BoundingBox.Of(Positions);

    /// <summary>The triangles as a <see cref="TriangleMesh"/>; throws for a point cloud.</summary>
    public TriangleMesh ToTriangleMesh()
    {
        if (!IsMesh)
            throw new InvalidOperationException($"{SourcePath} is a point cloud ({VertexCount} points, no faces); it has no triangle mesh.");
        return new TriangleMesh(Positions, Triangles);
    }
}
