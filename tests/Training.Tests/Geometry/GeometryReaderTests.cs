using NeuralSdf.Training.Geometry;

namespace NeuralSdf.Training.Tests.Geometry;

public sealed class GeometryReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("shape.OBJ", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")]
    [InlineData("shape.Off", "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n")]
    [InlineData("shape.Stl", "solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid t\n")]
    [InlineData("shape.GLTF", """{"asset":{"version":"2.0"},"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],"meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],"accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]}],"bufferViews":[{"buffer":0,"byteLength":36}],"buffers":[{"byteLength":36,"uri":"data:application/octet-stream;base64,AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAA"}]}""")]
    [InlineData("shape.PLY", "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n")]
    public void ChoosesTheReaderByExtensionIgnoringCase(string name, string content)
    {
        InputGeometry g = GeometryReader.Read(_temp.Write(name, content));

        Assert.Equal(3, g.VertexCount);
        Assert.Equal([0, 1, 2], g.Triangles);
    }

    [Theory]
    [InlineData("cloud.XYZ")]
    [InlineData("cloud.pwn")]
    public void ReadsPointListsAsXyz(string name)
    {
        InputGeometry g = GeometryReader.Read(_temp.Write(name, "0 0 0\n1 1 1\n"));

        Assert.Equal(2, g.VertexCount);
        Assert.False(g.IsMesh);
    }

    [Fact]
    public void UnknownExtensionListsTheSupportedOnes()
    {
        string path = _temp.Write("shape.fbx", "Kaydara FBX Binary");

        GeometryAssert.Fails(path, null, "unknown extension '.fbx'", "supported: .obj, .off, .ply, .xyz, .pwn, .stl, .gltf, .glb");
    }

    [Fact]
    public void MissingExtensionFails()
    {
        string path = _temp.Write("shape", "v 0 0 0\n");

        GeometryAssert.Fails(path, null, "no extension", "supported: .obj");
    }

    [Fact]
    public void MissingFileNamesTheFile()
    {
        string path = Path.Combine(_temp.FullPath, "nowhere", "missing.obj");

        GeometryAssert.Fails(path, null, "file not found", Path.GetFullPath(path));
    }

    [Fact]
    public void DirectoryIsNotAFile()
    {
        string path = Path.Combine(_temp.FullPath, "folder.obj");
        Directory.CreateDirectory(path);

        GeometryAssert.Fails(path, null, "is a directory");
    }

    [Theory]
    [InlineData("empty.obj")]
    [InlineData("empty.off")]
    [InlineData("empty.ply")]
    [InlineData("empty.xyz")]
    [InlineData("empty.pwn")]
    [InlineData("empty.stl")]
    [InlineData("empty.gltf")]
    [InlineData("empty.glb")]
    public void EmptyFileOfEveryFormatFails(string name)
    {
        GeometryAssert.Fails(_temp.Write(name, ""), null, "the file is empty");
    }

    [Fact]
    public void RelativePathIsReportedAsGiven()
    {
        string path = _temp.Write("relative.obj", "v 0 0 0\nv nope 0 0\n");
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);

        GeometryAssert.Fails(relative, "line 2", "'nope' is not a number");
    }
}
