using System.Numerics;
using System.Text.Json;

namespace NeuralSdf.Viewer;

/// <summary>
/// Reads a scene file: JSON with an <c>objects</c> array, each with a <c>model</c> path (relative paths are taken
/// from the scene file's folder) and optional <c>position</c> <c>[x, y, z]</c> (default 0), <c>rotation</c>
/// <c>[x, y, z]</c> in degrees (default 0) and <c>scale</c> (default 1).
/// <code>
/// { "objects": [ { "model": "bunny.nsdf", "position": [0, 0, 0], "rotation": [0, 90, 0], "scale": 1 } ] }
/// </code>
/// </summary>
public static class SceneFile
{
    /// <summary>Reads the objects of the scene file at <paramref name="path"/>.</summary>
    /// <exception cref="SceneFormatException">The file is not valid JSON or does not describe a scene.</exception>
    public static IReadOnlyList<SceneObject> Read(string path)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("objects", out JsonElement objects) || objects.ValueKind != JsonValueKind.Array)
                throw new SceneFormatException($"{path}: expected an object with an \"objects\" array");
            var result = new List<SceneObject>();
            foreach (JsonElement item in objects.EnumerateArray())
                result.Add(ReadObject(path, folder, result.Count, item));
            if (result.Count == 0) throw new SceneFormatException($"{path}: the \"objects\" array is empty");
            return result;
        }
        catch (JsonException e)
        {
            throw new SceneFormatException($"{path}: not valid JSON: {e.Message}");
        }
    }

    private static SceneObject ReadObject(string path, string folder, int index, JsonElement item)
    {
        string where = $"{path}: objects[{index}]";
        if (item.ValueKind != JsonValueKind.Object) throw new SceneFormatException($"{where} is not an object");
        if (!item.TryGetProperty("model", out JsonElement model) || model.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(model.GetString()))
            throw new SceneFormatException($"{where} needs a \"model\" path");
        Vector3 position = Vector(item, "position", where) ?? Vector3.Zero;
        Vector3 rotation = Vector(item, "rotation", where) ?? Vector3.Zero;
        float scale = 1f;
        if (item.TryGetProperty("scale", out JsonElement s))
        {
            if (s.ValueKind != JsonValueKind.Number || !(s.GetSingle() > 0) || !float.IsFinite(s.GetSingle()))
                throw new SceneFormatException($"{where}.scale must be a positive number; got {s.GetRawText()}");
            scale = s.GetSingle();
        }
        return new SceneObject(Path.GetFullPath(model.GetString()!, folder), position, rotation, scale);
    }

    private static Vector3? Vector(JsonElement item, string name, string where)
    {
        if (!item.TryGetProperty(name, out JsonElement value)) return null;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 3 ||
            value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || !float.IsFinite(v.GetSingle())))
            throw new SceneFormatException($"{where}.{name} must be three numbers [x, y, z]; got {value.GetRawText()}");
        float[] v = value.EnumerateArray().Select(e => e.GetSingle()).ToArray();
        return new Vector3(v[0], v[1], v[2]);
    }
}
