using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Viewer;

/// <summary>
/// One model placed in a scene: scaled uniformly, rotated by Euler angles in degrees (about X, then Y, then Z),
/// then moved by <paramref name="Position"/>.
/// </summary>
/// <param name="ModelPath">The model file (.nsdf).</param>
/// <param name="Position">Translation in world units, applied last.</param>
/// <param name="RotationDegrees">Rotations about X, Y and Z in degrees, applied in that order.</param>
/// <param name="Scale">Uniform scale, applied first.</param>
public sealed record SceneObject(string ModelPath, Vector3 Position, Vector3 RotationDegrees, float Scale)
{
    /// <summary>The world matrix (row-vector convention): scale, then the rotations, then the translation.</summary>
    public Matrix4x4 World =>
        Matrix4x4.CreateScale(Scale) *
        Matrix4x4.CreateRotationX(Radians(RotationDegrees.X)) *
        Matrix4x4.CreateRotationY(Radians(RotationDegrees.Y)) *
        Matrix4x4.CreateRotationZ(Radians(RotationDegrees.Z)) *
        Matrix4x4.CreateTranslation(Position);

    /// <summary>The axis-aligned box around <paramref name="modelBounds"/> after <see cref="World"/>.</summary>
    public BoundingBox WorldBounds(BoundingBox modelBounds)
    {
        Span<Vector3> corners = stackalloc Vector3[8];
        Matrix4x4 world = World;
        for (int i = 0; i < 8; i++)
        {
            var corner = new Vector3((i & 1) == 0 ? modelBounds.Min.X : modelBounds.Max.X,
                (i & 2) == 0 ? modelBounds.Min.Y : modelBounds.Max.Y,
                (i & 4) == 0 ? modelBounds.Min.Z : modelBounds.Max.Z);
            corners[i] = Vector3.Transform(corner, world);
        }
        return BoundingBox.Of(corners);
    }

    private static float Radians(float degrees) => degrees * MathF.PI / 180f;
}
