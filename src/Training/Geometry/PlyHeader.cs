using System.Text;
using static NeuralSdf.Training.Geometry.TextNumbers;

namespace NeuralSdf.Training.Geometry;

/// <summary>How a PLY body is stored.</summary>
internal enum PlyFormat { Ascii, BinaryLittleEndian, BinaryBigEndian }

/// <summary>A PLY scalar type (both the old names, <c>uchar</c>, and the sized ones, <c>uint8</c>, map here).</summary>
internal enum PlyScalar { Int8, UInt8, Int16, UInt16, Int32, UInt32, Float32, Float64 }

/// <summary>One <c>property</c> line: a scalar, or a list when <see cref="CountType"/> is set.</summary>
internal sealed record PlyProperty(string Name, PlyScalar Type, PlyScalar? CountType)
{
    public bool IsList => CountType is not null;
}

/// <summary>One <c>element</c> line and the properties that follow it.</summary>
internal sealed class PlyElement(string name, int count, long line)
{
    public string Name { get; } = name;
    public int Count { get; } = count;
    public long Line { get; } = line;
    public List<PlyProperty> Properties { get; } = [];

    public int IndexOf(string propertyName) => Properties.FindIndex(p => p.Name == propertyName);
}

/// <summary>A parsed PLY header: format and elements in file order.</summary>
internal sealed class PlyHeader
{
    private PlyHeader(PlyFormat format, List<PlyElement> elements, long lines)
    {
        Format = format;
        Elements = elements;
        LineCount = lines;
    }

    public PlyFormat Format { get; }

    public List<PlyElement> Elements { get; }

    /// <summary>The number of header lines, <c>end_header</c> included.</summary>
    public long LineCount { get; }

    /// <summary>Reads the header up to and including <c>end_header</c>, leaving the reader at the first body byte.</summary>
    public static PlyHeader Parse(ByteStreamReader reader)
    {
        string name = reader.Name;
        if (!reader.TryReadLine(out ReadOnlySpan<byte> magic))
            throw new GeometryFormatException(name, null, "the file is empty");
        if (!magic.TrimEnd(" \t"u8).SequenceEqual("ply"u8))
            throw GeometryFormatException.AtLine(name, 1, Invariant($"expected the first line 'ply', found {Quote(magic)}"));

        PlyFormat? format = null;
        var elements = new List<PlyElement>();
        while (true)
        {
            if (!reader.TryReadLine(out ReadOnlySpan<byte> line))
                throw GeometryFormatException.AtLine(name, reader.LineNumber, "the header has no 'end_header' line");
            long lineNumber = reader.LineNumber;
            var tokens = new TextTokens(line, stripComment: false);
            if (!tokens.TryNext(out ReadOnlySpan<byte> keyword)) continue;

            if (keyword.SequenceEqual("comment"u8) || keyword.SequenceEqual("obj_info"u8)) continue;
            if (keyword.SequenceEqual("end_header"u8)) break;
            if (keyword.SequenceEqual("format"u8))
            {
                tokens.TryNext(out ReadOnlySpan<byte> kind);
                tokens.TryNext(out ReadOnlySpan<byte> version);
                format = kind switch
                {
                    _ when kind.SequenceEqual("ascii"u8) => PlyFormat.Ascii,
                    _ when kind.SequenceEqual("binary_little_endian"u8) => PlyFormat.BinaryLittleEndian,
                    _ when kind.SequenceEqual("binary_big_endian"u8) => PlyFormat.BinaryBigEndian,
                    _ => throw GeometryFormatException.AtLine(name, lineNumber,
                        Invariant($"format {Quote(kind)} is unknown; expected ascii, binary_little_endian or binary_big_endian")),
                };
                if (!version.StartsWith("1"u8))
                    throw GeometryFormatException.AtLine(name, lineNumber,
                        Invariant($"format version {Quote(version)} is not supported; expected 1.0"));
            }
            else if (keyword.SequenceEqual("element"u8))
            {
                if (!tokens.TryNext(out ReadOnlySpan<byte> elementName) || !tokens.TryNext(out ReadOnlySpan<byte> countText))
                    throw GeometryFormatException.AtLine(name, lineNumber, "an element line needs a name and a count: 'element vertex 8'");
                if (!TryParseLong(countText, out long count) || count < 0)
                    throw GeometryFormatException.AtLine(name, lineNumber,
                        Invariant($"{Quote(countText)} is not a valid element count; expected a whole number ≥ 0"));
                if (count > int.MaxValue / 3)
                    throw GeometryFormatException.AtLine(name, lineNumber,
                        Invariant($"element '{Encoding.UTF8.GetString(elementName)}' has {count:N0} entries; at most {int.MaxValue / 3:N0} are supported"));
                string text = Encoding.UTF8.GetString(elementName);
                if (elements.Exists(e => e.Name == text))
                    throw GeometryFormatException.AtLine(name, lineNumber, Invariant($"element '{text}' is declared twice"));
                elements.Add(new PlyElement(text, (int)count, lineNumber));
            }
            else if (keyword.SequenceEqual("property"u8))
            {
                if (elements.Count == 0)
                    throw GeometryFormatException.AtLine(name, lineNumber, "a property line comes before any element line");
                elements[^1].Properties.Add(ParseProperty(ref tokens, name, lineNumber));
            }
            // Anything else is not PLY, but some exporters (old Blender) write a bare text line here: skip it like a comment.
        }

        if (format is null)
            throw GeometryFormatException.AtLine(name, reader.LineNumber, "the header has no 'format' line");
        return new PlyHeader(format.Value, elements, reader.LineNumber);
    }

    private static PlyProperty ParseProperty(ref TextTokens tokens, string name, long line)
    {
        if (!tokens.TryNext(out ReadOnlySpan<byte> type))
            throw GeometryFormatException.AtLine(name, line, "a property line needs a type and a name: 'property float x'");
        PlyScalar? countType = null;
        if (type.SequenceEqual("list"u8))
        {
            if (!tokens.TryNext(out ReadOnlySpan<byte> countTypeText) || !tokens.TryNext(out type))
                throw GeometryFormatException.AtLine(name, line, "a list property needs two types and a name: 'property list uchar int vertex_indices'");
            countType = ParseScalar(countTypeText, name, line);
            if (countType is PlyScalar.Float32 or PlyScalar.Float64)
                throw GeometryFormatException.AtLine(name, line, Invariant($"a list count has type {Quote(countTypeText)}; it must be an integer type"));
        }
        PlyScalar scalar = ParseScalar(type, name, line);
        if (!tokens.TryNext(out ReadOnlySpan<byte> propertyName))
            throw GeometryFormatException.AtLine(name, line, "the property has no name");
        return new PlyProperty(Encoding.UTF8.GetString(propertyName), scalar, countType);
    }

    private static PlyScalar ParseScalar(ReadOnlySpan<byte> type, string name, long line) => Encoding.ASCII.GetString(type) switch
    {
        "char" or "int8" => PlyScalar.Int8,
        "uchar" or "uint8" => PlyScalar.UInt8,
        "short" or "int16" => PlyScalar.Int16,
        "ushort" or "uint16" => PlyScalar.UInt16,
        "int" or "int32" => PlyScalar.Int32,
        "uint" or "uint32" => PlyScalar.UInt32,
        "float" or "float32" => PlyScalar.Float32,
        "double" or "float64" => PlyScalar.Float64,
        _ => throw GeometryFormatException.AtLine(name, line,
            Invariant($"{Quote(type)} is not a PLY type; expected char, uchar, short, ushort, int, uint, float, double or int8 … float64")),
    };

    public static int SizeOf(PlyScalar type) => type switch
    {
        PlyScalar.Int8 or PlyScalar.UInt8 => 1,
        PlyScalar.Int16 or PlyScalar.UInt16 => 2,
        PlyScalar.Int32 or PlyScalar.UInt32 or PlyScalar.Float32 => 4,
        _ => 8,
    };
}
