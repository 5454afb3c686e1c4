using NeuralSdf.Runtime;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using static NeuralSdf.Training.Geometry.TextNumbers;

namespace NeuralSdf.Training.Geometry;

/// <summary>
/// Reads STL in ASCII (<c>solid … facet normal … outer loop / vertex x y z … / endloop / endfacet … endsolid</c>,
/// several solids in one file allowed) and binary form (an 80-byte header, a little-endian uint32 triangle
/// count, then 50 bytes per triangle). STL repeats each corner in every triangle that uses it: identical
/// positions (exact float equality) are welded into one vertex, so the mesh comes out indexed and shared edges
/// share vertices. The winding is the file's vertex order; the stored facet normals are ignored.
/// </summary>
/// <remarks>
/// A binary file may start with "solid" too (many exporters write it into the header). A file is read as
/// binary when its length is exactly 84 + 50 × the header's triangle count, and as ASCII when it starts with
/// "solid" and has no zero byte in its first 512; anything else is read as binary, so a damaged binary file is
/// reported as such.
/// </remarks>
public static class StlReader
{
    private const int HeaderSize = 80;
    private const int BinaryPrefixSize = HeaderSize + sizeof(uint);
    private const int TriangleRecordSize = 50;   // normal, three corners (12 floats), a uint16 attribute
    private const int TextProbeSize = 512;
    private const int MaxTriangles = int.MaxValue / 3;

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private enum AsciiState { OutsideSolid, InSolid, InFacet, InLoop, AfterLoop }

    /// <summary>Reads the STL file at <paramref name="path"/>.</summary>
    /// <exception cref="GeometryFormatException">The file is missing or its content is not valid STL.</exception>
    public static InputGeometry Read(string path) => GeometryReader.ReadFile(path, Read);

    /// <summary>Reads ASCII or binary STL from <paramref name="stream"/>; <paramref name="nameForErrors"/> names it in messages.</summary>
    /// <exception cref="GeometryFormatException">The content is not valid STL.</exception>
    public static InputGeometry Read(Stream stream, string nameForErrors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(nameForErrors);
        long? length = stream.CanSeek ? stream.Length - stream.Position : null;
        var reader = new ByteStreamReader(stream, nameForErrors);
        ReadOnlySpan<byte> start = reader.Peek(TextProbeSize);
        if (start.IsEmpty) throw new GeometryFormatException(nameForErrors, null, "the file is empty");
        return IsBinary(start, length) ? ReadBinary(reader, length) : ReadAscii(reader);
    }

    private static bool IsBinary(ReadOnlySpan<byte> start, long? length)
    {
        if (length is { } total && start.Length >= BinaryPrefixSize)
        {
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(start[HeaderSize..]);
            if (BinaryPrefixSize + (long)TriangleRecordSize * count == total) return true;
        }
        ReadOnlySpan<byte> text = start.StartsWith(Utf8ByteOrderMark) ? start[Utf8ByteOrderMark.Length..] : start;
        text = text.TrimStart(" \t\r\n"u8);
        bool startsWithSolid = text.Length >= 5 && Ascii.EqualsIgnoreCase(text[..5], "solid"u8);
        return !startsWithSolid || start.Contains((byte)0);
    }

    private static InputGeometry ReadBinary(ByteStreamReader reader, long? length)
    {
        string name = reader.Name;
        if (!reader.TryTake(BinaryPrefixSize, out ReadOnlySpan<byte> prefix))
        {
            long size = reader.Peek(BinaryPrefixSize).Length;
            throw GeometryFormatException.AtByte(name, size,
                Invariant($"the file ends inside the {BinaryPrefixSize}-byte binary STL header (it has {size:N0} bytes); an ASCII STL must start with 'solid'"));
        }
        uint declared = BinaryPrimitives.ReadUInt32LittleEndian(prefix[HeaderSize..]);
        if (declared == 0)
            throw GeometryFormatException.AtByte(name, HeaderSize, "the binary STL header declares 0 triangles; there is nothing to read");
        if (declared > MaxTriangles)
            throw GeometryFormatException.AtByte(name, HeaderSize,
                Invariant($"the binary STL header declares {declared:N0} triangles; at most {MaxTriangles:N0} are supported"));
        int count = (int)declared;

        // A closed mesh has about half as many vertices as triangles.
        var builder = new GeometryBuilder(hasNormals: false, count / 2, count);
        var welder = new PositionWelder(builder, count / 2);
        for (int triangle = 0; triangle < count; triangle++)
        {
            long recordStart = reader.Position;
            if (!reader.TryTake(TriangleRecordSize, out ReadOnlySpan<byte> record))
            {
                string sizes = length is { } total
                    ? Invariant($"; {count:N0} triangles need {BinaryPrefixSize} + {TriangleRecordSize} × {count:N0} = {BinaryPrefixSize + (long)TriangleRecordSize * count:N0} bytes, the file has {total:N0}")
                    : "";
                throw GeometryFormatException.AtByte(name, recordStart,
                    Invariant($"the file ends inside triangle {triangle + 1:N0} of the {count:N0} the header declares; the binary data is truncated{sizes}"));
            }
            // Bytes 0-11 hold the facet normal, which we ignore: the corner order defines the orientation.
            int a = ReadCorner(record, 0, triangle, recordStart, name, welder);
            int b = ReadCorner(record, 1, triangle, recordStart, name, welder);
            int c = ReadCorner(record, 2, triangle, recordStart, name, welder);
            builder.AddTriangle(a, b, c);
        }
        return builder.Build(name);
    }

    private static int ReadCorner(ReadOnlySpan<byte> record, int corner, int triangle, long recordStart, string name, PositionWelder welder)
    {
        int offset = 12 + 12 * corner;
        var p = new Vector3(
            BinaryPrimitives.ReadSingleLittleEndian(record[offset..]),
            BinaryPrimitives.ReadSingleLittleEndian(record[(offset + 4)..]),
            BinaryPrimitives.ReadSingleLittleEndian(record[(offset + 8)..]));
        // Test before formatting the description: this runs three million times for a million triangles.
        if (!p.IsFinite())
            throw GeometryFormatException.AtByte(name, recordStart + offset,
                GeometryBuilder.NonFinite(p, Invariant($"triangle {triangle + 1:N0}, corner {corner + 1}"))!);
        return welder.IndexOf(p);
    }

    private static InputGeometry ReadAscii(ByteStreamReader reader)
    {
        string name = reader.Name;
        reader.SkipUtf8ByteOrderMark();
        var builder = new GeometryBuilder(hasNormals: false);
        var welder = new PositionWelder(builder, 0);
        var corners = new List<int>(4);
        AsciiState state = AsciiState.OutsideSolid;
        long facetLine = 0;
        int facets = 0;

        while (reader.TryReadLine(out ReadOnlySpan<byte> line))
        {
            var tokens = new TextTokens(line, stripComment: false);
            if (!tokens.TryNext(out ReadOnlySpan<byte> keyword)) continue;
            long lineNumber = reader.LineNumber;
            switch (state)
            {
                case AsciiState.OutsideSolid:
                    // The rest of the line is the solid's name.
                    if (!Is(keyword, "solid"u8)) throw Unexpected(name, lineNumber, keyword, "'solid'");
                    state = AsciiState.InSolid;
                    break;
                case AsciiState.InSolid:
                    if (Is(keyword, "endsolid"u8))
                    {
                        state = AsciiState.OutsideSolid;
                        break;
                    }
                    if (!Is(keyword, "facet"u8) || !tokens.TryNext(out ReadOnlySpan<byte> normal) || !Is(normal, "normal"u8))
                        throw Unexpected(name, lineNumber, line.Trim(" \t"u8), "'facet normal' or 'endsolid'");
                    // The normal's three numbers are ignored: the corner order defines the orientation.
                    state = AsciiState.InFacet;
                    facetLine = lineNumber;
                    break;
                case AsciiState.InFacet:
                    if (!Is(keyword, "outer"u8) || !tokens.TryNext(out ReadOnlySpan<byte> loop) || !Is(loop, "loop"u8))
                        throw Unexpected(name, lineNumber, line.Trim(" \t"u8), "'outer loop'");
                    corners.Clear();
                    state = AsciiState.InLoop;
                    break;
                case AsciiState.InLoop:
                    if (Is(keyword, "vertex"u8))
                    {
                        corners.Add(welder.IndexOf(ReadVertex(ref tokens, name, lineNumber, facets + 1)));
                        break;
                    }
                    if (!Is(keyword, "endloop"u8)) throw Unexpected(name, lineNumber, keyword, "'vertex x y z' or 'endloop'");
                    if (corners.Count < 3)
                        throw GeometryFormatException.AtLine(name, lineNumber,
                            Invariant($"facet {facets + 1:N0} has {corners.Count} vertex line(s); a facet needs 3"));
                    // Three corners is the rule; a longer loop is taken as a convex polygon.
                    builder.AddPolygon(CollectionsMarshal.AsSpan(corners));
                    state = AsciiState.AfterLoop;
                    break;
                case AsciiState.AfterLoop:
                    if (!Is(keyword, "endfacet"u8)) throw Unexpected(name, lineNumber, keyword, "'endfacet'");
                    facets++;
                    state = AsciiState.InSolid;
                    break;
            }
        }

        if (state != AsciiState.OutsideSolid)
        {
            string where = state == AsciiState.InSolid
                ? "before 'endsolid'"
                : Invariant($"inside facet {facets + 1:N0}, which starts on line {facetLine:N0}");
            throw GeometryFormatException.AtLine(name, reader.LineNumber, $"the file ends {where}; the ASCII STL is truncated");
        }
        if (facets == 0) throw new GeometryFormatException(name, null, "the file has no facets; there is nothing to read");
        return builder.Build(name);
    }

    private static Vector3 ReadVertex(ref TextTokens tokens, string name, long line, int facet)
    {
        Span<float> xyz = stackalloc float[3];
        for (int axis = 0; axis < 3; axis++)
        {
            if (!tokens.TryNext(out ReadOnlySpan<byte> token))
                throw GeometryFormatException.AtLine(name, line,
                    Invariant($"vertex has {axis} coordinate(s) (facet {facet:N0}); 'vertex' needs x, y and z"));
            if (!TryParseFloat(token, out xyz[axis]))
                throw GeometryFormatException.AtLine(name, line,
                    Invariant($"{Quote(token)} is not a number (facet {facet:N0}, {"xyz"[axis]} coordinate)"));
        }
        if (!tokens.IsEmpty)
            throw GeometryFormatException.AtLine(name, line,
                Invariant($"vertex has {3 + tokens.CountRemaining()} coordinates (facet {facet:N0}); 'vertex' takes exactly x, y and z"));
        var p = new Vector3(xyz[0], xyz[1], xyz[2]);
        if (!p.IsFinite())
            throw GeometryFormatException.AtLine(name, line, GeometryBuilder.NonFinite(p, Invariant($"a vertex of facet {facet:N0}"))!);
        return p;
    }

    private static bool Is(ReadOnlySpan<byte> token, ReadOnlySpan<byte> keyword) => Ascii.EqualsIgnoreCase(token, keyword);

    private static GeometryFormatException Unexpected(string name, long line, ReadOnlySpan<byte> found, string expected) =>
        GeometryFormatException.AtLine(name, line, Invariant($"expected {expected}, found {Quote(found)}"));

    /// <summary>Gives every distinct position one vertex of the builder (positions compared exactly, +0 equal to -0).</summary>
    private sealed class PositionWelder(GeometryBuilder builder, int expectedVertices)
    {
        private readonly Dictionary<Vector3, int> _indices = new(Math.Min(expectedVertices, 1 << 20));

        public int IndexOf(Vector3 position)
        {
            ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(_indices, position, out bool exists);
            if (!exists)
            {
                index = builder.VertexCount;
                builder.AddPosition(position);
            }
            return index;
        }
    }
}
