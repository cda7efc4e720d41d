using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace PoolHttp.Engine.Server;

/// <summary>
/// HTTPS: the connection reads and writes through an <see cref="SslStream"/> once the handshake is done; with no
/// certificate nothing here runs and the plain path (socket calls, sendfile) is untouched. A first byte that cannot
/// start a TLS handshake gets a plain-text 400 instead of a silent close.
/// </summary>
public sealed partial class Connection
{
    private const byte TlsHandshakeRecord = 0x16;

    private SslStream? _tls;
    private bool _tlsPending;
    private bool _plainOnTls;

    /// <summary>True when this connection speaks TLS.</summary>
    internal bool IsSecure => _tls is not null;

    /// <summary>Process mode: the handshake, blocking, bounded by the header timeout. False: close quietly.</summary>
    private bool StartTls()
    {
        _tlsPending = false;
        if (!WaitReadable(Environment.TickCount64 + ToMs(_server.Options.HeaderTimeout), started: false)) return false;
        try
        {
            if (_socket.Receive(_buffer, 0, 1, SocketFlags.Peek) == 0) return false;
            if (_buffer[0] != TlsHandshakeRecord)
            {
                _socket.Receive(_buffer, 0, _buffer.Length, SocketFlags.None); // what was sent, so the close is not a reset
                _plainOnTls = true;
                return true;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return false; }
        var ssl = new SslStream(new NetworkStream(_socket, ownsSocket: false), leaveInnerStreamOpen: false);
        _socket.ReceiveTimeout = ToMs(_server.Options.HeaderTimeout);
        try
        {
            ssl.AuthenticateAsServer(_server.TlsOptions!);
            _tls = ssl;
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException or ObjectDisposedException)
        {
            ssl.Dispose();
            return false;
        }
        finally
        {
            RestoreBodyTimeout();
        }
    }

    /// <summary>Thread mode: the handshake without a thread, bounded by the header timeout. False: close quietly.</summary>
    private async ValueTask<bool> StartTlsAsync()
    {
        _tlsPending = false;
        var cts = RenewWaitToken();
        cts.CancelAfter(ToMs(_server.Options.HeaderTimeout));
        try
        {
            _idle = true;
            int n = await _socket.ReceiveAsync(_buffer.AsMemory(0, 1), SocketFlags.Peek, cts.Token).ConfigureAwait(false);
            _idle = false;
            if (n == 0) return false;
            if (_buffer[0] != TlsHandshakeRecord)
            {
                await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cts.Token).ConfigureAwait(false);
                _plainOnTls = true;
                return true;
            }
            var ssl = new SslStream(new NetworkStream(_socket, ownsSocket: false), leaveInnerStreamOpen: false);
            try
            {
                await ssl.AuthenticateAsServerAsync(_server.TlsOptions!, cts.Token).ConfigureAwait(false);
            }
            catch
            {
                ssl.Dispose();
                throw;
            }
            _tls = ssl;
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or AuthenticationException or IOException or SocketException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _idle = false;
        }
    }

    /// <summary>Process mode over TLS: decrypted bytes may wait inside the stream, so a poll on the socket cannot tell; the read itself is bounded instead.</summary>
    private bool BoundNextTlsRead(long deadlineMs, bool started)
    {
        if (!started && _server.Stopping) return false;
        long left = deadlineMs - Environment.TickCount64;
        if (left <= 0) return false;
        try { _socket.ReceiveTimeout = (int)Math.Min(left, int.MaxValue); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        return true;
    }

    /// <summary>Reads head bytes over TLS: the count, 0 when closed or broken, -1 when the wait timed out.</summary>
    private int ReceiveTlsHeadBytes()
    {
        try { return _tls!.Read(_buffer, _end, _buffer.Length - _end); }
        catch (IOException e) when (IsTimeout(e)) { return -1; }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { return 0; }
    }

    private void RestoreBodyTimeout()
    {
        try { _socket.ReceiveTimeout = ToMs(_server.Options.BodyTimeout); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private int ReceiveTlsBody(Span<byte> destination)
    {
        try
        {
            return _tls!.Read(destination);
        }
        catch (IOException e) when (IsTimeout(e))
        {
            throw new ClientGoneException("The request body stalled past the body timeout.", e);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new ClientGoneException("The connection broke while the body was being read.", e);
        }
    }

    private void RespondPlainOnTls() => RespondProblem(400, "This port speaks HTTPS: use an https:// URL.");

    private static bool IsTimeout(IOException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock };
}
