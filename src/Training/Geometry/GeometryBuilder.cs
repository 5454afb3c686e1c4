using System.Numerics;
using NeuralSdf.Runtime;
using static NeuralSdf.Training.Geometry.TextNumbers;

namespace NeuralSdf.Training.Geometry;

/// <summary>Collects what a reader finds and turns it into an <see cref="InputGeometry"/>.</summary>
internal sealed class GeometryBuilder
{
    private readonly List<Vector3> _positions;
    private readonly List<Vector3>? _normals;
    private readonly List<int> _triangles;

    public GeometryBuilder(bool hasNormals, int expectedVertices = 0, int expectedTriangles = 0)
    {
        // Counts come from headers we have not checked against the file yet: cap the guess.
        _positions = new List<Vector3>(Math.Min(expectedVertices, 1 << 20));
        _normals = hasNormals ? new List<Vector3>(Math.Min(expectedVertices, 1 << 20)) : null;
        _triangles = new List<int>(Math.Min(expectedTriangles, 1 << 20) * 3);
    }

    public int VertexCount => _positions.Count;

    public bool HasNormals => _normals is not null;

    public void AddPosition(Vector3 position) => _positions.Add(position);

    public void AddNormal(Vector3 normal) => _normals!.Add(normal);

    public void AddTriangle(int a, int b, int c)
    {
        _triangles.Add(a);
        _triangles.Add(b);
        _triangles.Add(c);
    }

    /// <summary>Splits a convex polygon into a fan of triangles around its first corner.</summary>
    public void AddPolygon(ReadOnlySpan<int> corners)
    {
        for (int i = 2; i < corners.Length; i++) AddTriangle(corners[0], corners[i - 1], corners[i]);
    }

    /// <summary>Names which coordinate of a vertex is not finite, or returns null when all are. Check <see cref="Vector3Extensions.IsFinite"/> first on hot paths: building <paramref name="what"/> costs more than the test.</summary>
    public static string? NonFinite(Vector3 v, string what)
    {
        if (!float.IsFinite(v.X)) return Invariant($"{what} has a non-finite coordinate (x = {v.X}); coordinates must be finite numbers");
        if (!float.IsFinite(v.Y)) return Invariant($"{what} has a non-finite coordinate (y = {v.Y}); coordinates must be finite numbers");
        if (!float.IsFinite(v.Z)) return Invariant($"{what} has a non-finite coordinate (z = {v.Z}); coordinates must be finite numbers");
        return null;
    }

    /// <summary>
    /// The finished geometry. Normals are normalized; if any has zero length or a non-finite component
    /// the whole set is dropped (the file's normals are then treated as absent: callers estimate them).
    /// </summary>
    public InputGeometry Build(string name)
    {
        Vector3[] positions = _positions.ToArray();
        Vector3[]? normals = null;
        if (_normals is not null)
        {
            normals = _normals.ToArray();
            for (int i = 0; i < normals.Length; i++)
            {
                // Scale by the largest component first, so tiny or huge vectors normalize without under- or overflow.
                Vector3 n = normals[i];
                float largest = MathF.Max(MathF.Abs(n.X), MathF.Max(MathF.Abs(n.Y), MathF.Abs(n.Z)));
                if (!(largest > 0f) || !float.IsFinite(largest))
                {
                    normals = null;
                    break;
                }
                normals[i] = Vector3.Normalize(n / largest);
            }
        }
        return new InputGeometry(name, positions, _triangles.ToArray(), normals);
    }
}
