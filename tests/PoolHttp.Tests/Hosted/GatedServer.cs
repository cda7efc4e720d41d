using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PoolHttp.Tests.Hosted;

/// <summary>
/// Serves one file of <see cref="Length"/> bytes to one client: the head and the first half at once, the second
/// half only once <see cref="Open"/> is called, so that a test sees the transfer in the middle for as long as it needs.
/// </summary>
public sealed class GatedServer : IDisposable
{
    public const int Length = 64 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _serving;

    public GatedServer()
    {
        _listener.Start();
        _serving = ServeAsync();
    }

    public Uri Uri(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

    /// <summary>Lets the second half go.</summary>
    public void Open() => _gate.TrySetResult();

    private async Task ServeAsync()
    {
        try
        {
            using var socket = await _listener.AcceptSocketAsync();
            var seen = new StringBuilder();
            var buffer = new byte[4096];
            while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                int n = await socket.ReceiveAsync(buffer);
                if (n == 0) return;
                seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {Length}\r\nConnection: close\r\n\r\n"));
            await socket.SendAsync(new byte[Length / 2]);
            await _gate.Task;
            await socket.SendAsync(new byte[Length / 2]);
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        Open();
        _listener.Stop();
        try { _serving.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { }
    }
}
