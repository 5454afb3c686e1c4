using NeuralSdf.Runtime;
using System.Buffers;
using System.Numerics;
using static NeuralSdf.Training.Geometry.TextNumbers;

namespace NeuralSdf.Training.Geometry;

/// <summary>
/// Reads Wavefront OBJ: <c>v x y z</c> vertices (an optional w or vertex colour is ignored) and
/// <c>f</c> faces with <c>i</c>, <c>i/t</c>, <c>i//n</c> or <c>i/t/n</c> corners, 1-based or negative
/// (relative) indices; polygons become triangle fans. Normals, texture coordinates, groups, materials,
/// lines and points are ignored. A file with vertices but no faces is a point cloud.
/// </summary>
public static class ObjReader
{
    /// <summary>Reads the OBJ file at <paramref name="path"/>.</summary>
    /// <exception cref="GeometryFormatException">The file is missing or its content is not valid OBJ.</exception>
    public static InputGeometry Read(string path) => GeometryReader.ReadFile(path, Read);

    /// <summary>Reads OBJ text from <paramref name="stream"/>; <paramref name="nameForErrors"/> names it in messages.</summary>
    /// <exception cref="GeometryFormatException">The content is not valid OBJ.</exception>
    public static InputGeometry Read(Stream stream, string nameForErrors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(nameForErrors);
        var reader = TextInput.Open(stream, nameForErrors);
        var builder = new GeometryBuilder(hasNormals: false);
        var corners = new List<int>(8);
        var joined = new ArrayBufferWriter<byte>();
        long maxIndexLine = 0;   // the line of the largest positive index, checked once all vertices are known
        int maxIndex = -1;       // 0-based
        bool sawAnyLine = false;

        while (reader.TryReadLine(out ReadOnlySpan<byte> line))
        {
            sawAnyLine = true;
            long lineNumber = reader.LineNumber;
            // A trailing backslash continues the statement on the next line.
            if (EndsWithContinuation(line))
            {
                joined.ResetWrittenCount();
                while (EndsWithContinuation(line))
                {
                    joined.Write(line[..line.TrimEnd(" \t"u8).LastIndexOf((byte)'\\')]);
                    joined.Write(" "u8);
                    if (!reader.TryReadLine(out line))
                    {
                        line = default;
                        break;
                    }
                }
                joined.Write(line);
                line = joined.WrittenSpan;
            }

            var tokens = new TextTokens(line, stripComment: true);
            if (!tokens.TryNext(out ReadOnlySpan<byte> keyword)) continue;

            if (keyword.SequenceEqual("v"u8))
            {
                Vector3 p = ReadVertex(ref tokens, reader.Name, lineNumber, builder.VertexCount + 1);
                builder.AddPosition(p);
            }
            else if (keyword.SequenceEqual("f"u8) || keyword.SequenceEqual("fo"u8))
            {
                corners.Clear();
                while (tokens.TryNext(out ReadOnlySpan<byte> corner))
                {
                    int index = ReadCorner(corner, reader.Name, lineNumber, builder.VertexCount);
                    if (index > maxIndex)
                    {
                        maxIndex = index;
                        maxIndexLine = lineNumber;
                    }
                    corners.Add(index);
                }
                if (corners.Count < 3)
                    throw GeometryFormatException.AtLine(reader.Name, lineNumber,
                        Invariant($"face has {corners.Count} corner(s); a face needs at least 3"));
                builder.AddPolygon(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(corners));
            }
            // Everything else (vn vt vp o g s usemtl mtllib l p, curves and surfaces) does not change the shape we fit.
        }

        if (!sawAnyLine) throw new GeometryFormatException(reader.Name, null, "the file is empty");
        if (builder.VertexCount == 0)
            throw new GeometryFormatException(reader.Name, null, "the file has no vertices (no 'v x y z' lines)");
        // OBJ allows a face to name a vertex defined later in the file, so positive indices are checked here.
        if (maxIndex >= builder.VertexCount)
            throw GeometryFormatException.AtLine(reader.Name, maxIndexLine,
                Invariant($"face refers to vertex {maxIndex + 1:N0}, but the file has {builder.VertexCount:N0} vertices"));
        return builder.Build(reader.Name);
    }

    private static bool EndsWithContinuation(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> trimmed = line.TrimEnd(" \t"u8);
        return trimmed.Length > 0 && trimmed[^1] == (byte)'\\' && trimmed.IndexOf((byte)'#') < 0;
    }

    private static Vector3 ReadVertex(ref TextTokens tokens, string name, long line, int vertexNumber)
    {
        Span<float> xyz = stackalloc float[3];
        for (int axis = 0; axis < 3; axis++)
        {
            if (!tokens.TryNext(out ReadOnlySpan<byte> token))
                throw GeometryFormatException.AtLine(name, line,
                    Invariant($"vertex {vertexNumber:N0} has {axis} coordinate(s); 'v' needs x, y and z"));
            if (!TryParseFloat(token, out xyz[axis]))
                throw GeometryFormatException.AtLine(name, line,
                    Invariant($"{Quote(token)} is not a number (vertex {vertexNumber:N0}, {"xyz"[axis]} coordinate)"));
        }
        var p = new Vector3(xyz[0], xyz[1], xyz[2]);
        if (!p.IsFinite() && GeometryBuilder.NonFinite(p, Invariant($"vertex {vertexNumber:N0}")) is { } problem)
            throw GeometryFormatException.AtLine(name, line, problem);
        return p;
    }

    /// <summary>The 0-based vertex index of one face corner (<c>i</c>, <c>i/t</c>, <c>i//n</c>, <c>i/t/n</c>).</summary>
    private static int ReadCorner(ReadOnlySpan<byte> corner, string name, long line, int verticesSoFar)
    {
        int slash = corner.IndexOf((byte)'/');
        ReadOnlySpan<byte> text = slash >= 0 ? corner[..slash] : corner;
        if (!TextNumbers.TryParseLong(text, out long index))
            throw GeometryFormatException.AtLine(name, line,
                Invariant($"{Quote(corner)} is not a face corner; expected a vertex index like 7, 7/2, 7//3 or 7/2/3"));
        if (index == 0)
            throw GeometryFormatException.AtLine(name, line, "face refers to vertex 0, but OBJ vertex indices start at 1 (or count back from -1)");
        if (index < 0)
        {
            long absolute = verticesSoFar + index;
            if (absolute < 0)
                throw GeometryFormatException.AtLine(name, line,
                    Invariant($"face refers to vertex {index:N0} (relative), but only {verticesSoFar:N0} vertices come before it"));
            return (int)absolute;
        }
        if (index > int.MaxValue)
            throw GeometryFormatException.AtLine(name, line,
                Invariant($"face refers to vertex {index:N0}, but the file has {verticesSoFar:N0} vertices so far"));
        return (int)(index - 1);
    }
}
