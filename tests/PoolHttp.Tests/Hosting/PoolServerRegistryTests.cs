using System.Net.Sockets;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Hosting;

/// <summary>The session's servers behind Start-, Get- and Stop-PoolHttpServer, with real servers on port 0.</summary>
public sealed class PoolServerRegistryTests : IDisposable
{
    private readonly PoolServerRegistry _registry = new();
    private readonly TempRoot _root = new();

    private ServerOptions Options(ServerMode mode = ServerMode.Thread) => new() { Root = _root.Path, Port = 0, Mode = mode, Workers = 2 };

    [Theory]
    [InlineData(ServerMode.Thread)]
    [InlineData(ServerMode.Process)]
    public void Start_returns_a_running_server_that_answers(ServerMode mode)
    {
        var info = _registry.Start(Options(mode) with { Workers = 3 });

        Assert.True(info.Port > 0);
        Assert.Equal("127.0.0.1", info.Address);
        Assert.Equal(mode, info.Mode);
        Assert.Equal(3, info.Workers);
        Assert.Equal(Path.GetFullPath(_root.Path), info.Root);
        Assert.Equal(new Uri($"http://127.0.0.1:{info.Port}/"), info.Uri);
        Assert.Equal(PoolServerInfo.Running, info.State);
        Assert.Equal(200, Get(info.Port, "/.poolhttp/health").Status);
    }

    [Fact]
    public void List_shows_live_statistics()
    {
        _root.Write("a.txt", "hello");
        var info = _registry.Start(Options());
        Assert.Equal(0, info.Requests);

        Assert.Equal("hello", Get(info.Port, "/a.txt").Text);
        Assert.Equal(404, Get(info.Port, "/missing.txt").Status);
        Assert.Equal(201, Send(info.Port, "PUT /b.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nworld").Status);

        var now = WaitFor(() => _registry.List().Single(), s => s.Requests == 3);
        Assert.Equal(3, now.Succeeded);
        Assert.Equal(0, now.Failed);
        Assert.Equal(0, now.Active);
        Assert.True(now.BytesSent >= 5, $"BytesSent {now.BytesSent}");
        Assert.Equal(5, now.BytesReceived);
        Assert.Equal(info.StartedAt, now.StartedAt);
    }

    [Fact]
    public void Find_by_port_and_address()
    {
        var a = _registry.Start(Options());
        var b = _registry.Start(Options());

        Assert.Equal(a.Port, _registry.Find(a.Port).Single().Port);
        Assert.Equal(b.Port, _registry.Find(b.Port, "127.0.0.1").Single().Port);
        Assert.Throws<KeyNotFoundException>(() => _registry.Find(b.Port, "::1"));
        Assert.Throws<ArgumentException>(() => _registry.Find(b.Port, "not an address"));
        Assert.Equal([a.Port, b.Port], _registry.SelectPorts([]));
        Assert.Equal([b.Port, 1], _registry.SelectPorts([b.Port, 1]));
    }

    [Fact]
    public void Find_of_a_port_without_server_throws_not_found()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => _registry.Find(FreePort()));
        Assert.Contains("port", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_by_port_stops_that_server_only()
    {
        var a = _registry.Start(Options());
        var b = _registry.Start(Options());

        var stopped = Assert.Single(_registry.Stop(a.Port));

        Assert.Equal(PoolServerInfo.Stopped, stopped.State);
        Assert.True(Refuses(a.Port));
        Assert.Equal(b.Port, _registry.List().Single().Port);
        Assert.Equal(200, Get(b.Port, "/.poolhttp/health").Status);
        Assert.Throws<KeyNotFoundException>(() => _registry.Stop(a.Port));
    }

    [Fact]
    public void Stop_by_object_returns_final_statistics()
    {
        var info = _registry.Start(Options());
        Get(info.Port, "/.poolhttp/health");
        WaitFor(() => _registry.Find(info.Port).Single(), s => s.Requests == 1);

        var final = _registry.Stop(info);

        Assert.Equal(1, final.Requests);
        Assert.Equal(PoolServerInfo.Stopped, final.State);
        Assert.Empty(_registry.List());
        Assert.Throws<KeyNotFoundException>(() => _registry.Stop(info));
    }

    [Theory]
    [InlineData(ServerMode.Thread)]
    [InlineData(ServerMode.Process)]
    public void A_held_server_object_shows_live_statistics_and_its_stop(ServerMode mode)
    {
        var held = _registry.Start(Options(mode));
        Assert.Equal(0, held.Requests);

        Assert.Equal(200, Get(held.Port, "/.poolhttp/health").Status);
        WaitFor(() => held, s => s.Requests == 1);
        Assert.Equal((1, 0, 0), (held.Succeeded, held.Failed, held.Active));
        Assert.True(held.BytesSent > 0, $"BytesSent {held.BytesSent}");

        _registry.Stop(held.Port);

        Assert.Equal(PoolServerInfo.Stopped, held.State);
        Assert.Equal(1, held.Requests);
    }

    [Fact]
    public void Stop_all_stops_every_server()
    {
        var servers = new[] { _registry.Start(Options()), _registry.Start(Options()), _registry.Start(Options()) };

        var stopped = _registry.StopAll();

        Assert.Equal(servers.Select(s => s.Port).Order(), stopped.Select(s => s.Port).Order());
        Assert.All(servers, s => Assert.True(Refuses(s.Port)));
        Assert.Equal(0, _registry.Count);
        Assert.Empty(_registry.StopAll());
    }

    [Fact]
    public void A_port_in_use_throws_SocketException_and_nothing_is_kept()
    {
        using var other = new TcpListener(System.Net.IPAddress.Loopback, 0);
        other.Start();
        int busy = ((System.Net.IPEndPoint)other.LocalEndpoint).Port;

        var ex = Assert.Throws<SocketException>(() => _registry.Start(Options() with { Port = busy }));

        Assert.Equal(SocketError.AddressAlreadyInUse, ex.SocketErrorCode);
        Assert.Empty(_registry.List());
    }

    [Fact]
    public void A_second_server_on_the_port_of_a_running_one_is_refused()
    {
        var first = _registry.Start(Options());
        Assert.Throws<SocketException>(() => _registry.Start(Options() with { Port = first.Port }));
        Assert.Single(_registry.List());
    }

    [Fact]
    public void A_missing_root_throws_NotFound_about_its_path_and_nothing_is_kept()
    {
        string missing = _root.File("no such folder");
        var e = Assert.Throws<PoolException>(() => _registry.Start(Options() with { Root = missing }));
        Assert.Equal((PoolErrorKind.NotFound, missing), (e.Kind, e.Target));
        Assert.Equal(missing + ": The root folder does not exist.", e.Message);
        Assert.Empty(_registry.List());
    }

    [Fact]
    public void Background_serving_returns_at_once_and_leaves_the_server_running()
    {
        var info = _registry.Start(Options());
        using var cancel = new CancellationTokenSource();

        var serve = _registry.ServeForegroundAsync(info, foreground: false, cancel.Token);

        Assert.True(serve.IsCompletedSuccessfully);
        Assert.Equal(200, Get(info.Port, "/.poolhttp/health").Status);
    }

    [Fact]
    public async Task Foreground_serving_lasts_until_cancelled_then_stops_and_forgets_the_server()
    {
        var info = _registry.Start(Options());
        using var cancel = new CancellationTokenSource();

        var serve = _registry.ServeForegroundAsync(info, foreground: true, cancel.Token);
        Assert.Equal(200, Get(info.Port, "/.poolhttp/health").Status);
        Assert.False(serve.IsCompleted);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serve);

        Assert.True(Refuses(info.Port));
        Assert.Empty(_registry.List());
    }

    [Fact]
    public async Task Cancelling_foreground_serving_returns_at_once_while_the_graceful_stop_goes_on()
    {
        var info = _registry.Start(Options() with { StopTimeout = TimeSpan.FromSeconds(3) });
        using var cancel = new CancellationTokenSource();
        var serve = _registry.ServeForegroundAsync(info, foreground: true, cancel.Token);
        using var upload = new RawHttp(info.Port);
        upload.Write("PUT /slow.bin HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhalf.");
        WaitFor(() => _registry.Find(info.Port).Single(), s => s.Active == 1);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        cancel.Cancel();   // what PowerShell's StopProcessing does: it must not wait for the graceful stop
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Cancel took {watch.Elapsed}");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serve);
        Assert.True(Refuses(info.Port));
    }

    [Fact]
    public void Dispose_stops_every_server()
    {
        var info = _registry.Start(Options());
        _registry.Dispose();
        Assert.True(Refuses(info.Port));
    }

    private static RawResponse Get(int port, string path) => Send(port, $"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

    private static RawResponse Send(int port, string request)
    {
        using var client = new RawHttp(port);
        client.Write(request);
        return client.ReadResponse();
    }

    private static bool Refuses(int port)
    {
        try
        {
            using var client = new RawHttp(port);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Polls until the condition holds (a request is counted when its exchange ends, just after the client has its answer).</summary>
    private static T WaitFor<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still {value} after 10 s.");
            Thread.Yield();
        }
    }

    public void Dispose()
    {
        _registry.Dispose();
        _root.Dispose();
    }
}
