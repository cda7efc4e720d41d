using System.Buffers;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>A buffer rented from the shared pool for one upload, returned on dispose.</summary>
internal sealed class BufferLease : IDisposable
{
    public BufferLease(int size) => Buffer = ArrayPool<byte>.Shared.Rent(size);

    public byte[] Buffer { get; private set; }

    public void Dispose()
    {
        var b = Buffer;
        Buffer = Array.Empty<byte>();
        if (b.Length > 0) ArrayPool<byte>.Shared.Return(b);
    }
}
