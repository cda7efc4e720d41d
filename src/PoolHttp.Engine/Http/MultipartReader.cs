using System.Buffers;
using System.Globalization;
using System.Text;

namespace PoolHttp.Engine.Http;

/// <summary>
/// Streams the parts of a multipart/form-data body (RFC 7578) without holding a part in memory. Data is handed out
/// as spans of an internal buffer; a delimiter split across reads is found because a tail shorter than the
/// delimiter is always kept back.
/// </summary>
public sealed class MultipartReader : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private const int MaxPartHeader = 16 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Func<byte[], int, int, int> _read;
    private readonly byte[] _delimiter;
    private byte[] _buffer;
    private int _start, _end;
    private bool _eof;
    private bool _inPart;
    private bool _finished;
    private bool _started;

    /// <summary>Creates a reader; <paramref name="read"/> fills (buffer, offset, count) and returns 0 at the end of the body.</summary>
    public MultipartReader(string boundary, Func<byte[], int, int, int> read)
    {
        if (boundary.Length is 0 or > 200) throw new HttpError(400, "The multipart boundary is missing or too long.", true);
        _read = read;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        // The first delimiter has no CRLF before it; supplying one lets a single search pattern serve.
        _buffer[0] = (byte)'\r';
        _buffer[1] = (byte)'\n';
        _end = 2;
    }

    /// <summary>Moves to the next part and returns its Content-Disposition file name ("" for a field, null at the end).</summary>
    public string? NextPart()
    {
        if (_finished) return null;
        if (!_started)
        {
            _started = true;
            _inPart = true; // the preamble is read like a part and dropped
        }
        while (_inPart) ReadData();
        if (_end - _start < 2) Fill(2);
        if (_buffer[_start] == (byte)'-' && _buffer[_start + 1] == (byte)'-')
        {
            _finished = true;
            return null;
        }
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_end - _start >= MaxPartHeader + 4) throw PartHeaderTooLarge();
            Fill(_end - _start + 1);
        }
        // Checked here too: a read that brings the end of an oversized header must not let it through.
        if (headerEnd > MaxPartHeader) throw PartHeaderTooLarge();
        string headers = Encoding.UTF8.GetString(_buffer, _start, headerEnd);
        _start += headerEnd + 4;
        _inPart = true;
        return FileNameOf(headers) ?? string.Empty;
    }

    private static HttpError PartHeaderTooLarge() => new(400, "A multipart part header is too large.", true);

    /// <summary>The next run of the current part's data; empty at the end of the part.</summary>
    public ReadOnlySpan<byte> ReadData()
    {
        while (_inPart)
        {
            var window = _buffer.AsSpan(_start, _end - _start);
            int at = window.IndexOf(_delimiter);
            if (at == 0)
            {
                _start += _delimiter.Length;
                _inPart = false;
                return ReadOnlySpan<byte>.Empty;
            }
            int safe = at > 0 ? at : window.Length - (_delimiter.Length - 1);
            if (safe > 0)
            {
                _start += safe;
                return window[..safe];
            }
            Fill(window.Length + 1);
        }
        return ReadOnlySpan<byte>.Empty;
    }

    private void Fill(int need)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        while (_end < need)
        {
            if (_eof || _end == _buffer.Length) throw new HttpError(400, "The multipart body ended before its closing boundary.", true);
            int n = _read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _eof = true;
            _end += n;
        }
    }

    /// <summary>The filename parameter of a part's Content-Disposition, or null when it has none.</summary>
    internal static string? FileNameOf(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            int colon = line.IndexOf(':');
            if (colon < 0 || !line[..colon].Trim().Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase)) continue;
            string? plain = null;
            foreach (var param in SplitParams(line[(colon + 1)..]))
            {
                int eq = param.IndexOf('=');
                if (eq < 0) continue;
                string key = param[..eq].Trim().ToLowerInvariant(), value = param[(eq + 1)..].Trim();
                if (key == "filename*")
                {
                    var extended = DecodeExtValue(value);
                    if (extended is not null) return extended;
                }
                else if (key == "filename") plain = Unquote(value);
            }
            return plain;
        }
        return null;
    }

    private static IEnumerable<string> SplitParams(string value)
    {
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < value.Length; i++)
        {
            char ch = value[i];
            if (ch == '"') quoted = !quoted;
            else if (ch == '\\' && quoted && i + 1 < value.Length) { sb.Append(ch).Append(value[++i]); continue; }
            if (ch == ';' && !quoted)
            {
                yield return sb.ToString();
                sb.Clear();
                continue;
            }
            sb.Append(ch);
        }
        yield return sb.ToString();
    }

    /// <summary>
    /// Removes the quotes. A backslash escapes only a quote or a backslash: browsers send Windows paths
    /// (<c>C:\Users\a.txt</c>) unescaped, and dropping those backslashes would glue the folders onto the name.
    /// </summary>
    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"') return value;
        var sb = new StringBuilder();
        for (int i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1 && value[i + 1] is '"' or '\\') i++;
            sb.Append(value[i]);
        }
        return sb.ToString();
    }

    /// <summary>An RFC 8187 <c>charset'language'value</c> in UTF-8 or ISO-8859-1; null when it is not one.</summary>
    private static string? DecodeExtValue(string value)
    {
        int first = value.IndexOf('\'');
        int second = first < 0 ? -1 : value.IndexOf('\'', first + 1);
        if (second < 0) return null;
        string charset = value[..first];
        Encoding encoding;
        if (charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase)) encoding = StrictUtf8;
        else if (charset.Equals("ISO-8859-1", StringComparison.OrdinalIgnoreCase)) encoding = Encoding.Latin1;
        else return null;

        var encoded = value.AsSpan(second + 1);
        var bytes = new byte[encoded.Length];
        int n = 0;
        for (int i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] is <= ' ' or > '~') return null; // only attr-chars and %XX
            if (encoded[i] != '%') { bytes[n++] = (byte)encoded[i]; continue; }
            if (i + 2 >= encoded.Length || !byte.TryParse(encoded.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[n++]))
                return null;
            i += 2;
        }
        try { return encoding.GetString(bytes, 0, n); }
        catch (DecoderFallbackException) { return null; }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var b = _buffer;
        _buffer = Array.Empty<byte>();
        if (b.Length > 0) ArrayPool<byte>.Shared.Return(b);
    }
}
