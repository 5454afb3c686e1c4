using NeuralSdf.Hosting;
using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Viewer;

/// <summary>
/// A first-person camera: a position, a heading (yaw about +Y, 0 looks down −Z, positive turns right) and a pitch
/// (positive looks up, kept within ±89°). Moves in its own frame at <see cref="Speed"/> units per second, so the
/// distance moved depends on how long a key is held, not on the frame rate.
/// </summary>
public sealed class FlyCamera
{
    private const float MaxPitch = 89f * MathF.PI / 180f;

    /// <summary>Creates a camera at <paramref name="position"/> looking along <paramref name="forward"/>.</summary>
    public FlyCamera(Vector3 position, Vector3 forward, float speed, float fovDegrees = 45f)
    {
        Position = position;
        LookAlong(forward);
        Speed = speed;
        FovDegrees = fovDegrees;
    }

    /// <summary>Where the camera is.</summary>
    public Vector3 Position { get; set; }

    /// <summary>Heading in radians about +Y; 0 looks down −Z, positive turns right.</summary>
    public float Yaw { get; private set; }

    /// <summary>Pitch in radians; positive looks up.</summary>
    public float Pitch { get; private set; }

    /// <summary>Movement speed in world units per second.</summary>
    public float Speed { get; set; }

    /// <summary>Vertical field of view in degrees.</summary>
    public float FovDegrees { get; }

    /// <summary>Radians turned per pixel of mouse movement.</summary>
    public float LookSensitivity { get; set; } = 0.004f;

    /// <summary>The unit view direction.</summary>
    public Vector3 Forward => new(MathF.Cos(Pitch) * MathF.Sin(Yaw), MathF.Sin(Pitch), -MathF.Cos(Pitch) * MathF.Cos(Yaw));

    /// <summary>The unit direction to the camera's right, level with the ground.</summary>
    public Vector3 Right => new(MathF.Cos(Yaw), 0f, MathF.Sin(Yaw));

    /// <summary>Turns the camera to look along <paramref name="direction"/> (need not be unit length).</summary>
    public void LookAlong(Vector3 direction)
    {
        Vector3 d = Vector3.Normalize(direction);
        Pitch = Math.Clamp(MathF.Asin(Math.Clamp(d.Y, -1f, 1f)), -MaxPitch, MaxPitch);
        Yaw = MathF.Atan2(d.X, -d.Z);
    }

    /// <summary>
    /// Moves for <paramref name="seconds"/> along <paramref name="direction"/> given in the camera's frame
    /// (x right, y world up, z forward; each component −1..1) at <see cref="Speed"/> times <paramref name="speedFactor"/>.
    /// </summary>
    public void Move(Vector3 direction, float seconds, float speedFactor = 1f)
    {
        if (direction == Vector3.Zero || !(seconds > 0)) return;
        Vector3 world = Right * direction.X + Vector3.UnitY * direction.Y + Forward * direction.Z;
        Position += Vector3.Normalize(world) * (Speed * speedFactor * seconds);
    }

    /// <summary>Turns by a mouse movement in pixels (x right, y down, as window coordinates run).</summary>
    public void Look(Vector2 pixels)
    {
        Yaw += pixels.X * LookSensitivity;
        Pitch = Math.Clamp(Pitch - pixels.Y * LookSensitivity, -MaxPitch, MaxPitch);
    }

    /// <summary>Places the camera so <paramref name="bounds"/> fills the view from <see cref="CameraSetup.DefaultDirection"/>.</summary>
    public void Frame(BoundingBox bounds, float aspect)
    {
        CameraSetup framed = CameraSetup.Frame(bounds, FovDegrees, aspect);
        Position = framed.Eye;
        LookAlong(framed.Target - framed.Eye);
    }

    /// <summary>The view matrix (row-vector convention, as <see cref="Matrix4x4.CreateLookAt"/>).</summary>
    public Matrix4x4 ViewMatrix() => Matrix4x4.CreateLookAt(Position, Position + Forward, Vector3.UnitY);

    /// <summary>A perspective projection whose near and far planes enclose <paramref name="scene"/> (see <see cref="CameraSetup.ProjectionMatrix"/>).</summary>
    public Matrix4x4 ProjectionMatrix(float aspect, BoundingBox scene) =>
        new CameraSetup(Position, Position + Forward, FovDegrees).ProjectionMatrix(aspect, scene);
}
