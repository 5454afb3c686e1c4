using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Hosting;

/// <summary>
/// A perspective camera given by eye, target and vertical field of view, with +Y up. Matrices use the
/// System.Numerics row-vector convention (<c>clip = p · view · projection</c>) and OpenGL's clip space
/// (depth −1 at the near plane, +1 at the far plane).
/// </summary>
public sealed class CameraSetup
{
    /// <summary>The direction from the target to the eye that <see cref="Frame"/> uses: a 3/4 view from the front right, a little above.</summary>
    public static readonly Vector3 DefaultDirection = Vector3.Normalize(new Vector3(1f, 0.6f, 1.4f));

    /// <summary>Creates a camera.</summary>
    /// <exception cref="ArgumentException">A point is not finite, or the eye is at the target.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The field of view is not strictly between 0 and 180 degrees.</exception>
    public CameraSetup(Vector3 eye, Vector3 target, float fovDegrees)
    {
        if (!eye.IsFinite()) throw new ArgumentException($"The eye {eye} is not finite.", nameof(eye));
        if (!target.IsFinite()) throw new ArgumentException($"The target {target} is not finite.", nameof(target));
        if (!(Vector3.Distance(eye, target) > 0)) throw new ArgumentException($"The eye and the target are the same point {eye}.", nameof(target));
        if (!(fovDegrees > 0 && fovDegrees < 180))
            throw new ArgumentOutOfRangeException(nameof(fovDegrees), fovDegrees, "The vertical field of view must lie strictly between 0 and 180 degrees.");
        Eye = eye;
        Target = target;
        FovDegrees = fovDegrees;
    }

    /// <summary>Where the camera is.</summary>
    public Vector3 Eye { get; }

    /// <summary>The point the camera looks at (the centre of the image).</summary>
    public Vector3 Target { get; }

    /// <summary>The vertical field of view in degrees.</summary>
    public float FovDegrees { get; }

    /// <summary>
    /// A camera looking at the centre of <paramref name="bounds"/> from <see cref="DefaultDirection"/>, far enough
    /// that the whole box (its bounding sphere) is in view for an image of the given aspect (width / height).
    /// </summary>
    public static CameraSetup Frame(BoundingBox bounds, float fovDegrees, float aspect)
    {
        float radius = Radius(bounds);
        if (!(fovDegrees > 0 && fovDegrees < 180))
            throw new ArgumentOutOfRangeException(nameof(fovDegrees), fovDegrees, "The vertical field of view must lie strictly between 0 and 180 degrees.");
        if (!(aspect > 0) || !float.IsFinite(aspect))
            throw new ArgumentOutOfRangeException(nameof(aspect), aspect, "The aspect ratio (width / height) must be positive.");
        float halfVertical = fovDegrees * MathF.PI / 360f;
        float halfHorizontal = MathF.Atan(aspect * MathF.Tan(halfVertical));
        float distance = radius / MathF.Sin(MathF.Min(halfVertical, halfHorizontal));
        return new CameraSetup(bounds.Center + DefaultDirection * distance, bounds.Center, fovDegrees);
    }

    /// <summary>The view matrix (world to eye space, looking down −Z). Uses +Z as up when looking straight up or down.</summary>
    public Matrix4x4 ViewMatrix()
    {
        Vector3 forward = Vector3.Normalize(Target - Eye);
        Vector3 up = MathF.Abs(Vector3.Dot(forward, Vector3.UnitY)) > 0.9999f ? Vector3.UnitZ : Vector3.UnitY;
        return Matrix4x4.CreateLookAt(Eye, Target, up);
    }

    /// <summary>
    /// An OpenGL perspective projection (clip depth −1..1) whose near and far planes enclose <paramref name="bounds"/>'s
    /// bounding sphere with a small margin; near is at least 1/1000 of far when the eye is inside it.
    /// </summary>
    public Matrix4x4 ProjectionMatrix(float aspect, BoundingBox bounds)
    {
        if (!(aspect > 0) || !float.IsFinite(aspect))
            throw new ArgumentOutOfRangeException(nameof(aspect), aspect, "The aspect ratio (width / height) must be positive.");
        float radius = 1.05f * Radius(bounds);
        float distance = Vector3.Distance(Eye, bounds.Center);
        float far = distance + radius;
        float near = MathF.Max(distance - radius, far * 1e-3f);
        return Perspective(FovDegrees * MathF.PI / 180f, aspect, near, far);
    }

    /// <summary>OpenGL's <c>gluPerspective</c> in row-vector form: eye-space z = −near maps to clip depth −1, −far to +1.</summary>
    public static Matrix4x4 Perspective(float fovRadians, float aspect, float near, float far)
    {
        float f = 1f / MathF.Tan(fovRadians / 2f);
        return new Matrix4x4(
            f / aspect, 0, 0, 0,
            0, f, 0, 0,
            0, 0, (far + near) / (near - far), -1,
            0, 0, 2 * far * near / (near - far), 0);
    }

    private static float Radius(BoundingBox bounds)
    {
        float radius = bounds.Diagonal / 2f;
        if (!(radius > 0) || !float.IsFinite(radius))
            throw new ArgumentException($"Cannot frame the box {bounds.Min}..{bounds.Max}: it must have a positive, finite size.", nameof(bounds));
        return radius;
    }
}
