using NeuralSdf.Runtime;
using System.Numerics;
using static NeuralSdf.Training.Geometry.TextNumbers;

namespace NeuralSdf.Training.Geometry;

/// <summary>
/// Reads point clouds as text (<c>.xyz</c>, <c>.pwn</c>): one point per line, <c>x y z</c> or
/// <c>x y z nx ny nz</c>, whitespace separated; every line must have the same number of columns.
/// <c>#</c> starts a comment and blank lines are skipped. A lone whole number on the first data line
/// is taken as the point count and checked.
/// </summary>
public static class XyzReader
{
    /// <summary>Reads the point cloud at <paramref name="path"/>.</summary>
    /// <exception cref="GeometryFormatException">The file is missing or its content is not a valid point list.</exception>
    public static InputGeometry Read(string path) => GeometryReader.ReadFile(path, Read);

    /// <summary>Reads a point list from <paramref name="stream"/>; <paramref name="nameForErrors"/> names it in messages.</summary>
    /// <exception cref="GeometryFormatException">The content is not a valid point list.</exception>
    public static InputGeometry Read(Stream stream, string nameForErrors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(nameForErrors);
        var reader = TextInput.Open(stream, nameForErrors);
        string name = reader.Name;
        GeometryBuilder? builder = null;
        int columns = 0;
        long columnsLine = 0;
        long? declaredCount = null;
        long declaredCountLine = 0;
        bool sawAnyLine = false;
        Span<float> values = stackalloc float[6];

        while (reader.TryReadLine(out ReadOnlySpan<byte> line))
        {
            sawAnyLine = true;
            var tokens = new TextTokens(line, stripComment: true);
            int count = tokens.CountRemaining();
            if (count == 0) continue;
            if (builder is null)
            {
                if (count == 1 && declaredCount is null)
                {
                    tokens.TryNext(out ReadOnlySpan<byte> only);
                    if (!TryParseLong(only, out long declared) || declared < 0)
                        throw GeometryFormatException.AtLine(name, reader.LineNumber,
                            Invariant($"{Quote(only)} is neither a point count nor a point; expected 'x y z' or 'x y z nx ny nz'"));
                    declaredCount = declared;
                    declaredCountLine = reader.LineNumber;
                    continue;
                }
                if (count != 3 && count != 6)
                    throw GeometryFormatException.AtLine(name, reader.LineNumber,
                        Invariant($"the first point has {count} values; expected 3 (x y z) or 6 (x y z nx ny nz)"));
                columns = count;
                columnsLine = reader.LineNumber;
                builder = new GeometryBuilder(hasNormals: columns == 6);
            }
            else if (count != columns)
            {
                throw GeometryFormatException.AtLine(name, reader.LineNumber,
                    Invariant($"point {builder.VertexCount:N0} has {count} values, but earlier points (from line {columnsLine:N0}) have {columns}"));
            }

            for (int c = 0; c < columns; c++)
            {
                tokens.TryNext(out ReadOnlySpan<byte> token);
                if (!TryParseFloat(token, out values[c]))
                    throw GeometryFormatException.AtLine(name, reader.LineNumber,
                        Invariant($"{Quote(token)} is not a number (point {builder.VertexCount:N0}, value {c + 1} of {columns})"));
            }
            var p = new Vector3(values[0], values[1], values[2]);
            if (!p.IsFinite() && GeometryBuilder.NonFinite(p, Invariant($"point {builder.VertexCount:N0}")) is { } problem)
                throw GeometryFormatException.AtLine(name, reader.LineNumber, problem);
            if (columns == 6)
            {
                builder.AddNormal(new Vector3(values[3], values[4], values[5]));
            }
            builder.AddPosition(p);
        }

        if (!sawAnyLine) throw new GeometryFormatException(name, null, "the file is empty");
        if (builder is null)
            throw new GeometryFormatException(name, null, "the file has no points (no 'x y z' lines)");
        if (declaredCount is { } expected && expected != builder.VertexCount)
            throw GeometryFormatException.AtLine(name, declaredCountLine,
                Invariant($"the file declares {expected:N0} points but holds {builder.VertexCount:N0}"));
        return builder.Build(name);
    }
}
