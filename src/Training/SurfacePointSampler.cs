using System.Numerics;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training;

/// <summary>
/// Draws points on a surface with their normals: area-weighted on a mesh's triangles (face normals),
/// or picked uniformly from a point cloud (its normals, if the file had them). For a shell around a mesh, the points lie
/// on the shell's two sides instead: moved by its half-thickness along the normal, to either side at random, with the
/// normal facing away from the surface.
/// </summary>
public sealed class SurfacePointSampler
{
    private readonly Vector3[] _positions;
    private readonly int[] _triangles;
    private readonly Vector3[]? _pointNormals;
    private readonly double[] _cumulativeArea = [];
    private readonly float _shellHalfThickness;

    /// <summary>Prepares sampling of <paramref name="geometry"/>, first mapping every position through <paramref name="transform"/>.</summary>
    /// <param name="geometry">The surface.</param>
    /// <param name="transform">Applied to every position first.</param>
    /// <param name="shellHalfThickness">For a mesh, the half-thickness of a shell around it (in transformed units) to sample the sides of; 0 for the surface itself.</param>
    public SurfacePointSampler(InputGeometry geometry, Func<Vector3, Vector3> transform, float shellHalfThickness = 0)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (shellHalfThickness < 0 || (shellHalfThickness > 0 && !geometry.IsMesh))
            throw new ArgumentOutOfRangeException(nameof(shellHalfThickness), shellHalfThickness, "A shell is sampled around a mesh, with a non-negative half-thickness.");
        _shellHalfThickness = shellHalfThickness;
        _positions = geometry.Positions.Select(transform).ToArray();
        _triangles = geometry.Triangles;
        _pointNormals = geometry.Normals;
        if (geometry.IsMesh)
        {
            _cumulativeArea = new double[_triangles.Length / 3];
            double sum = 0;
            for (int t = 0; t < _cumulativeArea.Length; t++)
            {
                sum += 0.5 * Cross(t).Length();
                _cumulativeArea[t] = sum;
            }
            if (!(sum > 0)) throw new TrainingInputException($"{geometry.SourcePath}: every triangle has zero area");
        }
    }

    /// <summary>Whether samples come with normals: always for meshes, for point clouds when the file has them.</summary>
    public bool HasNormals => _triangles.Length > 0 || _pointNormals is not null;

    /// <summary>Fills <paramref name="points"/> and, when <see cref="HasNormals"/>, <paramref name="normals"/> (unit length).</summary>
    public void Sample(Random random, Span<Vector3> points, Span<Vector3> normals)
    {
        if (_triangles.Length == 0)
        {
            for (int i = 0; i < points.Length; i++)
            {
                int pick = random.Next(_positions.Length);
                points[i] = _positions[pick];
                if (_pointNormals is not null) normals[i] = _pointNormals[pick];
            }
            return;
        }
        double total = _cumulativeArea[^1];
        for (int i = 0; i < points.Length; i++)
        {
            int t = Array.BinarySearch(_cumulativeArea, random.NextDouble() * total);
            if (t < 0) t = Math.Min(~t, _cumulativeArea.Length - 1);
            float u = random.NextSingle(), v = random.NextSingle();
            if (u + v > 1) { u = 1 - u; v = 1 - v; } // fold the far half of the unit square back into the triangle
            Vector3 a = _positions[_triangles[3 * t]], b = _positions[_triangles[3 * t + 1]], c = _positions[_triangles[3 * t + 2]];
            points[i] = a + u * (b - a) + v * (c - a);
            normals[i] = Vector3.Normalize(Cross(t));
            if (_shellHalfThickness > 0)
            {
                if (random.Next(2) == 0) normals[i] = -normals[i];
                points[i] += _shellHalfThickness * normals[i];
            }
        }
    }

    private Vector3 Cross(int t)
    {
        Vector3 a = _positions[_triangles[3 * t]], b = _positions[_triangles[3 * t + 1]], c = _positions[_triangles[3 * t + 2]];
        return Vector3.Cross(b - a, c - a);
    }
}
