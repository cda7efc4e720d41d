using System.Buffers;
using System.Buffers.Text;
using System.Text;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Server;

/// <summary>Builds a response head into a pooled buffer as ASCII.</summary>
internal sealed class ResponseHead : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public ResponseHead(int capacity = 4096) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public byte[] Buffer => _buffer;

    public int Length => _length;

    public void StatusLine(int status)
    {
        Append("HTTP/1.1 "u8);
        AppendNumber(status);
        Append(" "u8);
        AppendAscii(StatusText.For(status));
        Append("\r\n"u8);
    }

    public void Header(string name, string value)
    {
        AppendAscii(name);
        Append(": "u8);
        AppendAscii(value);
        Append("\r\n"u8);
    }

    public void Header(ReadOnlySpan<byte> name, long value)
    {
        Append(name);
        Append(": "u8);
        AppendNumber(value);
        Append("\r\n"u8);
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void End() => Append("\r\n"u8);

    /// <summary>Makes room for <paramref name="extra"/> more bytes and returns the span to write them to.</summary>
    public Span<byte> Reserve(int extra)
    {
        Ensure(extra);
        return _buffer.AsSpan(_length, extra);
    }

    public void Advance(int count) => _length += count;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = Array.Empty<byte>();
    }

    private void AppendAscii(string text)
    {
        // Header values may carry Latin-1 (obs-text); anything beyond is percent-encoded by callers.
        Ensure(text.Length);
        _length += Encoding.Latin1.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void AppendNumber(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out int written);
        _length += written;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
