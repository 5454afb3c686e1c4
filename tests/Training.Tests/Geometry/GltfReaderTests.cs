using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

public sealed class GltfReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly Vector3 s_shift = new(10, 5, 0);       // Group (0, 5, 0) ∘ Shifted (10, 0, 0)
    private static readonly Vector3 s_otherScene = new(0, 0, 100);

    private static Vector3 Mirror(Vector3 p) => new(-p.X - 10, p.Y, p.Z);   // translation (-10, 0, 0) ∘ scale (-1, 1, 1)

    /// <summary>The unit cube's 8 positions (float32 VEC3) followed by its 36 indices (uint16).</summary>
    private static byte[] CubeBuffer()
    {
        var bytes = new byte[96 + 72];
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(12 * i), UnitCube.Corners[i].X);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(12 * i + 4), UnitCube.Corners[i].Y);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(12 * i + 8), UnitCube.Corners[i].Z);
        }
        for (int i = 0; i < 36; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(96 + 2 * i), (ushort)UnitCube.Triangles[i]);
        return bytes;
    }

    /// <summary>
    /// Scene 0 holds a group translated by (0, 5, 0) with a cube instance translated by (10, 0, 0) under it,
    /// a mirrored cube instance, and a mesh of lines and points; scene 1 holds one more cube instance.
    /// </summary>
    /// <param name="bufferUri">The buffer's uri; null for a GLB's binary chunk.</param>
    /// <param name="defaultScene">Whether to mark scene 0 as the default.</param>
    private static string CubeJson(string? bufferUri, bool defaultScene = true) => $$"""
        {
          "asset": { "version": "2.0", "generator": "NeuralSdf tests" },
          {{(defaultScene ? "\"scene\": 0," : "")}}
          "scenes": [ { "nodes": [0, 2, 3] }, { "nodes": [4] } ],
          "nodes": [
            { "name": "Group", "translation": [0, 5, 0], "children": [1] },
            { "name": "Shifted", "translation": [10, 0, 0], "mesh": 0 },
            { "name": "Mirrored", "translation": [-10, 0, 0], "scale": [-1, 1, 1], "mesh": 0 },
            { "name": "Wire", "mesh": 1 },
            { "name": "OtherScene", "translation": [0, 0, 100], "mesh": 0 }
          ],
          "meshes": [
            { "name": "Cube", "primitives": [ { "attributes": { "POSITION": 0 }, "indices": 1 } ] },
            { "name": "LinesAndPoints", "primitives": [
              { "attributes": { "POSITION": 0 }, "indices": 1, "mode": 1 },
              { "attributes": { "POSITION": 0 }, "mode": 0 } ] }
          ],
          "buffers": [ { {{(bufferUri is null ? "" : $"\"uri\": \"{bufferUri}\", ")}}"byteLength": 168 } ],
          "bufferViews": [
            { "buffer": 0, "byteOffset": 0, "byteLength": 96, "target": 34962 },
            { "buffer": 0, "byteOffset": 96, "byteLength": 72, "target": 34963 }
          ],
          "accessors": [
            { "bufferView": 0, "componentType": 5126, "count": 8, "type": "VEC3", "min": [0, 0, 0], "max": [1, 1, 1] },
            { "bufferView": 1, "componentType": 5123, "count": 36, "type": "SCALAR" }
          ]
        }
        """;

    private static string DataUri(byte[] bytes) => "data:application/octet-stream;base64," + Convert.ToBase64String(bytes);

    /// <summary>A GLB container: 12-byte header, a JSON chunk padded with spaces, a BIN chunk padded with zeros.</summary>
    private static byte[] Glb(string json, byte[] bin)
    {
        byte[] jsonChunk = Encoding.UTF8.GetBytes(json.PadRight((Encoding.UTF8.GetByteCount(json) + 3) / 4 * 4));
        byte[] binChunk = [.. bin, .. new byte[(4 - bin.Length % 4) % 4]];
        var glb = new byte[12 + 8 + jsonChunk.Length + 8 + binChunk.Length];
        Span<byte> s = glb;
        BinaryPrimitives.WriteUInt32LittleEndian(s, 0x46546C67);   // "glTF"
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], (uint)glb.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], (uint)jsonChunk.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], 0x4E4F534A);   // "JSON"
        jsonChunk.CopyTo(s[20..]);
        int bin0 = 20 + jsonChunk.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(s[bin0..], (uint)binChunk.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(bin0 + 4)..], 0x004E4942);   // "BIN\0"
        binChunk.CopyTo(s[(bin0 + 8)..]);
        return glb;
    }

    /// <summary>The corners of every triangle of <paramref name="g"/> from <paramref name="first"/>, three per triangle.</summary>
    private static Vector3[] Corners(InputGeometry g, int first, int count) =>
        [.. g.Triangles.AsSpan(3 * first, 3 * count).ToArray().Select(i => g.Positions[i])];

    private static InputGeometry Part(InputGeometry g, int first, int count) =>
        new($"{g.SourcePath} part", g.Positions, g.Triangles[(3 * first)..(3 * (first + count))], null);

    /// <summary>The default scene: the shifted cube, then the mirrored one with its winding reversed.</summary>
    private static void AssertIsTheDefaultScene(InputGeometry g)
    {
        Assert.Equal(16, g.VertexCount);
        Assert.Equal(24, g.TriangleCount);
        Assert.Equal(UnitCube.Soup().Select(p => p + s_shift), Corners(g, 0, 12));
        Vector3[] mirroredReversed = [.. UnitCube.Triangles.Chunk(3).SelectMany(t => new[] { t[0], t[2], t[1] }).Select(i => Mirror(UnitCube.Corners[i]))];
        Assert.Equal(mirroredReversed, Corners(g, 12, 12));
        GeometryAssert.ClosedAndConsistentlyWound(g);
        Assert.Equal(1.0, GeometryAssert.SignedVolume(Part(g, 0, 12)), 1e-9);
        Assert.Equal(1.0, GeometryAssert.SignedVolume(Part(g, 12, 12)), 1e-9);
    }

    [Fact]
    public void MergesTheDefaultScenesInstancesWithWorldTransformsAndCounterClockwiseWinding()
    {
        string path = _temp.Write("scene.gltf", CubeJson(DataUri(CubeBuffer())));

        InputGeometry g = GltfReader.Read(path);

        AssertIsTheDefaultScene(g);
        Assert.Equal(new Vector3(-11, 0, 0), g.Bounds.Min);
        Assert.Equal(new Vector3(11, 6, 1), g.Bounds.Max);
    }

    [Fact]
    public void GlbGivesTheSameMeshAsGltf()
    {
        InputGeometry gltf = GltfReader.Read(_temp.Write("scene.gltf", CubeJson(DataUri(CubeBuffer()))));
        InputGeometry glb = GltfReader.Read(_temp.Write("scene.glb", Glb(CubeJson(bufferUri: null), CubeBuffer())));

        AssertIsTheDefaultScene(glb);
        Assert.Equal(gltf.Positions, glb.Positions);
        Assert.Equal(gltf.Triangles, glb.Triangles);
    }

    [Fact]
    public void WithoutADefaultSceneEveryScenesInstancesAreMerged()
    {
        string path = _temp.Write("scenes.gltf", CubeJson(DataUri(CubeBuffer()), defaultScene: false));

        InputGeometry g = GltfReader.Read(path);

        Assert.Equal(24, g.VertexCount);
        Assert.Equal(36, g.TriangleCount);
        Assert.Equal(UnitCube.Soup().Select(p => p + s_otherScene), Corners(g, 24, 12));
        Assert.Equal(3.0, GeometryAssert.SignedVolume(g), 1e-9);
    }

    [Fact]
    public void ReadsAnExternalBufferNextToTheFile()
    {
        _temp.Write("cube data.bin", CubeBuffer());
        string path = _temp.Write("external.gltf", CubeJson("cube%20data.bin"));

        AssertIsTheDefaultScene(GeometryReader.Read(path));
    }

    [Fact]
    public void MissingExternalBufferNamesTheFileAndTheBuffer()
    {
        string path = _temp.Write("orphan.gltf", CubeJson("missing.bin"));

        GeometryAssert.Fails(path, null, "refers to 'missing.bin', which is not there", Path.Combine(_temp.FullPath, "missing.bin"));
    }

    [Theory]
    [InlineData("broken.gltf", "{ \"asset\": { \"version\": \"2.0\" }, \"nodes\": [ ")]
    [InlineData("garbage.gltf", "this is not JSON\nat all\n")]
    [InlineData("garbage.glb", "glTF but not really a binary container")]
    public void InvalidContentGivesOneLineNamingTheFile(string name, string content)
    {
        string path = _temp.Write(name, content);

        GeometryFormatException e = GeometryAssert.Fails(path, null, "not valid glTF: ");
        Assert.DoesNotContain("glTF-Validator", e.Message);   // SharpGLTF's advice, appended to every error
    }

    [Fact]
    public void RequiredExtensionThatIsNotSupportedIsNamed()
    {
        string json = CubeJson(DataUri(CubeBuffer())).Replace(
            "\"asset\"", "\"extensionsUsed\": [\"KHR_draco_mesh_compression\"], \"extensionsRequired\": [\"KHR_draco_mesh_compression\"], \"asset\"");
        string path = _temp.Write("draco.gltf", json);

        GeometryAssert.Fails(path, null, "requires extensions this reader does not support: KHR_draco_mesh_compression");
    }

    [Fact]
    public void SceneWithOnlyLinesAndPointsFails()
    {
        string json = CubeJson(DataUri(CubeBuffer())).Replace("\"nodes\": [0, 2, 3]", "\"nodes\": [3]");
        string path = _temp.Write("wire.gltf", json);

        GeometryAssert.Fails(path, null, "1 mesh instance(s) have no triangles");
    }

    [Fact]
    public void EmptyFileFails()
    {
        GeometryAssert.Fails(_temp.Write("empty.glb", ""), null, "the file is empty");
    }
}
