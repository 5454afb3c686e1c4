using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Viewer;

namespace NeuralSdf.Viewer.Tests;

public sealed class FlyCameraTests
{
    [Fact]
    public void TheDistanceMovedDependsOnTheTimeHeldNotOnTheFrameCount()
    {
        var oneFrame = new FlyCamera(new Vector3(1, 2, 3), new Vector3(1, -0.5f, -2), speed: 2.5f);
        var manyFrames = new FlyCamera(new Vector3(1, 2, 3), new Vector3(1, -0.5f, -2), speed: 2.5f);
        var direction = new Vector3(1, 0, 1); // forward and right together
        oneFrame.Move(direction, 0.6f);
        for (int i = 0; i < 60; i++) manyFrames.Move(direction, 0.01f);
        Assert.True(Vector3.Distance(oneFrame.Position, manyFrames.Position) < 1e-4f, $"{oneFrame.Position} vs {manyFrames.Position}");
        // 0.6 s at 2.5 units/s.
        Assert.Equal(1.5f, Vector3.Distance(new Vector3(1, 2, 3), oneFrame.Position), 4);
    }

    [Fact]
    public void ForwardFollowsTheLookDirectionAndRightIsLevelAndPerpendicular()
    {
        var direction = Vector3.Normalize(new Vector3(-2, 1, 0.5f));
        var camera = new FlyCamera(Vector3.Zero, direction, 1f);
        Assert.True(Vector3.Distance(direction, camera.Forward) < 1e-5f, $"{camera.Forward}");
        Assert.Equal(0f, camera.Right.Y);
        Assert.Equal(0f, Vector3.Dot(camera.Right, camera.Forward), 5);
        // Right-handed, +Y up: forward × up points right.
        Assert.True(Vector3.Distance(Vector3.Normalize(Vector3.Cross(camera.Forward, Vector3.UnitY)), camera.Right) < 1e-5f);
    }

    [Fact]
    public void KeysMoveInTheCamerasFrame()
    {
        var camera = new FlyCamera(Vector3.Zero, -Vector3.UnitZ, 1f);
        camera.Move(new Vector3(0, 0, 1), 1f); // W: along −Z
        Assert.True(Vector3.Distance(new Vector3(0, 0, -1), camera.Position) < 1e-5f, $"{camera.Position}");
        camera.Move(new Vector3(1, 0, 0), 1f); // D: along +X
        camera.Move(new Vector3(0, 1, 0), 1f, speedFactor: 4f); // E with Shift: 4 units up
        Assert.True(Vector3.Distance(new Vector3(1, 4, -1), camera.Position) < 1e-5f, $"{camera.Position}");
    }

    [Fact]
    public void MouseRightTurnsRightMouseDownLooksDownAndPitchStopsShortOfVertical()
    {
        var camera = new FlyCamera(Vector3.Zero, -Vector3.UnitZ, 1f) { LookSensitivity = 0.01f };
        camera.Look(new Vector2(10, 0));
        Assert.True(camera.Forward.X > 0, $"{camera.Forward}");
        camera.Look(new Vector2(0, 20));
        Assert.True(camera.Forward.Y < 0, $"{camera.Forward}");
        camera.Look(new Vector2(0, 100_000));
        Assert.InRange(camera.Pitch * 180 / MathF.PI, -89.001f, -88.999f);
    }

    [Fact]
    public void TheViewMatrixPutsThePointAheadOnTheNegativeZAxis()
    {
        var camera = new FlyCamera(new Vector3(3, 1, -2), new Vector3(0.3f, 0.2f, 1f), 1f);
        Vector3 ahead = camera.Position + 5f * camera.Forward;
        Vector3 inView = Vector3.Transform(ahead, camera.ViewMatrix());
        Assert.True(Vector3.Distance(new Vector3(0, 0, -5), inView) < 1e-4f, $"{inView}");
    }

    [Fact]
    public void FramePutsTheBoundsCentreInTheMiddleOfTheView()
    {
        var bounds = new BoundingBox(new Vector3(-1, 0, 2), new Vector3(3, 1, 4));
        var camera = new FlyCamera(new Vector3(100, 0, 0), Vector3.UnitX, 1f);
        camera.Frame(bounds, 4f / 3f);
        Vector3 centre = Vector3.Transform(bounds.Center, camera.ViewMatrix());
        Assert.True(MathF.Abs(centre.X) < 1e-4f && MathF.Abs(centre.Y) < 1e-4f && centre.Z < 0, $"{centre}");
    }
}
