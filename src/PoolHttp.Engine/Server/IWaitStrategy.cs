using System.Net.Security;
using System.Net.Sockets;

namespace PoolHttp.Engine.Server;

/// <summary>
/// How a <see cref="Connection"/> waits for the bytes of a request head and for the TLS handshake, given to it by
/// the pool that runs it: without a thread (<see cref="AsyncWaitStrategy"/>) or on the calling thread
/// (<see cref="BlockingWaitStrategy"/>, whose tasks are complete when returned). One per connection.
/// </summary>
public interface IWaitStrategy : IDisposable
{
    /// <summary>
    /// Receives into <paramref name="destination"/> from the TLS stream when there is one, else from the socket with
    /// <paramref name="flags"/>. Returns the count, 0 when the peer closed or the connection broke, -1 when
    /// <paramref name="deadlineMs"/> (a <see cref="Environment.TickCount64"/> time) passed or, while
    /// <paramref name="idle"/>, the server began to stop.
    /// </summary>
    ValueTask<int> ReceiveAsync(Socket socket, SslStream? tls, Memory<byte> destination, SocketFlags flags, long deadlineMs, bool idle);

    /// <summary>The server side of a TLS handshake, bounded by <paramref name="deadlineMs"/>; false when it failed.</summary>
    ValueTask<bool> AuthenticateAsync(Socket socket, SslStream tls, SslServerAuthenticationOptions options, long deadlineMs);

    /// <summary>Ends an idle wait at once (graceful stop); a wait for a started head is left alone.</summary>
    void WakeIfIdle();
}
