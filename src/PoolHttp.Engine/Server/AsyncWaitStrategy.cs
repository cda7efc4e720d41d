using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;

namespace PoolHttp.Engine.Server;

/// <summary>
/// Waiting without a thread (Thread mode): the receive is awaited and a timer cancels it at the deadline. One
/// cancellation source per connection, reset between waits.
/// </summary>
public sealed class AsyncWaitStrategy : IWaitStrategy
{
    private CancellationTokenSource? _cts;
    private volatile bool _idle;

    /// <inheritdoc/>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAsync(Socket socket, SslStream? tls, Memory<byte> destination, SocketFlags flags, long deadlineMs, bool idle)
    {
        long waitMs = deadlineMs - Environment.TickCount64;
        if (waitMs <= 0) return -1;
        var token = Renew(waitMs);
        _idle = idle;
        try
        {
            return tls is null
                ? await socket.ReceiveAsync(destination, flags, token).ConfigureAwait(false)
                : await tls.ReadAsync(destination, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return -1;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            return 0;
        }
        finally
        {
            _idle = false;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> AuthenticateAsync(Socket socket, SslStream tls, SslServerAuthenticationOptions options, long deadlineMs)
    {
        long waitMs = deadlineMs - Environment.TickCount64;
        if (waitMs <= 0) return false;
        try
        {
            await tls.AuthenticateAsServerAsync(options, Renew(waitMs)).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or AuthenticationException or IOException or SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public void WakeIfIdle()
    {
        if (!_idle) return;
        try { _cts?.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    private CancellationToken Renew(long waitMs)
    {
        if (_cts is null || !_cts.TryReset())
        {
            _cts?.Dispose();
            _cts = new CancellationTokenSource();
        }
        _cts.CancelAfter(TimeSpan.FromMilliseconds(waitMs));
        return _cts.Token;
    }

    /// <summary>Disposes the cancellation source.</summary>
    public void Dispose() => _cts?.Dispose();
}
