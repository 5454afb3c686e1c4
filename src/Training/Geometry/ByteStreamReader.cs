using System.Text;

namespace NeuralSdf.Training.Geometry;

/// <summary>
/// Reads a stream in chunks, handing out lines (for text formats) and runs of bytes (for binary ones)
/// as spans into its own buffer, so a large file is never held whole. A span stays valid only until the
/// next call. Tracks the line number and byte offset for error messages.
/// </summary>
internal sealed class ByteStreamReader
{
    private const int InitialBufferSize = 1 << 16;
    private const int MaxLineLength = 1 << 24;

    private readonly Stream _stream;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;          // first unread byte in _buffer
    private int _end;            // one past the last valid byte in _buffer
    private long _bufferOffset;  // stream offset of _buffer[0]
    private bool _endOfStream;

    public ByteStreamReader(Stream stream, string nameForErrors)
    {
        _stream = stream;
        Name = nameForErrors;
    }

    /// <summary>The file name used in error messages.</summary>
    public string Name { get; }

    /// <summary>The 1-based number of the line last returned by <see cref="TryReadLine"/>.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The offset of the next unread byte from the start of the stream.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>Skips a UTF-8 byte order mark at the current position, if there is one.</summary>
    public void SkipUtf8ByteOrderMark()
    {
        if (EnsureAvailable(3) && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
            _start += 3;
    }

    /// <summary>The encoding when the stream starts with a UTF-16 byte order mark, else null (call before reading anything).</summary>
    public Encoding? DetectUtf16()
    {
        if (!EnsureAvailable(2)) return null;
        if (_buffer[_start] == 0xFE && _buffer[_start + 1] == 0xFF) return Encoding.BigEndianUnicode;
        if (_buffer[_start] == 0xFF && _buffer[_start + 1] == 0xFE) return Encoding.Unicode;
        return null;
    }

    /// <summary>
    /// Returns the next line without its terminator (<c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>);
    /// false at the end of the stream.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int searched = 0;
        while (true)
        {
            Span<byte> pending = _buffer.AsSpan(_start, _end - _start);
            int found = pending[searched..].IndexOfAny((byte)'\n', (byte)'\r');
            if (found >= 0)
            {
                int length = searched + found;
                bool carriageReturn = pending[length] == (byte)'\r';
                if (carriageReturn && length + 1 == pending.Length && !_endOfStream)
                {
                    // A '\r' at the end of the buffer: the '\n' of a "\r\n" may come with the next chunk.
                    searched = length;
                    Fill();
                    continue;
                }
                int terminator = carriageReturn && length + 1 < pending.Length && pending[length + 1] == (byte)'\n' ? 2 : 1;
                line = _buffer.AsSpan(_start, length);
                _start += length + terminator;
                LineNumber++;
                return true;
            }
            searched = pending.Length;
            if (searched > MaxLineLength)
                throw GeometryFormatException.AtLine(Name, LineNumber + 1,
                    $"line is longer than {MaxLineLength / (1 << 20)} MiB without a line break; this does not look like a text file");
            if (_endOfStream)
            {
                if (pending.Length == 0)
                {
                    line = default;
                    return false;
                }
                line = _buffer.AsSpan(_start, pending.Length);
                _start = _end;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    /// <summary>Takes the next <paramref name="count"/> bytes; false (taking nothing) when the stream ends first.</summary>
    public bool TryTake(int count, out ReadOnlySpan<byte> bytes)
    {
        if (!EnsureAvailable(count))
        {
            bytes = default;
            return false;
        }
        bytes = _buffer.AsSpan(_start, count);
        _start += count;
        return true;
    }

    /// <summary>
    /// Shows up to <paramref name="count"/> of the next bytes without consuming them (fewer when the stream
    /// ends first; empty at its end).
    /// </summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        EnsureAvailable(count);
        return _buffer.AsSpan(_start, Math.Min(count, _end - _start));
    }

    /// <summary>Skips <paramref name="count"/> bytes; false when the stream ends first (then all the rest is skipped).</summary>
    public bool TrySkip(long count)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                Fill();
                if (_start == _end) return false;
            }
            int step = (int)Math.Min(count, _end - _start);
            _start += step;
            count -= step;
        }
        return true;
    }

    private bool EnsureAvailable(int count)
    {
        while (_end - _start < count)
        {
            if (_endOfStream) return false;
            if (count > _buffer.Length)
            {
                int size = _buffer.Length;
                while (size < count) size *= 2;
                Grow(size);
            }
            Fill();
        }
        return true;
    }

    private void Fill()
    {
        if (_endOfStream) return;
        if (_start > 0)
        {
            int pending = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _bufferOffset += _start;
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length) Grow(_buffer.Length * 2);
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _endOfStream = true;
        _end += read;
    }

    private void Grow(int size)
    {
        if (size <= _buffer.Length) return;
        var bigger = new byte[size];
        Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
        _bufferOffset += _start;
        _end -= _start;
        _start = 0;
        _buffer = bigger;
    }
}
