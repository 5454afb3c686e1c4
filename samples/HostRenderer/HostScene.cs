using NeuralSdf.Hosting;
using System.Numerics;
using NeuralSdf.Runtime;
using Silk.NET.OpenGL;

namespace NeuralSdf.Samples.HostRenderer;

/// <summary>
/// A host engine's frame with a neural SDF embedded: its own ground plane and two cubes, one between the camera and
/// the SDF and one behind it, each overlapping the SDF's silhouette, so occlusion is visible in both directions.
/// </summary>
public sealed class HostScene : IDisposable
{
    private readonly GL _gl;
    private readonly ColoredMesh _ground;
    private readonly ColoredMesh _cubes;

    /// <summary>Lays the scene out around <paramref name="model"/>'s world bounds and frames it for <paramref name="aspect"/>.</summary>
    public HostScene(GL gl, SdfModel model, float aspect)
    {
        _gl = gl;
        Model = model;
        BoundingBox bounds = model.Bounds;
        float size = bounds.Diagonal;
        Vector3 center = bounds.Center;
        Vector3 toEye = CameraSetup.DefaultDirection;
        Vector3 right = Vector3.Normalize(Vector3.Cross(Vector3.UnitY, toEye));

        Vector3 front = center + toEye * (0.75f * size) + right * (0.25f * size);
        FrontCube = new BoundingBox(front - new Vector3(0.12f * size), front + new Vector3(0.12f * size));
        Vector3 back = center - toEye * (0.8f * size) - right * (0.35f * size);
        BackCube = new BoundingBox(back - new Vector3(0.3f * size), back + new Vector3(0.3f * size));
        float groundY = Math.Min(bounds.Min.Y, BackCube.Min.Y) - 0.02f * size;

        _ground = new ColoredMesh(gl, ColoredMesh.Ground(center, 1.5f * size, groundY, new Vector3(0.45f, 0.5f, 0.45f)).ToList());
        _cubes = new ColoredMesh(gl,
            ColoredMesh.Box(FrontCube.Min, FrontCube.Max, new Vector3(0.85f, 0.25f, 0.2f))
                .Concat(ColoredMesh.Box(BackCube.Min, BackCube.Max, new Vector3(0.2f, 0.35f, 0.85f))).ToList());

        Vector3[] extent = [bounds.Min, bounds.Max, FrontCube.Min, FrontCube.Max, BackCube.Min, BackCube.Max];
        BoundingBox framed = BoundingBox.Of(extent);
        var camera = CameraSetup.Frame(framed, 40f, aspect);
        View = camera.ViewMatrix();
        var everything = new BoundingBox(framed.Min - new Vector3(1.5f * size, 0, 1.5f * size), framed.Max + new Vector3(1.5f * size, 0, 1.5f * size));
        Projection = camera.ProjectionMatrix(aspect, everything);
    }

    /// <summary>The neural shape, drawn at its own coordinates (world = identity).</summary>
    public SdfModel Model { get; }

    /// <summary>The cube between the camera and the SDF.</summary>
    public BoundingBox FrontCube { get; }

    /// <summary>The cube behind the SDF.</summary>
    public BoundingBox BackCube { get; }

    /// <summary>The camera's view matrix (System.Numerics row-vector convention).</summary>
    public Matrix4x4 View { get; }

    /// <summary>The camera's projection matrix.</summary>
    public Matrix4x4 Projection { get; }

    /// <summary>
    /// The host's frame: clear, ground, then the neural SDF, then the cubes — rasterized geometry both before and after
    /// the SDF, so depth has to work in both directions. Draws into the bound framebuffer and viewport.
    /// </summary>
    public void DrawFrame(SdfRenderer renderer)
    {
        Clear();
        DrawGround();
        renderer.Draw(Model, Matrix4x4.Identity, View, Projection);
        DrawCubes();
    }

    /// <summary>Clears color to a sky tone (alpha 0, so the tests can tell background) and depth to 1.</summary>
    public void Clear()
    {
        _gl.ClearColor(0.55f, 0.65f, 0.8f, 0f);
        _gl.ClearDepth(1.0);
        _gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
        _gl.Enable(EnableCap.DepthTest);
        _gl.DepthFunc(DepthFunction.Less);
    }

    /// <summary>Draws the ground plane, depth-tested.</summary>
    public void DrawGround() => _ground.Draw(View, Projection);

    /// <summary>Draws both cubes, depth-tested.</summary>
    public void DrawCubes() => _cubes.Draw(View, Projection);

    /// <summary>Deletes the meshes.</summary>
    public void Dispose()
    {
        _ground.Dispose();
        _cubes.Dispose();
    }
}
