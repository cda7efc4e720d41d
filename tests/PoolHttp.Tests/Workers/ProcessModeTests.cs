using System.Diagnostics;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Workers;

public class ProcessModeTests
{
    private static ServerStatistics Stats(TestServer server)
    {
        var r = server.Send("GET /.poolhttp/stats HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, r.Status);
        return ServerStatistics.Parse(r.Text);
    }

    [Fact]
    public void Three_children_serve_concurrent_connections_from_three_distinct_pids()
    {
        using var server = new TestServer(ServerMode.Process, workers: 3, o => o with { KeepAliveTimeout = TimeSpan.FromSeconds(30) });
        server.Root.Write("a.txt", "abc");
        // A child serves one request at a time: three uploads waiting for their bodies (each was told to go on, so
        // each is inside a child) occupy three different children.
        var clients = Enumerable.Range(0, 3).Select(_ => server.Connect()).ToList();
        for (int i = 0; i < clients.Count; i++)
        {
            clients[i].Write($"PUT /u{i}.txt HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
            Assert.Equal(100, clients[i].ReadStatusLine());
        }
        foreach (var c in clients)
        {
            c.Write("abc");
            Assert.Equal(201, c.ReadResponse().Status);
        }
        // A child counts a request when its exchange ends, a moment after the client has the response.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var live = server.Server.Statistics();
        while (live.PerWorker.Count(w => w.Total >= 1) < 3 && DateTime.UtcNow < deadline)
        {
            Thread.Yield();
            live = server.Server.Statistics();
        }
        Assert.Equal(3, live.PerWorker.Count(w => w.Total >= 1));
        Assert.Equal(3, live.PerWorker.Select(w => w.Pid).Distinct().Count());
        Assert.DoesNotContain(Environment.ProcessId, live.PerWorker.Select(w => w.Pid));
        foreach (var c in clients) c.Dispose();

        var stats = Stats(server); // answered by whichever child is free: it shows the whole pool
        Assert.Equal(ServerMode.Process, stats.Mode);
        Assert.Equal(live.PerWorker.Select(w => w.Pid), stats.PerWorker.Select(w => w.Pid));
        Assert.Equal(3, stats.Workers);
        Assert.Equal(stats.Total, stats.PerWorker.Sum(w => w.Total));
        Assert.True(stats.Total >= 4);
    }

    [Fact]
    public void A_child_killed_with_sigkill_is_replaced_and_the_service_keeps_answering()
    {
        using var server = new TestServer(ServerMode.Process, workers: 2);
        server.Root.Write("a.txt", "abc");
        var before = server.Server.Statistics();
        int victim = before.PerWorker[0].Pid;
        Process.GetProcessById(victim).Kill();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        ServerStatistics after;
        do
        {
            after = server.Server.Statistics();
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The killed child was not replaced.");
            Thread.Yield();
        }
        while (after.PerWorker[0].Pid == victim || !ChildAccepting(server));

        Assert.NotEqual(victim, after.PerWorker[0].Pid);
        Assert.True(ProcessTree.IsAlive(after.PerWorker[0].Pid));
        for (int i = 0; i < 4; i++)
        {
            var r = server.Send("GET /a.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            Assert.Equal("abc", r.Text);
        }
    }

    [Fact]
    public void A_child_killed_in_the_middle_of_a_request_counts_it_as_failed()
    {
        using var server = new TestServer(ServerMode.Process, workers: 1);
        using (var client = server.Connect())
        {
            client.Write("PUT /big.bin HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1000000\r\n\r\n");
            Assert.Equal(100, client.ReadStatusLine()); // the child is now in the handler, reading the body into a temp file
            client.Write(new byte[10_000]);
            Process.GetProcessById(server.Server.Statistics().PerWorker[0].Pid).Kill();
            Assert.True(client.IsClosedByServer());
        }
        var wait = DateTime.UtcNow.AddSeconds(30);
        while (!ChildAccepting(server))
        {
            if (DateTime.UtcNow > wait) throw new TimeoutException("No replacement child.");
        }
        var stats = server.Server.Statistics();
        Assert.True(stats.Failed >= 1);
        Assert.Empty(server.Root.AllFiles()); // no file, and the killed child's temp file was removed by the parent
    }

    [Fact]
    public void After_stop_no_child_process_is_left()
    {
        var server = new TestServer(ServerMode.Process, workers: 3);
        var pids = server.Server.Statistics().PerWorker.Select(w => w.Pid).ToList();
        Assert.All(pids, pid => Assert.True(ProcessTree.IsAlive(pid)));
        server.Dispose();
        Assert.All(pids, pid => Assert.False(ProcessTree.IsAlive(pid), $"child {pid} outlived Stop"));
        Assert.False(server.Server.IsRunning);
    }

    [Fact]
    public void A_stopped_server_port_refuses_connections_while_a_later_server_still_runs()
    {
        // The second pool's children start after the first pool's listener exists: they must not inherit it.
        var first = new TestServer(ServerMode.Process, workers: 2);
        using var second = new TestServer(ServerMode.Process, workers: 2);
        int port = first.Port;
        first.Dispose();
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        var refused = Assert.Throws<System.Net.Sockets.SocketException>(() => probe.Connect(System.Net.IPAddress.Loopback, port));
        Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Equal(200, second.Send("GET /.poolhttp/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").Status);
    }

    [Fact]
    public void Children_of_a_killed_parent_exit_by_themselves()
    {
        using var root = new TempRoot();
        using var parent = CliProcess.StartServe(root.Path, "--mode", "process", "--workers", "2", "--port", "0", "--quiet");
        var stats = ServerStatistics.Parse(parent.Get("/.poolhttp/stats"));
        var pids = stats.PerWorker.Select(w => w.Pid).ToList();
        Assert.Equal(2, pids.Distinct().Count());
        Assert.All(pids, pid => Assert.True(ProcessTree.IsAlive(pid)));

        parent.Process.Kill(); // SIGKILL: the parent gets no chance to stop its children

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (pids.Any(ProcessTree.IsAlive))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("orphaned children still running: " + string.Join(",", pids.Where(ProcessTree.IsAlive)));
            Thread.Sleep(20);
        }
    }

    private static bool ChildAccepting(TestServer server)
    {
        try
        {
            return server.Send("GET /.poolhttp/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").Status == 200;
        }
        catch (IOException) { return false; }
        catch (System.Net.Sockets.SocketException) { return false; }
    }

    [Fact]
    public void Children_report_an_access_log_line_per_request_to_the_parent()
    {
        var entries = new System.Collections.Concurrent.ConcurrentQueue<AccessLogEntry>();
        using var server = new TestServer(ServerMode.Process, workers: 2, o => o with { AccessLog = entries.Enqueue });
        server.Root.Write("a b.txt", "abc");
        Assert.Equal(200, server.Send("GET /a%20b.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").Status);
        Assert.Equal(404, server.Send("GET /missing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").Status);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        // Children write to the parent separately: wait for both lines, not merely for two lines.
        while (!(entries.Any(e => e.Status == 404) && entries.Any(e => e.RequestLine == "GET /a%20b.txt HTTP/1.1")) && DateTime.UtcNow < deadline)
            Thread.Yield();
        var get = Assert.Single(entries, e => e.RequestLine == "GET /a%20b.txt HTTP/1.1");
        Assert.Equal(200, get.Status);
        Assert.Equal(3, get.BytesSent);
        Assert.InRange(get.WorkerId, 1, 2);
        Assert.Single(entries, e => e.RequestLine == "GET /missing HTTP/1.1" && e.Status == 404);
    }
}
