using System.Collections.Concurrent;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

/// <summary>
/// Thread mode's promise: at most N requests are processed at once, and an idle keep-alive connection holds no
/// worker. Ordering is proven with events (the 100 Continue that only a running handler sends, the access log's
/// order of finished exchanges), never with durations.
/// </summary>
public sealed class ThreadWorkerLimitTests
{
    private const string Health = "GET /.poolhttp/health HTTP/1.1\r\nHost: t\r\n\r\n";

    private static TestServer Start(int workers, ConcurrentQueue<string> log, TimeSpan? keepAlive = null) =>
        new(ServerMode.Thread, workers, o => o with
        {
            AccessLog = e => log.Enqueue(e.RequestLine.Split(' ')[0]),
            KeepAliveTimeout = keepAlive ?? TimeSpan.FromMinutes(5),
        });

    /// <summary>Starts a PUT and returns once a worker is inside it (it asked for the body), with the body half sent.</summary>
    private static RawHttp StartUpload(TestServer s)
    {
        var upload = s.Connect();
        upload.Write("PUT /slow.txt HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
        Assert.Equal(100, upload.ReadStatusLine());
        upload.Write("12345");
        return upload;
    }

    private static void Settle(TestServer s, ConcurrentQueue<string> log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (s.Server.Statistics().Active != 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The server never became idle.");
            Thread.Sleep(5);
        }
        log.Clear();
    }

    /// <summary>The log once it has <paramref name="count"/> entries: an exchange is logged just after its response is sent.</summary>
    private static string[] Logged(ConcurrentQueue<string> log, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (log.Count < count && DateTime.UtcNow < deadline) Thread.Sleep(5);
        return log.ToArray();
    }

    [Fact]
    public void With_one_worker_a_second_request_waits_while_the_first_is_in_progress_then_completes()
    {
        var log = new ConcurrentQueue<string>();
        using var s = Start(1, log);
        Settle(s, log);
        using var upload = StartUpload(s);
        using var second = s.Connect();
        second.Write(Health);

        // The one worker is inside the PUT, so the GET cannot be answered however long we look.
        Assert.False(second.HasInputWithin(TimeSpan.FromMilliseconds(500)), "answered while the only worker was busy");
        Assert.Equal(1, s.Server.Statistics().Active);

        upload.Write("67890");
        Assert.Equal(201, upload.ReadResponse().Status);
        Assert.Equal(200, second.ReadResponse().Status);
        Assert.Equal(new[] { "PUT", "GET" }, Logged(log, 2));
        Assert.Equal("1234567890", File.ReadAllText(s.Root.File("slow.txt")));
    }

    [Fact]
    public void With_two_workers_the_second_request_is_answered_while_the_first_is_in_progress()
    {
        var log = new ConcurrentQueue<string>();
        using var s = Start(2, log);
        Settle(s, log);
        using var upload = StartUpload(s);
        using var second = s.Connect();
        second.Write(Health);
        Assert.Equal(200, second.ReadResponse().Status); // answered although the upload is still incomplete
        // The GET's exchange ends (and is logged) just after its answer reaches us: wait for it while the PUT is
        // still waiting for its body, so that the order below is the server's, not a race of two log lines.
        Assert.Equal(new[] { "GET" }, Logged(log, 1));

        upload.Write("67890");
        Assert.Equal(201, upload.ReadResponse().Status);
        Assert.Equal(new[] { "GET", "PUT" }, Logged(log, 2));
    }

    [Fact]
    public void An_idle_keep_alive_connection_holds_no_worker()
    {
        var log = new ConcurrentQueue<string>();
        using var s = Start(1, log);
        var idle = Enumerable.Range(0, 5).Select(_ => s.Connect()).ToList();
        try
        {
            foreach (var c in idle)
            {
                c.Write(Health);
                var r = c.ReadResponse();
                Assert.Equal(200, r.Status);
                Assert.False(r.Closes);
            }

            // Five connections sit idle with a keep-alive timeout of minutes, and the one worker still serves others.
            using (var other = s.Connect())
            {
                other.Write(Health);
                Assert.Equal(200, other.ReadResponse().Status);
            }

            // ...and each idle connection rejoins the queue when its next request arrives.
            foreach (var c in idle)
            {
                c.Write(Health);
                Assert.Equal(200, c.ReadResponse().Status);
            }
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void A_connection_whose_head_is_still_arriving_holds_no_worker()
    {
        var log = new ConcurrentQueue<string>();
        using var s = Start(1, log);
        using var slow = s.Connect();
        slow.Write("GET /.poolhttp/health HTTP/1.1\r\nHost: t\r\n"); // head incomplete
        using (var other = s.Connect())
        {
            other.Write(Health);
            Assert.Equal(200, other.ReadResponse().Status);
        }
        slow.Write("\r\n");
        Assert.Equal(200, slow.ReadResponse().Status);
    }
}
