using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PoolHttp.Tests.Client;

/// <summary>
/// A misbehaving server for the failures the real one never produces on purpose: to every connection it sends
/// <see cref="Head"/> and <see cref="Body"/> (without reading the request when <see cref="ReadRequest"/> is off),
/// then either closes the connection (a cut-off) or holds it open, silent, until disposed (a stall).
/// </summary>
public sealed class ScriptedServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = new();
    private readonly Task _accepting;

    public ScriptedServer(string head, byte[] body, bool stallAfter, bool readRequest = true)
    {
        Head = head;
        Body = body;
        StallAfter = stallAfter;
        ReadRequest = readRequest;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Head { get; }

    public byte[] Body { get; }

    public bool StallAfter { get; }

    public bool ReadRequest { get; }

    /// <summary>The request heads received so far (when <see cref="ReadRequest"/> is on), in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The value of <paramref name="name"/> in the first request received, or null.</summary>
    public string? FirstRequestHeader(string name) =>
        Requests.TryPeek(out var head)
            ? head.Split("\r\n").Skip(1).Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
                .Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault()
            : null;

    public Uri Uri(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

    /// <summary>A response head with the given status line and header lines.</summary>
    public static string MakeHead(string status, params string[] headers) =>
        $"HTTP/1.1 {status}\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_sockets) _sockets.Add(socket);
                _ = ServeAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            if (ReadRequest) await ReadHeadAsync(socket);
            await socket.SendAsync(Encoding.ASCII.GetBytes(Head), _stop.Token);
            if (Body.Length > 0) await socket.SendAsync(Body, _stop.Token);
            if (StallAfter) await Task.Delay(Timeout.Infinite, _stop.Token);
            else socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            if (!StallAfter) socket.Dispose();
        }
    }

    private async Task ReadHeadAsync(Socket socket)
    {
        var seen = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            int n = await socket.ReceiveAsync(buffer, _stop.Token);
            if (n == 0) return;
            seen.AddRange(buffer.AsSpan(0, n).ToArray());
            string text = Encoding.ASCII.GetString(seen.ToArray());
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                Requests.Enqueue(text);
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var s in _sockets) s.Dispose();
        }
        try { _accepting.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { }
        _stop.Dispose();
    }
}
