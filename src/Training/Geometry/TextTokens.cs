using System.Globalization;
using System.Text;

namespace NeuralSdf.Training.Geometry;

/// <summary>Splits one line of ASCII text into whitespace-separated tokens, without allocating.</summary>
internal ref struct TextTokens
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Tokens of <paramref name="line"/>; with <paramref name="stripComment"/>, everything from the first '#' is ignored.</summary>
    public TextTokens(ReadOnlySpan<byte> line, bool stripComment)
    {
        if (stripComment)
        {
            int hash = line.IndexOf((byte)'#');
            if (hash >= 0) line = line[..hash];
        }
        _rest = line;
    }

    /// <summary>True when no token is left.</summary>
    public readonly bool IsEmpty
    {
        get
        {
            foreach (byte b in _rest)
            {
                if (!IsSpace(b)) return false;
            }
            return true;
        }
    }

    /// <summary>The next token; false when the line has no more.</summary>
    public bool TryNext(out ReadOnlySpan<byte> token)
    {
        int i = 0;
        while (i < _rest.Length && IsSpace(_rest[i])) i++;
        if (i == _rest.Length)
        {
            _rest = default;
            token = default;
            return false;
        }
        int start = i;
        while (i < _rest.Length && !IsSpace(_rest[i])) i++;
        token = _rest[start..i];
        _rest = _rest[i..];
        return true;
    }

    /// <summary>Counts the tokens left, without consuming them.</summary>
    public readonly int CountRemaining()
    {
        TextTokens copy = this;
        int count = 0;
        while (copy.TryNext(out _)) count++;
        return count;
    }

    public static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v' or 0;
}

/// <summary>Number parsing and quoting for text geometry formats, always in the invariant culture.</summary>
internal static class TextNumbers
{
    /// <summary>Parses a float; also accepts "nan"/"inf" spellings, which come back as non-finite values.</summary>
    public static bool TryParseFloat(ReadOnlySpan<byte> token, out float value)
    {
        if (float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        // C and Python write "nan", "-nan", "inf", "-inf", "1.#INF" and the like: report them as non-finite, not as garbage.
        ReadOnlySpan<byte> unsigned = token.Length > 0 && (token[0] == (byte)'-' || token[0] == (byte)'+') ? token[1..] : token;
        if (unsigned.StartsWith("nan"u8) || unsigned.StartsWith("NAN"u8) || unsigned.StartsWith("NaN"u8) || unsigned.StartsWith("1.#"u8))
        {
            value = float.NaN;
            return true;
        }
        if (unsigned.SequenceEqual("inf"u8) || unsigned.SequenceEqual("INF"u8) || unsigned.SequenceEqual("Inf"u8))
        {
            value = token[0] == (byte)'-' ? float.NegativeInfinity : float.PositiveInfinity;
            return true;
        }
        return false;
    }

    /// <summary>Parses a whole number (optional sign, no decimal point).</summary>
    public static bool TryParseLong(ReadOnlySpan<byte> token, out long value) =>
        long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>The token as text for an error message: quoted, at most 40 characters, control characters replaced.</summary>
    public static string Quote(ReadOnlySpan<byte> token)
    {
        const int MaxLength = 40;
        bool cut = token.Length > MaxLength;
        string text = Encoding.UTF8.GetString(cut ? token[..MaxLength] : token);
        var builder = new StringBuilder(text.Length + 5).Append('\'');
        foreach (char c in text) builder.Append(char.IsControl(c) ? '?' : c);
        if (cut) builder.Append('…');
        return builder.Append('\'').ToString();
    }

    /// <summary>Formats for a message in the invariant culture, e.g. <c>Invariant($"{count:N0} vertices")</c>.</summary>
    public static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
