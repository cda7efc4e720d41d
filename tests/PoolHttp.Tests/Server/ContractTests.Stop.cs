namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    [Fact]
    public async Task Stop_lets_a_request_in_progress_finish_whole_then_refuses_new_connections()
    {
        using var s = StartServer(configure: o => o with { StopTimeout = TimeSpan.FromSeconds(30) });
        var body = Bytes(500_000, 60);
        int port = s.Port;
        using var c = s.Connect();
        c.Write($"PUT /during-stop.bin HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: {body.Length}\r\n\r\n");
        Assert.Equal(100, c.ReadStatusLine()); // a worker is now inside this request
        c.Write(body.AsSpan(0, 1000).ToArray());

        var stop = Task.Run(s.Server.Stop);
        WaitFor(() => Refuses(port), "the server to stop accepting connections");
        Assert.False(stop.IsCompleted, "Stop returned while a request was still in progress");

        c.Write(body.AsSpan(1000).ToArray());
        var r = c.ReadResponse();
        Assert.Equal(201, r.Status);
        Assert.True(r.Closes);
        await stop.WaitAsync(TimeSpan.FromSeconds(20)); // throws TimeoutException when Stop hangs
        Assert.Equal(body, s.Root.Read("during-stop.bin"));
        AssertNoTempFiles(s);
        Assert.True(Refuses(port));
    }

    [Fact]
    public async Task Stop_closes_idle_keep_alive_connections_without_waiting_for_their_timeout()
    {
        using var s = StartServer(configure: o => o with { KeepAliveTimeout = TimeSpan.FromMinutes(5), StopTimeout = TimeSpan.FromMinutes(5) });
        using var idle = s.Connect();
        idle.Write(Req("GET", "/.poolhttp/health"));
        Assert.Equal(200, idle.ReadResponse().Status);

        var stop = Task.Run(s.Server.Stop);
        await stop.WaitAsync(TimeSpan.FromSeconds(20)); // not the keep-alive timeout of minutes
        Assert.Empty(idle.ReadToClose());
        Assert.False(s.Server.IsRunning);
    }

    [Fact]
    public void Stop_is_idempotent()
    {
        using var s = StartServer();
        s.Server.Stop();
        s.Server.Stop();
        Assert.True(Refuses(s.Port));
    }

    [Fact]
    public async Task Stop_gives_up_on_a_stalled_upload_after_the_stop_timeout_and_leaves_nothing()
    {
        using var s = StartServer(configure: o => o with { StopTimeout = ShortTimeout, BodyTimeout = TimeSpan.FromMinutes(5) });
        s.Root.Write("f.bin", "old");
        using var c = s.Connect();
        c.Write("PUT /f.bin HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n");
        Assert.Equal(100, c.ReadStatusLine());
        c.Write(Bytes(1000, 1)); // and then nothing more

        await Task.Run(s.Server.Stop).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.DoesNotContain("HTTP/1.1 2", System.Text.Encoding.ASCII.GetString(c.ReadToClose()), StringComparison.Ordinal);
        Assert.Equal("old", System.Text.Encoding.UTF8.GetString(s.Root.Read("f.bin")));
        Assert.Empty(s.Root.TempFiles());
    }
}
