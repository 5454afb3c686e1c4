using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace NeuralSdf.Runtime;

/// <summary>
/// Writes a <see cref="TriangleMesh"/> as Wavefront OBJ or binary PLY. Both go through <see cref="AtomicFile"/>:
/// the target's folder is created if missing, and a reader never sees a half-written file.
/// </summary>
public static class MeshWriter
{
    private const int ChunkBytes = 1 << 16;

    /// <summary>
    /// Writes <paramref name="mesh"/> as a Wavefront OBJ file: one <c>v x y z</c> line per vertex (invariant
    /// culture, 9 significant digits, enough to read every float back exactly) and one <c>f a b c</c> line per
    /// triangle with 1-based indices.
    /// </summary>
    /// <param name="mesh">The mesh to write.</param>
    /// <param name="path">The file to write; replaced if it exists.</param>
    public static void WriteObj(TriangleMesh mesh, string path)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), ChunkBytes, leaveOpen: true);
            writer.NewLine = "\n";
            writer.WriteLine($"# NeuralSdf mesh: {mesh.Positions.Length} vertices, {mesh.TriangleCount} triangles");
            Span<char> line = stackalloc char[128];
            IFormatProvider invariant = CultureInfo.InvariantCulture;
            foreach (Vector3 p in mesh.Positions)
            {
                line.TryWrite(invariant, $"v {p.X:G9} {p.Y:G9} {p.Z:G9}\n", out int written);
                writer.Write(line[..written]);
            }
            int[] indices = mesh.Indices;
            for (int n = 0; n < indices.Length; n += 3)
            {
                line.TryWrite(invariant, $"f {indices[n] + 1} {indices[n + 1] + 1} {indices[n + 2] + 1}\n", out int written);
                writer.Write(line[..written]);
            }
        });
    }

    /// <summary>
    /// Writes <paramref name="mesh"/> as a binary little-endian PLY file: an <c>x y z</c> float vertex element
    /// and a face element whose <c>vertex_indices</c> list has a <c>uchar</c> count (always 3) and <c>int</c> indices.
    /// </summary>
    /// <param name="mesh">The mesh to write.</param>
    /// <param name="path">The file to write; replaced if it exists.</param>
    public static void WritePly(TriangleMesh mesh, string path)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string header =
            "ply\n" +
            "format binary_little_endian 1.0\n" +
            "comment written by NeuralSdf\n" +
            $"element vertex {mesh.Positions.Length}\n" +
            "property float x\n" +
            "property float y\n" +
            "property float z\n" +
            $"element face {mesh.TriangleCount}\n" +
            "property list uchar int vertex_indices\n" +
            "end_header\n";
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.ASCII.GetBytes(header));
            byte[] chunk = new byte[ChunkBytes];
            int used = 0;

            foreach (Vector3 p in mesh.Positions)
            {
                if (used + 12 > chunk.Length) { stream.Write(chunk, 0, used); used = 0; }
                Span<byte> record = chunk.AsSpan(used, 12);
                BinaryPrimitives.WriteSingleLittleEndian(record, p.X);
                BinaryPrimitives.WriteSingleLittleEndian(record[4..], p.Y);
                BinaryPrimitives.WriteSingleLittleEndian(record[8..], p.Z);
                used += 12;
            }

            int[] indices = mesh.Indices;
            for (int n = 0; n < indices.Length; n += 3)
            {
                if (used + 13 > chunk.Length) { stream.Write(chunk, 0, used); used = 0; }
                Span<byte> record = chunk.AsSpan(used, 13);
                record[0] = 3;
                BinaryPrimitives.WriteInt32LittleEndian(record[1..], indices[n]);
                BinaryPrimitives.WriteInt32LittleEndian(record[5..], indices[n + 1]);
                BinaryPrimitives.WriteInt32LittleEndian(record[9..], indices[n + 2]);
                used += 13;
            }
            stream.Write(chunk, 0, used);
        });
    }
}
