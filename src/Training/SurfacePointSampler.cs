using System.Numerics;
using NeuralSdf.Training.Geometry;
using NeuralSdf.Training.Supervision;

namespace NeuralSdf.Training;

/// <summary>
/// Draws points on a surface with their normals: area-weighted on a mesh's triangles (face normals),
/// or picked uniformly from a point cloud (its normals, if the file had them). For a shell around a mesh, the points lie
/// on the shell's two sides instead: moved by its half-thickness along the normal, to either side at random, with the
/// normal facing away from the surface; and where the surface has a rim, a share of them on the half-tube that closes
/// the shell there.
/// </summary>
public sealed class SurfacePointSampler
{
    private readonly Vector3[] _positions;
    private readonly int[] _triangles;
    private readonly Vector3[]? _pointNormals;
    private readonly TriangleFrame[] _frames = [];
    private readonly AliasTable? _areas;
    private readonly float _shellHalfThickness;
    private readonly RimSegment[] _rim = [];
    private readonly AliasTable? _rimLengths;

    /// <summary>
    /// The share of a shell's samples drawn on its rim. The half-tube there is a sliver of the shell's area, but it is
    /// where the shell is thinnest to the network (a sharp edge on every side): drawn by area, a 1-minute fit of an open
    /// hemisphere left pinholes along it.
    /// </summary>
    private const double RimShare = 0.1;

    /// <summary>A triangle as a corner, its two edges from it and its unit normal: what a sample reads, in one place.</summary>
    private readonly record struct TriangleFrame(Vector3 A, Vector3 AB, Vector3 AC, Vector3 Normal);

    /// <summary>A boundary edge from <paramref name="A"/> to <paramref name="B"/> of a triangle with unit normal
    /// <paramref name="Normal"/>; <paramref name="Outward"/> is the unit direction in its plane away from the triangle.</summary>
    private readonly record struct RimSegment(Vector3 A, Vector3 B, Vector3 Normal, Vector3 Outward);

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
            _frames = new TriangleFrame[_triangles.Length / 3];
            double[] areas = new double[_frames.Length];
            for (int t = 0; t < _frames.Length; t++)
            {
                Vector3 a = _positions[_triangles[3 * t]], cross = Cross(t);
                areas[t] = 0.5 * cross.Length();
                _frames[t] = new TriangleFrame(a, _positions[_triangles[3 * t + 1]] - a, _positions[_triangles[3 * t + 2]] - a,
                    areas[t] > 0 ? Vector3.Normalize(cross) : Vector3.UnitZ);
            }
            if (!(areas.Sum() > 0)) throw new TrainingInputException($"{geometry.SourcePath}: every triangle has zero area");
            _areas = new AliasTable(areas);
            if (shellHalfThickness > 0) (_rim, _rimLengths) = Rim(geometry);
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
        for (int i = 0; i < points.Length; i++)
        {
            if (_rimLengths is not null && random.NextDouble() < RimShare)
            {
                (points[i], normals[i]) = SampleRim(random);
                continue;
            }
            TriangleFrame triangle = _frames[_areas!.Sample(random)];
            float u = random.NextSingle(), v = random.NextSingle();
            if (u + v > 1) { u = 1 - u; v = 1 - v; } // fold the far half of the unit square back into the triangle
            points[i] = triangle.A + u * triangle.AB + v * triangle.AC;
            normals[i] = triangle.Normal;
            if (_shellHalfThickness > 0)
            {
                if (random.Next(2) == 0) normals[i] = -normals[i];
                points[i] += _shellHalfThickness * normals[i];
            }
        }
    }

    /// <summary>A point on the shell's half-tube around a boundary edge, and its outward normal.</summary>
    private (Vector3 Point, Vector3 Normal) SampleRim(Random random)
    {
        RimSegment segment = _rim[_rimLengths!.Sample(random)];
        float angle = (random.NextSingle() - 0.5f) * MathF.PI;
        Vector3 direction = MathF.Cos(angle) * segment.Outward + MathF.Sin(angle) * segment.Normal;
        return (segment.A + random.NextSingle() * (segment.B - segment.A) + _shellHalfThickness * direction, direction);
    }

    /// <summary>The boundary edges of the (transformed) mesh with their triangles' frames, and a table that draws them by length (null without any).</summary>
    private (RimSegment[] Segments, AliasTable? Lengths) Rim(InputGeometry geometry)
    {
        var segments = new List<RimSegment>();
        foreach ((int a, int b, int t) in SurfaceClosure.BoundaryEdgesOf(geometry))
        {
            Vector3 pa = _positions[a], pb = _positions[b], cross = Cross(t);
            if (!(cross.Length() > 0) || pa == pb) continue;
            Vector3 normal = Vector3.Normalize(cross), outward = Vector3.Normalize(Vector3.Cross(pb - pa, normal));
            // Away from the triangle: from the edge's midpoint, the triangle's centroid lies on the other side.
            Vector3 centroid = (_positions[_triangles[3 * t]] + _positions[_triangles[3 * t + 1]] + _positions[_triangles[3 * t + 2]]) / 3;
            if (Vector3.Dot(outward, centroid - (pa + pb) / 2) > 0) outward = -outward;
            segments.Add(new RimSegment(pa, pb, normal, outward));
        }
        return (segments.ToArray(), segments.Count == 0 ? null : new AliasTable(segments.Select(s => (double)Vector3.Distance(s.A, s.B)).ToList()));
    }

    private Vector3 Cross(int t)
    {
        Vector3 a = _positions[_triangles[3 * t]], b = _positions[_triangles[3 * t + 1]], c = _positions[_triangles[3 * t + 2]];
        return Vector3.Cross(b - a, c - a);
    }
}
