using System.Numerics;
using NeuralSdf.Runtime;
using NeuralSdf.Viewer;

namespace NeuralSdf.Viewer.Tests;

public sealed class SceneFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nsdf-scene-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(_folder, "scene.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void ObjectsGetTheirPathsFromTheSceneFolderAndDefaultsForWhatIsLeftOut()
    {
        string path = Write("""
            { "objects": [
                { "model": "a.nsdf" },
                { "model": "sub/b.nsdf", "position": [1, 2, 3], "rotation": [0, 90, 0], "scale": 0.5 }, // comments are fine
            ] }
            """);
        IReadOnlyList<SceneObject> objects = SceneFile.Read(path);
        Assert.Equal(new SceneObject(Path.Combine(_folder, "a.nsdf"), Vector3.Zero, Vector3.Zero, 1f), objects[0]);
        Assert.Equal(new SceneObject(Path.Combine(_folder, "sub", "b.nsdf"), new Vector3(1, 2, 3), new Vector3(0, 90, 0), 0.5f), objects[1]);
    }

    [Fact]
    public void TheWorldMatrixScalesThenRotatesThenMoves()
    {
        var item = new SceneObject("m.nsdf", new Vector3(10, 0, 0), new Vector3(0, 90, 0), 2f);
        // (1, 0, 0) scaled to (2, 0, 0); 90° about +Y takes +X to −Z: (0, 0, −2); then moved by +10 in x.
        Vector3 p = Vector3.Transform(Vector3.UnitX, item.World);
        Assert.True(Vector3.Distance(new Vector3(10, 0, -2), p) < 1e-5f, $"{p}");
        BoundingBox box = item.WorldBounds(new BoundingBox(Vector3.Zero, Vector3.One));
        Assert.True(Vector3.Distance(new Vector3(10, 0, -2), box.Min) < 1e-5f && Vector3.Distance(new Vector3(12, 2, 0), box.Max) < 1e-5f, $"{box}");
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "\"objects\" array")]
    [InlineData("""{ "objects": [] }""", "empty")]
    [InlineData("""{ "objects": [ { "position": [0, 0, 0] } ] }""", "objects[0] needs a \"model\"")]
    [InlineData("""{ "objects": [ { "model": "a.nsdf", "position": [0, 0] } ] }""", "objects[0].position must be three numbers")]
    [InlineData("""{ "objects": [ { "model": "a.nsdf" }, { "model": "a.nsdf", "scale": 0 } ] }""", "objects[1].scale must be a positive number")]
    public void ABadSceneIsOneLineNamingTheFileAndTheProblem(string json, string expected)
    {
        string path = Write(json);
        var e = Assert.Throws<SceneFormatException>(() => SceneFile.Read(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AGridCentresEachCopyInItsCellAroundTheOrigin()
    {
        var a = new BoundingBox(new Vector3(4, 4, 4), new Vector3(6, 5, 8)); // centre (5, 4.5, 6), largest edge 4
        var b = new BoundingBox(new Vector3(-1, -1, -1), new Vector3(1, 1, 1));
        IReadOnlyList<SceneObject> grid = SceneGrid.Layout([("a", a), ("b", b)], columns: 3, rows: 2);
        Assert.Equal(["a", "b", "a", "b", "a", "b"], grid.Select(o => o.ModelPath));
        const float spacing = 5f; // 1.25 × the largest edge
        Vector3[] centres = grid.Select((o, i) => o.WorldBounds(i % 2 == 0 ? a : b)).Select(box => box.Center).ToArray();
        Vector3[] expected =
        [
            new(-spacing, 0, -spacing / 2), new(0, 0, -spacing / 2), new(spacing, 0, -spacing / 2),
            new(-spacing, 0, spacing / 2), new(0, 0, spacing / 2), new(spacing, 0, spacing / 2),
        ];
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Vector3.Distance(expected[i], centres[i]) < 1e-5f, $"copy {i}: centre {centres[i]}, expected {expected[i]}");
    }
}
