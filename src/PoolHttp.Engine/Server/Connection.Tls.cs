using System.Net.Security;
using System.Net.Sockets;

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

    /// <summary>The handshake, bounded by the header timeout. False: close quietly.</summary>
    private async ValueTask<bool> StartTlsAsync()
    {
        _tlsPending = false;
        long deadline = Environment.TickCount64 + ToMs(_server.Options.HeaderTimeout);
        int n = await _waiting.ReceiveAsync(_socket, null, _buffer.AsMemory(0, 1), SocketFlags.Peek, deadline, idle: true).ConfigureAwait(false);
        if (n <= 0) return false;
        if (_buffer[0] != TlsHandshakeRecord)
        {
            // What was sent, so that the close is not a reset.
            await _waiting.ReceiveAsync(_socket, null, _buffer.AsMemory(), SocketFlags.None, deadline, idle: false).ConfigureAwait(false);
            _plainOnTls = true;
            return true;
        }
        var ssl = new SslStream(new NetworkStream(_socket, ownsSocket: false), leaveInnerStreamOpen: false);
        if (!await _waiting.AuthenticateAsync(_socket, ssl, _server.TlsOptions!, deadline).ConfigureAwait(false))
        {
            ssl.Dispose();
            return false;
        }
        _tls = ssl;
        return true;
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

    internal static bool IsTimeout(IOException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock };
}
