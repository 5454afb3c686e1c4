using NeuralSdf.Runtime;
using System.Numerics;
using System.Text;
using System.Text.Json;
using SharpGLTF.Schema2;
using SharpGLTF.Validation;
using static NeuralSdf.Training.Geometry.TextNumbers;

namespace NeuralSdf.Training.Geometry;

/// <summary>
/// Reads glTF 2.0, as <c>.gltf</c> (JSON with embedded data URIs or external files) or <c>.glb</c> (binary
/// container), through SharpGLTF. Every triangle primitive (triangles, strips, fans) of every mesh instance in
/// the default scene (or, when none is marked default, in all scenes) is merged into one mesh, with the
/// node's world transform applied to its positions; under a mirroring transform (negative determinant) each
/// triangle's winding is reversed, so outward faces stay counter-clockwise. Points and lines, normals,
/// materials, skins, morph targets and animations are ignored.
/// </summary>
public static class GltfReader
{
    /// <summary>Reads the glTF or GLB file at <paramref name="path"/>; external buffers are looked for next to it.</summary>
    /// <exception cref="GeometryFormatException">
    /// The file or a file it refers to is missing, or the content is not valid glTF.
    /// </exception>
    public static InputGeometry Read(string path) => GeometryReader.ReadFile(path, Read);

    /// <summary>
    /// Reads glTF JSON or GLB from <paramref name="stream"/> (the format is told by the content);
    /// <paramref name="nameForErrors"/> names it in messages, and external files (buffers, images) are looked
    /// for relative to its folder.
    /// </summary>
    /// <exception cref="GeometryFormatException">
    /// A file it refers to is missing, or the content is not valid glTF.
    /// </exception>
    public static InputGeometry Read(Stream stream, string nameForErrors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(nameForErrors);
        if (!stream.CanSeek)
        {
            // SharpGLTF seeks back after looking at the first bytes to tell GLB from JSON.
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        if (stream.Length == stream.Position) throw new GeometryFormatException(nameForErrors, null, "the file is empty");

        try
        {
            (ModelRoot model, bool hasDefaultScene) = Load(stream, nameForErrors);
            return Merge(model, hasDefaultScene, nameForErrors);
        }
        catch (Exception e) when (e is not (GeometryFormatException or IOException or OutOfMemoryException))
        {
            // SharpGLTF reports bad content with many exception types (its ModelException family, and JSON,
            // format, argument, key and index errors from deeper down): all of them mean "not valid glTF".
            throw new GeometryFormatException(nameForErrors, null, Describe(e), e);
        }
    }

    /// <summary>The model, and whether the file names a default scene (SharpGLTF's DefaultScene falls back to scene 0).</summary>
    private static (ModelRoot Model, bool HasDefaultScene) Load(Stream stream, string name)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(name)) ?? Environment.CurrentDirectory;
        ReadContext context = ReadContext.Create(uri => ReadExternalFile(folder, uri, name));
        // Repair what can be repaired (e.g. missing accessor bounds) rather than refuse files that viewers show.
        context.Validation = ValidationMode.TryFix;
        bool hasDefaultScene = false;
        context.JsonPreprocessor = json =>
        {
            hasDefaultScene = HasTopLevelProperty(json, "scene"u8);
            return json;
        };
        ModelRoot model = context.ReadSchema2(stream);
        return (model, hasDefaultScene);
    }

    /// <summary>Whether the JSON object has the property at its top level; false for text that is not a JSON object.</summary>
    private static bool HasTopLevelProperty(string json, ReadOnlySpan<byte> property)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json),
            new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(property)) return true;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // SharpGLTF reports the broken JSON itself.
        }
        return false;
    }

    private static ArraySegment<byte> ReadExternalFile(string folder, string uri, string name)
    {
        string path = Path.Combine(folder, Uri.UnescapeDataString(uri));
        try
        {
            return new ArraySegment<byte>(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new GeometryFormatException(name, null, $"the file refers to '{uri}', which is not there (looked for {path})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GeometryFormatException(name, null, $"the file refers to '{uri}', which cannot be read: {e.Message}", e);
        }
    }

    /// <summary>SharpGLTF's message on one line, without the object prefix and the advice it appends to every error.</summary>
    private static string Describe(Exception e)
    {
        const int MaxLength = 300;
        string message = e.Message;
        int advice = message.IndexOf("Model generated by <", StringComparison.Ordinal);
        if (advice >= 0) message = message[..advice];
        if (message.StartsWith("ModelRoot ", StringComparison.Ordinal)) message = message["ModelRoot ".Length..];
        message = string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (message.StartsWith("Extensions: ", StringComparison.Ordinal))
            return $"the file requires extensions this reader does not support: {message["Extensions: ".Length..]}";
        if (message.Length == 0) message = e.GetType().Name;
        if (message.Length > MaxLength) message = message[..MaxLength] + "…";
        return $"not valid glTF: {message}";
    }

    private static InputGeometry Merge(ModelRoot model, bool hasDefaultScene, string name)
    {
        var builder = new GeometryBuilder(hasNormals: false);
        var remaps = new Dictionary<int, int[]>();
        int meshInstances = 0;
        var pending = new Stack<Node>(RootNodes(model, hasDefaultScene).Reverse());
        while (pending.Count > 0)
        {
            Node node = pending.Pop();
            foreach (Node child in node.VisualChildren.Reverse()) pending.Push(child);
            if (node.Mesh is not { } mesh) continue;
            meshInstances++;
            Matrix4x4 world = node.WorldMatrix;
            bool mirrored = world.GetDeterminant() < 0;
            // Primitives of one instance that share a position accessor share its vertices.
            remaps.Clear();
            for (int p = 0; p < mesh.Primitives.Count; p++)
            {
                MeshPrimitive primitive = mesh.Primitives[p];
                if (primitive.DrawPrimitiveType is not (PrimitiveType.TRIANGLES or PrimitiveType.TRIANGLE_STRIP or PrimitiveType.TRIANGLE_FAN))
                    continue;
                if (primitive.GetVertexAccessor("POSITION") is not { } accessor) continue;
                string where = Invariant($"node {node.LogicalIndex}{Named(node.Name)}, mesh {mesh.LogicalIndex}{Named(mesh.Name)}, primitive {p}");
                int[] remap = remaps.TryGetValue(accessor.LogicalIndex, out int[]? known) ? known : NewRemap(accessor.Count);
                remaps[accessor.LogicalIndex] = remap;
                var positions = accessor.AsVector3Array();
                foreach ((int a, int b, int c) in primitive.GetTriangleIndices())
                {
                    int ia = VertexOf(a), ib = VertexOf(b), ic = VertexOf(c);
                    if (mirrored) builder.AddTriangle(ia, ic, ib);
                    else builder.AddTriangle(ia, ib, ic);
                }

                int VertexOf(int index)
                {
                    if ((uint)index >= (uint)remap.Length)
                        throw new GeometryFormatException(name, where,
                            Invariant($"a triangle refers to vertex {index:N0}, but the primitive has {remap.Length:N0} positions"));
                    if (remap[index] < 0)
                    {
                        Vector3 position = Vector3.Transform(positions[index], world);
                        if (!position.IsFinite())
                            throw new GeometryFormatException(name, where,
                                GeometryBuilder.NonFinite(position, Invariant($"position {index:N0} (after the node's transform)"))!);
                        remap[index] = builder.VertexCount;
                        builder.AddPosition(position);
                    }
                    return remap[index];
                }
            }
        }
        if (builder.VertexCount == 0)
            throw new GeometryFormatException(name, null, meshInstances == 0
                ? "the scene has no mesh instances; there is nothing to read"
                : Invariant($"the scene's {meshInstances:N0} mesh instance(s) have no triangles (points and lines are skipped)"));
        return builder.Build(name);
    }

    /// <summary>A map from a primitive's vertex indices to the builder's, all unassigned (-1).</summary>
    private static int[] NewRemap(int count)
    {
        var remap = new int[count];
        Array.Fill(remap, -1);
        return remap;
    }

    /// <summary>The default scene's root nodes; without one, those of every scene; without scenes, every parentless node.</summary>
    private static IEnumerable<Node> RootNodes(ModelRoot model, bool hasDefaultScene)
    {
        if (hasDefaultScene && model.DefaultScene is { } scene) return scene.VisualChildren;
        if (model.LogicalScenes.Count > 0) return model.LogicalScenes.SelectMany(s => s.VisualChildren).Distinct();
        return model.LogicalNodes.Where(n => n.VisualParent is null);
    }

    private static string Named(string? name) => string.IsNullOrEmpty(name) ? "" : $" '{name}'";
}
