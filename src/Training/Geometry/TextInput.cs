using System.Text;

namespace NeuralSdf.Training.Geometry;

/// <summary>Opens a text geometry stream: skips a UTF-8 byte order mark and transcodes UTF-16 to UTF-8.</summary>
internal static class TextInput
{
    public static ByteStreamReader Open(Stream stream, string name)
    {
        long start = stream.CanSeek ? stream.Position : 0;
        var probe = new ByteStreamReader(stream, name);
        if (probe.DetectUtf16() is not { } encoding)
        {
            probe.SkipUtf8ByteOrderMark();
            return probe;
        }
        // Rare, but some Windows tools save OBJ as UTF-16. Start over from the beginning, transcoded.
        if (!stream.CanSeek)
            throw new GeometryFormatException(name, null, "the file is UTF-16 text; save it as ASCII or UTF-8");
        stream.Position = start;
        var reader = new ByteStreamReader(Encoding.CreateTranscodingStream(stream, encoding, Encoding.UTF8, leaveOpen: true), name);
        reader.SkipUtf8ByteOrderMark();
        return reader;
    }
}
