using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace PoolHttp.Engine.Server;

/// <summary>
/// Waiting on the calling thread (a Process-mode child of the portable pool, which serves one connection at a time): poll, then receive.
/// Every task it returns is already complete. An idle wait polls in short slices so that a graceful stop is noticed.
/// </summary>
public sealed class BlockingWaitStrategy : IWaitStrategy
{
    private const int SliceMs = 200;

    private readonly ServerContext _server;

    /// <summary>A strategy for one connection of <paramref name="server"/>.</summary>
    public BlockingWaitStrategy(ServerContext server) => _server = server;

    /// <inheritdoc/>
    public ValueTask<int> ReceiveAsync(Socket socket, SslStream? tls, Memory<byte> destination, SocketFlags flags, long deadlineMs, bool idle) =>
        new(tls is null ? ReceivePlain(socket, destination.Span, flags, deadlineMs, idle) : ReceiveTls(socket, tls, destination.Span, deadlineMs, idle));

    private int ReceivePlain(Socket socket, Span<byte> destination, SocketFlags flags, long deadlineMs, bool idle)
    {
        if (!WaitReadable(socket, deadlineMs, idle)) return -1;
        try { return socket.Receive(destination, flags); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return 0; }
    }

    /// <summary>Decrypted bytes may wait inside the stream, so a poll on the socket cannot tell; the read itself is bounded instead.</summary>
    private int ReceiveTls(Socket socket, SslStream tls, Span<byte> destination, long deadlineMs, bool idle)
    {
        if (idle && _server.Stopping) return -1;
        long left = deadlineMs - Environment.TickCount64;
        if (left <= 0) return -1;
        SetReceiveTimeout(socket, left);
        try { return tls.Read(destination); }
        catch (IOException e) when (Connection.IsTimeout(e)) { return -1; }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { return 0; }
        finally { SetReceiveTimeout(socket, Connection.ToMs(_server.Options.BodyTimeout)); }
    }

    /// <inheritdoc/>
    public ValueTask<bool> AuthenticateAsync(Socket socket, SslStream tls, SslServerAuthenticationOptions options, long deadlineMs) =>
        new(Authenticate(socket, tls, options, deadlineMs));

    private bool Authenticate(Socket socket, SslStream tls, SslServerAuthenticationOptions options, long deadlineMs)
    {
        long left = deadlineMs - Environment.TickCount64;
        if (left <= 0) return false;
        SetReceiveTimeout(socket, left);
        try
        {
            tls.AuthenticateAsServer(options);
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            SetReceiveTimeout(socket, Connection.ToMs(_server.Options.BodyTimeout));
        }
    }

    private bool WaitReadable(Socket socket, long deadlineMs, bool idle)
    {
        while (true)
        {
            if (idle && _server.Stopping) return false;
            long left = deadlineMs - Environment.TickCount64;
            if (left <= 0) return false;
            try
            {
                if (socket.Poll((int)Math.Min(left, SliceMs) * 1000, SelectMode.SelectRead)) return true;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return true; // the receive that follows reports the failure as a close
            }
        }
    }

    private static void SetReceiveTimeout(Socket socket, long ms)
    {
        try { socket.ReceiveTimeout = (int)Math.Clamp(ms, 1, int.MaxValue); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    /// <summary>Nothing to do: an idle wait polls in slices and sees the stop itself.</summary>
    public void WakeIfIdle() { }

    /// <summary>Nothing to release: the strategy holds no resource.</summary>
    public void Dispose() { }
}
