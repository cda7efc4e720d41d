using System.Buffers;
using System.Globalization;
using System.Text;

namespace PoolHttp.Engine.Server;

/// <summary>
/// A response body of unknown length as a write-only, non-seekable stream: chunked for HTTP/1.1, or raw bytes ended by
/// closing the connection for HTTP/1.0. Writes are gathered into one pooled buffer so that a producer writing a few
/// bytes at a time (a zip header) does not become one chunk per write; memory stays at that one buffer.
/// </summary>
internal sealed class StreamedBody : Stream
{
    private const int ChunkSize = 64 * 1024;

    private readonly Connection _connection;
    private readonly bool _chunked;
    private byte[] _buffer;
    private int _count;
    private bool _finished;

    public StreamedBody(Connection connection, bool chunked)
    {
        _connection = connection;
        _chunked = chunked;
        _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_finished;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (!buffer.IsEmpty)
        {
            int n = Math.Min(buffer.Length, ChunkSize - _count);
            buffer[..n].CopyTo(_buffer.AsSpan(_count));
            _count += n;
            buffer = buffer[n..];
            if (_count == ChunkSize) SendBuffered();
        }
    }

    // Flush is a no-op on purpose: ZipArchive flushes after every entry, and each flush as a chunk would fragment.
    public override void Flush() { }

    /// <summary>Sends what is buffered and the end of the body (the last chunk). Not called when the producer failed:
    /// a body cut short without its last chunk is how the client learns that the response is incomplete.</summary>
    public void Finish()
    {
        if (_finished) return;
        SendBuffered();
        if (_chunked) _connection.SendRaw("0\r\n\r\n"u8);
        _finished = true;
    }

    private void SendBuffered()
    {
        if (_count == 0) return;
        if (_chunked)
        {
            Span<byte> size = stackalloc byte[12];
            int n = Encoding.ASCII.GetBytes(_count.ToString("x", CultureInfo.InvariantCulture) + "\r\n", size);
            _connection.SendRaw(size[..n]);
        }
        _connection.SendBody(_buffer.AsSpan(0, _count));
        if (_chunked) _connection.SendRaw("\r\n"u8);
        _count = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
        }
        _finished = true;
        base.Dispose(disposing);
    }
}
