using NeuralSdf.Runtime;
using System.Buffers.Binary;
using System.Numerics;
using static NeuralSdf.Training.Geometry.TextNumbers;

namespace NeuralSdf.Training.Geometry;

/// <summary>
/// Reads Stanford PLY in <c>ascii</c>, <c>binary_little_endian</c> and <c>binary_big_endian</c> form.
/// Takes <c>x y z</c> (and <c>nx ny nz</c> when all three are there) from element <c>vertex</c>, of any
/// scalar type, and the list <c>vertex_indices</c> (or <c>vertex_index</c>) from element <c>face</c>;
/// polygons become triangle fans. Every other element and property, lists included, is skipped.
/// A file with no faces is a point cloud.
/// </summary>
public static class PlyReader
{
    private enum Role { None, X, Y, Z, NX, NY, NZ, Corners }

    /// <summary>A place in the file, formatted only when an error needs it.</summary>
    private readonly record struct Where(long Value, bool IsByte)
    {
        public override string ToString() =>
            IsByte ? GeometryFormatException.ByteLocation(Value) : GeometryFormatException.LineLocation(Value);
    }

    /// <summary>Reads the PLY file at <paramref name="path"/>.</summary>
    /// <exception cref="GeometryFormatException">The file is missing or its content is not valid PLY.</exception>
    public static InputGeometry Read(string path) => GeometryReader.ReadFile(path, Read);

    /// <summary>Reads PLY from <paramref name="stream"/>; <paramref name="nameForErrors"/> names it in messages.</summary>
    /// <exception cref="GeometryFormatException">The content is not valid PLY.</exception>
    public static InputGeometry Read(Stream stream, string nameForErrors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(nameForErrors);
        var reader = new ByteStreamReader(stream, nameForErrors);
        PlyHeader header = PlyHeader.Parse(reader);
        var body = new Body(reader, header);
        return body.Read();
    }

    /// <summary>The state of reading one PLY body.</summary>
    private sealed class Body
    {
        private readonly ByteStreamReader _reader;
        private readonly PlyHeader _header;
        private readonly string _name;
        private readonly int _vertexCount;
        private readonly GeometryBuilder _builder;
        private readonly List<int> _corners = new(8);
        private readonly float[] _values = new float[6];   // x y z nx ny nz of the vertex being read

        public Body(ByteStreamReader reader, PlyHeader header)
        {
            _reader = reader;
            _header = header;
            _name = reader.Name;
            PlyElement? vertex = header.Elements.Find(e => e.Name == "vertex");
            if (vertex is null)
                throw GeometryFormatException.AtLine(_name, header.LineCount, "the header declares no 'vertex' element");
            if (vertex.Count == 0)
                throw GeometryFormatException.AtLine(_name, vertex.Line, "the header declares 0 vertices; there is nothing to read");
            _vertexCount = vertex.Count;
            PlyElement? face = header.Elements.Find(e => e.Name == "face");
            bool hasNormals = vertex.IndexOf("nx") >= 0 && vertex.IndexOf("ny") >= 0 && vertex.IndexOf("nz") >= 0;
            _builder = new GeometryBuilder(hasNormals, vertex.Count, face?.Count ?? 0);
        }

        public InputGeometry Read()
        {
            // Check every element's properties before reading any data, so header problems are reported as such.
            Role[][] roles = _header.Elements.Select(RolesOf).ToArray();
            for (int e = 0; e < _header.Elements.Count; e++)
            {
                PlyElement element = _header.Elements[e];
                if (_header.Format == PlyFormat.Ascii)
                    ReadAscii(element, roles[e]);
                else
                    ReadBinary(element, roles[e], _header.Format == PlyFormat.BinaryBigEndian);
            }
            return _builder.Build(_name);
        }

        private Role[] RolesOf(PlyElement element)
        {
            var roles = new Role[element.Properties.Count];
            if (element.Name == "vertex")
            {
                foreach ((string property, Role role, bool required) in new[]
                {
                    ("x", Role.X, true), ("y", Role.Y, true), ("z", Role.Z, true),
                    ("nx", Role.NX, false), ("ny", Role.NY, false), ("nz", Role.NZ, false),
                })
                {
                    int index = element.IndexOf(property);
                    if (index < 0)
                    {
                        if (required)
                            throw GeometryFormatException.AtLine(_name, element.Line,
                                Invariant($"element 'vertex' has no property '{property}'; it needs x, y and z (it has: {PropertyNames(element)})"));
                        continue;
                    }
                    if (element.Properties[index].IsList)
                        throw GeometryFormatException.AtLine(_name, element.Line,
                            Invariant($"vertex property '{property}' is a list; expected a single number"));
                    if (role is Role.NX or Role.NY or Role.NZ && !_builder.HasNormals) continue;
                    roles[index] = role;
                }
            }
            else if (element.Name == "face" && element.Count > 0)
            {
                int index = element.IndexOf("vertex_indices");
                if (index < 0) index = element.IndexOf("vertex_index");
                if (index < 0 || !element.Properties[index].IsList)
                    throw GeometryFormatException.AtLine(_name, element.Line,
                        Invariant($"element 'face' has no list property 'vertex_indices' (or 'vertex_index'); it has: {PropertyNames(element)}"));
                if (element.Properties[index].Type is PlyScalar.Float32 or PlyScalar.Float64)
                    throw GeometryFormatException.AtLine(_name, element.Line, "face vertex indices are declared as floating point; they must be an integer type");
                roles[index] = Role.Corners;
            }
            return roles;
        }

        private static string PropertyNames(PlyElement element) =>
            element.Properties.Count == 0 ? "none" : string.Join(" ", element.Properties.Select(p => p.Name));

        private void ReadBinary(PlyElement element, Role[] roles, bool bigEndian)
        {
            bool interesting = Array.Exists(roles, r => r != Role.None);
            List<PlyProperty> properties = element.Properties;
            for (int item = 0; item < element.Count; item++)
            {
                long recordStart = _reader.Position;
                for (int p = 0; p < properties.Count; p++)
                {
                    PlyProperty property = properties[p];
                    int size = PlyHeader.SizeOf(property.Type);
                    if (property.CountType is not { } countType)
                    {
                        if (!interesting || roles[p] == Role.None)
                        {
                            if (!_reader.TrySkip(size)) throw Truncated(element, item, property);
                            continue;
                        }
                        if (!_reader.TryTake(size, out ReadOnlySpan<byte> bytes)) throw Truncated(element, item, property);
                        _values[(int)roles[p] - 1] = (float)ReadNumber(bytes, property.Type, bigEndian);
                        continue;
                    }

                    long countOffset = _reader.Position;
                    if (!_reader.TryTake(PlyHeader.SizeOf(countType), out ReadOnlySpan<byte> countBytes)) throw Truncated(element, item, property);
                    long count = (long)ReadNumber(countBytes, countType, bigEndian);
                    if (count < 0)
                        throw GeometryFormatException.AtByte(_name, countOffset,
                            Invariant($"{element.Name} {item:N0} has a list '{property.Name}' of length {count:N0}; a length cannot be negative"));
                    if (roles[p] != Role.Corners)
                    {
                        if (!_reader.TrySkip(count * size)) throw Truncated(element, item, property);
                        continue;
                    }
                    _corners.Clear();
                    for (long c = 0; c < count; c++)
                    {
                        if (!_reader.TryTake(size, out ReadOnlySpan<byte> indexBytes)) throw Truncated(element, item, property);
                        _corners.Add(CheckIndex((long)ReadNumber(indexBytes, property.Type, bigEndian), item, count,
                            new Where(recordStart, IsByte: true)));
                    }
                }
                if (interesting) Finish(element, roles, item, new Where(recordStart, IsByte: true));
            }
        }

        private void ReadAscii(PlyElement element, Role[] roles)
        {
            List<PlyProperty> properties = element.Properties;
            for (int item = 0; item < element.Count; item++)
            {
                TextTokens tokens;
                do
                {
                    if (!_reader.TryReadLine(out ReadOnlySpan<byte> line))
                        throw GeometryFormatException.AtLine(_name, _reader.LineNumber,
                            Invariant($"the file ends after {item:N0} of the {element.Count:N0} '{element.Name}' entries the header declares"));
                    tokens = new TextTokens(line, stripComment: false);
                }
                while (tokens.IsEmpty);
                long lineNumber = _reader.LineNumber;

                for (int p = 0; p < properties.Count; p++)
                {
                    PlyProperty property = properties[p];
                    if (!tokens.TryNext(out ReadOnlySpan<byte> token))
                        throw GeometryFormatException.AtLine(_name, lineNumber,
                            Invariant($"{element.Name} {item:N0} ends before property '{property.Name}'; the header declares: {PropertyNames(element)}"));
                    if (!property.IsList)
                    {
                        if (roles[p] == Role.None) continue;
                        if (!TryParseFloat(token, out _values[(int)roles[p] - 1]))
                            throw GeometryFormatException.AtLine(_name, lineNumber,
                                Invariant($"{Quote(token)} is not a number ({element.Name} {item:N0}, property '{property.Name}')"));
                        continue;
                    }
                    if (!TryParseLong(token, out long count) || count < 0)
                        throw GeometryFormatException.AtLine(_name, lineNumber,
                            Invariant($"{Quote(token)} is not a list length ({element.Name} {item:N0}, property '{property.Name}'); expected a whole number ≥ 0"));
                    if (roles[p] == Role.Corners) _corners.Clear();
                    for (long c = 0; c < count; c++)
                    {
                        if (!tokens.TryNext(out ReadOnlySpan<byte> value))
                            throw GeometryFormatException.AtLine(_name, lineNumber,
                                Invariant($"{element.Name} {item:N0} declares {count:N0} values in list '{property.Name}' but the line has only {c:N0}"));
                        if (roles[p] != Role.Corners) continue;
                        if (!TryParseLong(value, out long index))
                            throw GeometryFormatException.AtLine(_name, lineNumber,
                                Invariant($"{Quote(value)} is not a vertex index ({element.Name} {item:N0}, corner {c + 1:N0})"));
                        _corners.Add(CheckIndex(index, item, count, new Where(lineNumber, IsByte: false)));
                    }
                }
                if (!tokens.IsEmpty)
                    throw GeometryFormatException.AtLine(_name, lineNumber,
                        Invariant($"{element.Name} {item:N0} has more values than the header declares ({properties.Count} properties: {PropertyNames(element)})"));
                Finish(element, roles, item, new Where(lineNumber, IsByte: false));
            }
        }

        /// <summary>Adds the vertex or face just read.</summary>
        private void Finish(PlyElement element, Role[] roles, int item, Where location)
        {
            if (element.Name == "vertex")
            {
                var p = new Vector3(_values[0], _values[1], _values[2]);
                if (!p.IsFinite() && GeometryBuilder.NonFinite(p, Invariant($"vertex {item:N0}")) is { } problem)
                    throw new GeometryFormatException(_name, location.ToString(), problem);
                _builder.AddPosition(p);
                if (_builder.HasNormals)
                {
                    _builder.AddNormal(new Vector3(_values[3], _values[4], _values[5]));
                }
            }
            else if (Array.IndexOf(roles, Role.Corners) >= 0)
            {
                if (_corners.Count < 3)
                    throw new GeometryFormatException(_name, location.ToString(),
                        Invariant($"face {item:N0} has {_corners.Count} corner(s); a face needs at least 3"));
                _builder.AddPolygon(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_corners));
            }
        }

        private int CheckIndex(long index, int face, long cornerCount, Where location)
        {
            if (index < 0 || index >= _vertexCount)
                throw new GeometryFormatException(_name, location.ToString(),
                    Invariant($"face {face:N0} refers to vertex {index:N0}, but the file has {_vertexCount:N0} vertices (allowed 0 to {_vertexCount - 1:N0})"));
            if (cornerCount > 1 << 20)
                throw new GeometryFormatException(_name, location.ToString(),
                    Invariant($"face {face:N0} has {cornerCount:N0} corners; at most {1 << 20:N0} are supported"));
            return (int)index;
        }

        private GeometryFormatException Truncated(PlyElement element, int item, PlyProperty property) =>
            GeometryFormatException.AtByte(_name, _reader.Position,
                Invariant($"the file ends inside {element.Name} {item:N0} of {element.Count:N0} (property '{property.Name}'); the binary data is truncated"));

        private static double ReadNumber(ReadOnlySpan<byte> bytes, PlyScalar type, bool bigEndian) => type switch
        {
            PlyScalar.Int8 => (sbyte)bytes[0],
            PlyScalar.UInt8 => bytes[0],
            PlyScalar.Int16 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(bytes) : BinaryPrimitives.ReadInt16LittleEndian(bytes),
            PlyScalar.UInt16 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            PlyScalar.Int32 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes),
            PlyScalar.UInt32 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            PlyScalar.Float32 => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes),
            _ => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes),
        };
    }
}
