using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

/// <summary>
/// A request body streamed from an open file through one pooled buffer: counts progress, feeds the idle watch,
/// and hashes the bytes when asked. It can be sent again (a handler retry); each send starts from the file's start.
/// </summary>
internal sealed class FileUploadContent : HttpContent
{
    public const int BufferSize = 128 * 1024;

    private readonly SafeFileHandle _file;
    private readonly string _path;
    private readonly long _length;
    private readonly TransferCounter _counter;
    private readonly IdleWatch _watch;
    private readonly bool _hash;
    private long _counted;

    public FileUploadContent(SafeFileHandle file, string path, long length, TransferCounter counter, IdleWatch watch, bool hash)
    {
        _file = file;
        _path = path;
        _length = length;
        _counter = counter;
        _watch = watch;
        _hash = hash;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Headers.ContentLength = length;
    }

    /// <summary>The SHA-256 of the bytes of the last complete send, lowercase hex; null until then or when not asked.</summary>
    public string? Sha256 { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _counter.Add(-Interlocked.Exchange(ref _counted, 0));
        using var hash = _hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long offset = 0;
            while (offset < _length)
            {
                int want = (int)Math.Min(BufferSize, _length - offset);
                int n = await ReadAsync(buffer.AsMemory(0, want), offset, cancellationToken).ConfigureAwait(false);
                if (n == 0) throw new PoolException(PoolErrorKind.Integrity, "The file became shorter while it was being uploaded.", _path);
                hash?.AppendData(buffer, 0, n);
                await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                offset += n;
                Interlocked.Add(ref _counted, n);
                _counter.Add(n);
                _watch.Touch();
            }
            if (hash is not null) Sha256 = Hex.Lower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    private async ValueTask<int> ReadAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        try
        {
            return await RandomAccess.ReadAsync(_file, buffer, offset, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ClientErrors.Local(e, _path);
        }
    }
}
