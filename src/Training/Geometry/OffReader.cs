using NeuralSdf.Runtime;
using System.Numerics;
using static NeuralSdf.Training.Geometry.TextNumbers;

namespace NeuralSdf.Training.Geometry;

/// <summary>
/// Reads Object File Format text (Geomview OFF): an <c>OFF</c>, <c>COFF</c>, <c>NOFF</c>, <c>CNOFF</c>
/// or <c>STOFF</c>-style header (optional), a <c>vertices faces [edges]</c> line, one vertex per line
/// (x y z, then nx ny nz for N headers; colours and texture coordinates ignored) and one face per line
/// (<c>n i1 … in</c>, 0-based, n ≥ 3, an optional colour after the indices). Polygons become triangle
/// fans; <c>#</c> starts a comment. A file with no faces is a point cloud.
/// </summary>
public static class OffReader
{
    /// <summary>Reads the OFF file at <paramref name="path"/>.</summary>
    /// <exception cref="GeometryFormatException">The file is missing or its content is not valid OFF.</exception>
    public static InputGeometry Read(string path) => GeometryReader.ReadFile(path, Read);

    /// <summary>Reads OFF text from <paramref name="stream"/>; <paramref name="nameForErrors"/> names it in messages.</summary>
    /// <exception cref="GeometryFormatException">The content is not valid OFF.</exception>
    public static InputGeometry Read(Stream stream, string nameForErrors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(nameForErrors);
        var reader = TextInput.Open(stream, nameForErrors);
        string name = reader.Name;

        // Header keyword, and the counts (which may share its line).
        if (!TryReadDataLine(reader, out TextTokens tokens))
            throw new GeometryFormatException(name, null, "the file is empty");
        bool hasNormals = false;
        TextTokens peek = tokens;
        peek.TryNext(out ReadOnlySpan<byte> first);
        if (!TryParseLong(first, out _))
        {
            hasNormals = ParseHeaderKeyword(first, name, reader.LineNumber);
            tokens = peek;
            if (tokens.IsEmpty && !TryReadDataLine(reader, out tokens))
                throw GeometryFormatException.AtLine(name, reader.LineNumber,
                    "the file ends after the header; expected a line 'vertices faces edges'");
        }
        long countsLine = reader.LineNumber;
        int vertexCount = ReadCount(ref tokens, name, countsLine, "vertex", "vertices");
        int faceCount = ReadCount(ref tokens, name, countsLine, "face", "faces");
        if (vertexCount == 0)
            throw GeometryFormatException.AtLine(name, countsLine, "the header declares 0 vertices; there is nothing to read");

        var builder = new GeometryBuilder(hasNormals, vertexCount, faceCount);
        int columns = hasNormals ? 6 : 3;
        Span<float> values = stackalloc float[6];
        for (int v = 0; v < vertexCount; v++)
        {
            if (!TryReadDataLine(reader, out tokens))
                throw GeometryFormatException.AtLine(name, reader.LineNumber,
                    Invariant($"the file ends after {v:N0} of the {vertexCount:N0} vertices its header declares"));
            for (int c = 0; c < columns; c++)
            {
                if (!tokens.TryNext(out ReadOnlySpan<byte> token))
                    throw GeometryFormatException.AtLine(name, reader.LineNumber,
                        Invariant($"vertex {v:N0} has {c} number(s); expected {columns} ({(hasNormals ? "x y z nx ny nz" : "x y z")})"));
                if (!TryParseFloat(token, out values[c]))
                    throw GeometryFormatException.AtLine(name, reader.LineNumber,
                        Invariant($"{Quote(token)} is not a number (vertex {v:N0}, value {c + 1} of {columns})"));
            }
            var p = new Vector3(values[0], values[1], values[2]);
            if (!p.IsFinite() && GeometryBuilder.NonFinite(p, Invariant($"vertex {v:N0}")) is { } problem)
                throw GeometryFormatException.AtLine(name, reader.LineNumber, problem);
            builder.AddPosition(p);
            if (hasNormals)
            {
                builder.AddNormal(new Vector3(values[3], values[4], values[5]));
            }
        }

        var corners = new List<int>(8);
        for (int f = 0; f < faceCount; f++)
        {
            if (!TryReadDataLine(reader, out tokens))
                throw GeometryFormatException.AtLine(name, reader.LineNumber,
                    Invariant($"the file ends after {f:N0} of the {faceCount:N0} faces its header declares"));
            tokens.TryNext(out ReadOnlySpan<byte> countToken);
            if (!TryParseLong(countToken, out long cornerCount))
                throw GeometryFormatException.AtLine(name, reader.LineNumber,
                    Invariant($"{Quote(countToken)} is not a corner count (face {f:N0}); expected 'n i1 i2 … in'"));
            if (cornerCount < 3)
                throw GeometryFormatException.AtLine(name, reader.LineNumber,
                    Invariant($"face {f:N0} has {cornerCount:N0} corner(s); a face needs at least 3"));
            if (cornerCount > tokens.CountRemaining())
                throw GeometryFormatException.AtLine(name, reader.LineNumber,
                    Invariant($"face {f:N0} declares {cornerCount:N0} corners but the line has only {tokens.CountRemaining()} more value(s)"));
            corners.Clear();
            for (int c = 0; c < cornerCount; c++)
            {
                tokens.TryNext(out ReadOnlySpan<byte> token);
                if (!TryParseLong(token, out long index))
                    throw GeometryFormatException.AtLine(name, reader.LineNumber,
                        Invariant($"{Quote(token)} is not a vertex index (face {f:N0}, corner {c + 1})"));
                if (index < 0 || index >= vertexCount)
                    throw GeometryFormatException.AtLine(name, reader.LineNumber,
                        Invariant($"face {f:N0} refers to vertex {index:N0}, but the file has {vertexCount:N0} vertices (allowed 0 to {vertexCount - 1:N0})"));
                corners.Add((int)index);
            }
            // Whatever follows the indices is a face colour: ignored.
            builder.AddPolygon(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(corners));
        }
        return builder.Build(name);
    }

    /// <summary>Checks the header keyword; returns whether vertices carry normals.</summary>
    private static bool ParseHeaderKeyword(ReadOnlySpan<byte> keyword, string name, long line)
    {
        // [ST][C][N][4][n]OFF, e.g. OFF, COFF, NOFF, CNOFF, STCNOFF.
        if (!keyword.EndsWith("OFF"u8))
            throw GeometryFormatException.AtLine(name, line,
                Invariant($"expected the header 'OFF' (or COFF, NOFF, CNOFF, STOFF), found {Quote(keyword)}"));
        ReadOnlySpan<byte> prefix = keyword[..^3];
        if (prefix.StartsWith("ST"u8)) prefix = prefix[2..];
        if (prefix.StartsWith("C"u8)) prefix = prefix[1..];
        bool normals = prefix.StartsWith("N"u8);
        if (normals) prefix = prefix[1..];
        if (prefix.Length > 0)
            throw GeometryFormatException.AtLine(name, line,
                Invariant($"header {Quote(keyword)} is not supported; only 3D OFF (OFF, COFF, NOFF, CNOFF, STOFF) is, not 4OFF or nOFF"));
        return normals;
    }

    private static int ReadCount(ref TextTokens tokens, string name, long line, string what, string plural)
    {
        if (!tokens.TryNext(out ReadOnlySpan<byte> token))
            throw GeometryFormatException.AtLine(name, line, Invariant($"the counts line has no {what} count; expected 'vertices faces edges'"));
        if (token.SequenceEqual("BINARY"u8))
            throw GeometryFormatException.AtLine(name, line, "binary OFF is not supported; save the file as text OFF");
        if (!TryParseLong(token, out long count) || count < 0)
            throw GeometryFormatException.AtLine(name, line,
                Invariant($"{Quote(token)} is not a valid {what} count; expected a whole number ≥ 0"));
        if (count > int.MaxValue / 3)
            throw GeometryFormatException.AtLine(name, line,
                Invariant($"the header declares {count:N0} {plural}; at most {int.MaxValue / 3:N0} are supported"));
        return (int)count;
    }

    /// <summary>The next line with something on it besides whitespace and comments.</summary>
    private static bool TryReadDataLine(ByteStreamReader reader, out TextTokens tokens)
    {
        while (reader.TryReadLine(out ReadOnlySpan<byte> line))
        {
            tokens = new TextTokens(line, stripComment: true);
            if (!tokens.IsEmpty) return true;
        }
        tokens = default;
        return false;
    }
}
