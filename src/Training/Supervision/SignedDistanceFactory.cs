using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Supervision;

/// <summary>Chooses the signed-distance source for an input shape.</summary>
public static class SignedDistanceFactory
{
    /// <summary>A <see cref="MeshSignedDistance"/> for a mesh, a <see cref="PointCloudSignedDistance"/> for a
    /// point cloud with normals, and null for a point cloud without normals (there is no sign to give; the
    /// trainer then trains without distance supervision).</summary>
    public static ISignedDistance? For(InputGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.IsMesh) return new MeshSignedDistance(geometry.Positions, geometry.Triangles);
        if (geometry.Normals is { } normals) return new PointCloudSignedDistance(geometry.Positions, normals);
        return null;
    }
}
