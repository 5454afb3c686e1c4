namespace NeuralSdf.Training.Geometry;

/// <summary>Reads a mesh or point cloud file, choosing the format by the file's extension.</summary>
public static class GeometryReader
{
    /// <summary>The extensions <see cref="Read"/> understands, lower case with the dot.</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = [".obj", ".off", ".ply", ".xyz", ".pwn", ".stl", ".gltf", ".glb"];

    /// <summary>
    /// Reads <paramref name="path"/> as OBJ, OFF, PLY, XYZ/PWN, STL, or glTF/GLB, by its extension (case-insensitive).
    /// </summary>
    /// <exception cref="GeometryFormatException">
    /// The extension is not supported, the file is missing or cannot be opened, or its content is invalid.
    /// The message is one line naming the file, the place in it and the problem.
    /// </exception>
    public static InputGeometry Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        Func<Stream, string, InputGeometry> read = extension switch
        {
            ".obj" => ObjReader.Read,
            ".off" => OffReader.Read,
            ".ply" => PlyReader.Read,
            ".xyz" or ".pwn" => XyzReader.Read,
            ".stl" => StlReader.Read,
            ".gltf" or ".glb" => GltfReader.Read,
            "" => throw new GeometryFormatException(path, null,
                $"the file name has no extension, so its format is unknown; supported: {string.Join(", ", SupportedExtensions)}"),
            _ => throw new GeometryFormatException(path, null,
                $"unknown extension '{Path.GetExtension(path)}'; supported: {string.Join(", ", SupportedExtensions)}"),
        };
        return ReadFile(path, read);
    }

    /// <summary>Opens <paramref name="path"/> for sequential reading and hands it to <paramref name="read"/>.</summary>
    internal static InputGeometry ReadFile(string path, Func<Stream, string, InputGeometry> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new GeometryFormatException(path, null, "is a directory, not a file");
        if (!File.Exists(path))
            throw new GeometryFormatException(path, null, $"file not found (looked for {Path.GetFullPath(path)})");
        FileStream stream;
        try
        {
            // The readers buffer for themselves; a FileStream buffer would only copy twice.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GeometryFormatException(path, null, $"cannot open the file: {e.Message}", e);
        }
        using (stream)
        {
            try
            {
                return read(stream, path);
            }
            catch (IOException e)
            {
                throw new GeometryFormatException(path, null, $"cannot read the file: {e.Message}", e);
            }
        }
    }
}
