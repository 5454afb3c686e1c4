using System.Numerics;
using NeuralSdf.Runtime;

namespace NeuralSdf.Hosting.Tests;

public sealed class CameraSetupTests
{
    [Theory]
    [InlineData(45f, 1f)]
    [InlineData(30f, 2.5f)]
    [InlineData(60f, 0.4f)]
    public void FramePutsEveryCornerOfTheBoxInsideTheViewVolume(float fov, float aspect)
    {
        var bounds = new BoundingBox(new Vector3(-3f, 10f, 2f), new Vector3(1f, 11f, 8f));
        CameraSetup camera = CameraSetup.Frame(bounds, fov, aspect);
        Matrix4x4 viewProjection = camera.ViewMatrix() * camera.ProjectionMatrix(aspect, bounds);
        float largest = 0;
        for (int i = 0; i < 8; i++)
        {
            var corner = new Vector3((i & 1) == 0 ? bounds.Min.X : bounds.Max.X, (i & 2) == 0 ? bounds.Min.Y : bounds.Max.Y, (i & 4) == 0 ? bounds.Min.Z : bounds.Max.Z);
            Vector4 clip = Vector4.Transform(new Vector4(corner, 1f), viewProjection);
            Vector3 ndc = new Vector3(clip.X, clip.Y, clip.Z) / clip.W;
            Assert.True(clip.W > 0 && MathF.Abs(ndc.X) <= 1 && MathF.Abs(ndc.Y) <= 1 && MathF.Abs(ndc.Z) <= 1, $"corner {corner} lands at NDC {ndc}");
            largest = MathF.Max(largest, MathF.Max(MathF.Abs(ndc.X), MathF.Abs(ndc.Y)));
        }
        Assert.True(largest > 0.4f, $"the box fills only {largest:P0} of the half-screen: framed too loosely");
        Assert.Equal(bounds.Center, camera.Target);
        Assert.Equal(CameraSetup.DefaultDirection, Vector3.Normalize(camera.Eye - camera.Target), new Vector3EqualityWithin(1e-5f));
    }

    [Fact]
    public void ProjectionIsOpenglStyleWithNearAtMinusOne()
    {
        Matrix4x4 projection = CameraSetup.Perspective(MathF.PI / 2, 1f, 0.5f, 10f);
        Vector4 near = Vector4.Transform(new Vector4(0, 0, -0.5f, 1), projection);
        Vector4 far = Vector4.Transform(new Vector4(0, 0, -10f, 1), projection);
        Assert.Equal(-1f, near.Z / near.W, 5);
        Assert.Equal(1f, far.Z / far.W, 5);
    }

    [Fact]
    public void LookingStraightDownStillGivesAFiniteView()
    {
        var camera = new CameraSetup(new Vector3(0, 5, 0), Vector3.Zero, 45f);
        Matrix4x4 view = camera.ViewMatrix();
        Assert.True(float.IsFinite(view.M11) && float.IsFinite(view.M22) && float.IsFinite(view.M33), view.ToString());
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new CameraSetup(Vector3.One, Vector3.One, 45f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CameraSetup(Vector3.Zero, Vector3.One, 180f));
        Assert.Throws<ArgumentException>(() => CameraSetup.Frame(new BoundingBox(Vector3.One, Vector3.One), 45f, 1f));
    }

    private sealed class Vector3EqualityWithin(float tolerance) : IEqualityComparer<Vector3>
    {
        public bool Equals(Vector3 a, Vector3 b) => Vector3.Distance(a, b) <= tolerance;

        public int GetHashCode(Vector3 v) => 0;
    }
}
