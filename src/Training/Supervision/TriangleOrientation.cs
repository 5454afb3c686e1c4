using System.Numerics;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Supervision;

/// <summary>
/// Makes every triangle of a mesh face outward, as the winding number sees it: a triangle whose normal points
/// to where the winding number is higher (inside) is flipped. This repairs meshes that are wound clockwise
/// (DirectX-style exports) or mixed, so that the normals the trainer supervises agree with the sign of the
/// signed distance.
/// </summary>
public static class TriangleOrientation
{
    // The probes sit two longest edges away from the centroid, so the triangle's own (possibly wrong) solid angle
    // hardly counts, but within 0.1–2 % of the diagonal so they stay on their side of thin parts.
    private const float EdgesAway = 2f, MinimumOffset = 1e-3f, MaximumOffset = 0.02f;

    /// <summary>The geometry with inward-facing triangles flipped, and how many were flipped.</summary>
    public static (InputGeometry Geometry, int Flipped) Outward(InputGeometry mesh, MeshSignedDistance field)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(field);
        int[] triangles = (int[])mesh.Triangles.Clone();
        Vector3[] positions = mesh.Positions;
        float diagonal = mesh.Bounds.Diagonal;
        int flipped = 0;
        Parallel.For(0, triangles.Length / 3, () => 0, (t, _, count) =>
        {
            Vector3 a = positions[triangles[3 * t]], b = positions[triangles[3 * t + 1]], c = positions[triangles[3 * t + 2]];
            Vector3 cross = Vector3.Cross(b - a, c - a);
            float length = cross.Length();
            if (!(length > 0)) return count;
            Vector3 centroid = (a + b + c) / 3, normal = cross / length;
            float longestEdge = MathF.Sqrt(MathF.Max(Vector3.DistanceSquared(a, b), MathF.Max(Vector3.DistanceSquared(b, c), Vector3.DistanceSquared(c, a))));
            float offset = Math.Clamp(EdgesAway * longestEdge, MinimumOffset * diagonal, MaximumOffset * diagonal);
            if (field.WindingNumber(centroid + offset * normal) <= field.WindingNumber(centroid - offset * normal)) return count;
            (triangles[3 * t + 1], triangles[3 * t + 2]) = (triangles[3 * t + 2], triangles[3 * t + 1]);
            return count + 1;
        }, count => Interlocked.Add(ref flipped, count));
        return flipped == 0 ? (mesh, 0) : (new InputGeometry(mesh.SourcePath, positions, triangles, mesh.Normals), flipped);
    }
}
