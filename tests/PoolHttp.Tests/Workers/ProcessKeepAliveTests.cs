using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Workers;

/// <summary>
/// The contract's Process-mode rule: an idle keep-alive connection holds no child, and a request does not wait behind
/// another request's transfer while some child is idle. Shown with two children, one of them held by an upload whose
/// body trickles in without end; every answer is awaited (no durations are asserted).
/// </summary>
public sealed class ProcessKeepAliveTests
{
    private const string Get = "GET /a.txt HTTP/1.1\r\nHost: t\r\n\r\n";

    [Fact]
    public void With_one_of_two_children_held_by_a_trickling_upload_new_and_kept_alive_connections_are_both_answered()
    {
        using var server = new TestServer(ServerMode.Process, workers: 2, o => o with
        {
            KeepAliveTimeout = TimeSpan.FromMinutes(2),
            BodyTimeout = TimeSpan.FromMinutes(2),
        });
        server.Root.Write("a.txt", "abc");

        // Several kept-alive connections, each served once: they now wait, parked in whichever child served them.
        var kept = Enumerable.Range(0, 6).Select(_ => server.Connect()).ToList();
        foreach (var c in kept)
        {
            c.Write(Get);
            Assert.Equal("abc", c.ReadResponse().Text);
        }

        using var upload = server.Connect();
        upload.Write("PUT /endless.bin HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 100000000\r\n\r\n");
        Assert.Equal(100, upload.ReadStatusLine()); // a child is inside the upload now
        using var stop = new ManualResetEventSlim();
        var trickle = new Thread(() =>
        {
            while (!stop.Wait(50) && upload.TryWrite("x"u8.ToArray())) { }
        }) { IsBackground = true };
        trickle.Start();
        try
        {
            // Whichever child holds the upload, every kept-alive connection and a new one get their answers: the
            // connections parked in the busy child move to the idle one.
            foreach (var c in kept)
            {
                c.Write(Get);
                var response = c.ReadResponse();
                Assert.Equal(200, response.Status);
                Assert.Equal("abc", response.Text);
            }
            using var fresh = server.Connect();
            fresh.Write(Get);
            Assert.Equal("abc", fresh.ReadResponse().Text);

            // And again, now that they have moved: kept-alive connections stay usable.
            foreach (var c in kept)
            {
                c.Write(Get);
                Assert.Equal("abc", c.ReadResponse().Text);
            }
            // The upload is still in progress in its child (a GET is counted done a moment after its answer arrives).
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (server.Server.Statistics().Active != 1 && DateTime.UtcNow < deadline) Thread.Sleep(5);
            Assert.Equal(1, server.Server.Statistics().Active);
        }
        finally
        {
            stop.Set();
            trickle.Join(TimeSpan.FromSeconds(5));
            foreach (var c in kept) c.Dispose();
        }
    }

    [Fact]
    public void A_head_that_arrives_in_parts_across_a_hand_over_is_still_answered_once()
    {
        using var server = new TestServer(ServerMode.Process, workers: 2, o => o with
        {
            KeepAliveTimeout = TimeSpan.FromMinutes(2),
            BodyTimeout = TimeSpan.FromMinutes(2),
        });
        server.Root.Write("a.txt", "abc");
        var kept = Enumerable.Range(0, 4).Select(_ => server.Connect()).ToList();
        foreach (var c in kept)
        {
            c.Write(Get);
            Assert.Equal("abc", c.ReadResponse().Text);
            c.Write("GET /a.txt HTTP/1.1\r\n"); // the first half of the next head: read and kept by the child
        }

        using var upload = server.Connect();
        upload.Write("PUT /endless.bin HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 100000000\r\n\r\n");
        Assert.Equal(100, upload.ReadStatusLine());
        try
        {
            foreach (var c in kept)
            {
                c.Write("Host: t\r\n\r\n");
                var response = c.ReadResponse();
                Assert.Equal(200, response.Status);
                Assert.Equal("abc", response.Text);
            }
            var stats = server.Server.Statistics();
            Assert.Equal(0, stats.Failed);
        }
        finally
        {
            foreach (var c in kept) c.Dispose();
        }
    }
}
