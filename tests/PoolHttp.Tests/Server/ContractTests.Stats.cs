using System.Globalization;
using System.Text.Json;
using PoolHttp.Engine.Server;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    [Fact]
    public void Health_answers_200_ok()
    {
        using var s = StartServer();
        var r = s.Send(Req("GET", "/.poolhttp/health"));
        Assert.Equal(200, r.Status);
        Assert.Equal("ok", r.Text);
        AssertDateAndServer(r);
        AssertProblem(s.Send(Req("GET", "/.poolhttp/nothing-here")), 404);
    }

    [Fact]
    public void Stats_has_the_contract_shape_and_sees_itself_active()
    {
        using var s = StartServer(workers: 3);
        Settled(s);
        var r = s.Send(Req("GET", "/.poolhttp/stats"));
        Assert.Equal(200, r.Status);
        Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(r.Body);
        var root = doc.RootElement;
        Assert.Equal(Mode.ToString().ToLowerInvariant(), root.GetProperty("mode").GetString());
        Assert.Equal(3, root.GetProperty("workers").GetInt32());
        var started = DateTimeOffset.Parse(root.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(started <= DateTimeOffset.UtcNow && started > DateTimeOffset.UtcNow.AddHours(-1), started.ToString("O"));
        var requests = root.GetProperty("requests");
        foreach (var name in new[] { "total", "succeeded", "failed", "active" }) Assert.Equal(JsonValueKind.Number, requests.GetProperty(name).ValueKind);
        Assert.Equal(1, requests.GetProperty("active").GetInt64()); // this very request, and nothing else
        Assert.True(root.GetProperty("bytesReceived").GetInt64() >= 0);
        Assert.True(root.GetProperty("bytesSent").GetInt64() >= 0);
        var perWorker = root.GetProperty("perWorker").EnumerateArray().ToList();
        Assert.Equal(3, perWorker.Count);
        Assert.Equal(3, perWorker.Select(w => w.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var w in perWorker)
        {
            Assert.True(w.GetProperty("pid").GetInt32() > 0);
            Assert.Equal(w.GetProperty("total").GetInt64(), w.GetProperty("succeeded").GetInt64() + w.GetProperty("failed").GetInt64());
        }
        Assert.Equal(1, perWorker.Sum(w => w.GetProperty("active").GetInt64()));

        var parsed = ServerStatistics.Parse(r.Text);
        Assert.Equal(parsed.Total, parsed.PerWorker.Sum(w => w.Total));
        Assert.Equal(parsed.Total, parsed.Succeeded + parsed.Failed);
    }

    [Fact]
    public void Counts_add_up_over_successes_refusals_and_failures()
    {
        using var s = StartServer(workers: 3, configure: o => o with { HeaderTimeout = ShortTimeout });
        s.Root.Write("a.txt", "a");
        var baseline = Settled(s);

        s.Send(Req("GET", "/a.txt"));                         // 200: succeeded
        s.Send(Req("GET", "/missing"));                       // 404: succeeded (an answer below 500, sent whole)
        s.Send("garbage\r\n\r\n");                            // 400 for an unparseable head: a request like any other
        s.Send(Req("GET", "/a.txt", null, "X-Big: " + new string('b', 33 * 1024))); // 431
        s.Send(Req("BREW", "/a.txt"));                        // 501: failed
        using (var c = s.Connect())
        {
            c.Write("GET / HTTP/1.1\r\n");                   // 408 after the header timeout
            Assert.Equal(408, c.ReadResponse().Status);
        }
        using (var c = s.Connect())
        {
            c.Write("PUT /cut.bin HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\nonly-a-little");
        }                                                     // hang-up mid-body: failed

        var after = WaitForStats(s, st => st.Total == baseline.Total + 7 && st.Active == 0, "seven more finished requests");
        Assert.Equal(baseline.Succeeded + 5, after.Succeeded);
        Assert.Equal(baseline.Failed + 2, after.Failed);
        Assert.Equal(after.Total, after.PerWorker.Sum(w => w.Total));
        Assert.Equal(after.Succeeded, after.PerWorker.Sum(w => w.Succeeded));
        Assert.Equal(after.Failed, after.PerWorker.Sum(w => w.Failed));

        var overHttp = StatsOverHttp(s); // the same numbers, plus itself in progress
        Assert.Equal(after.Total, overHttp.Total);
        Assert.Equal(1, overHttp.Active);
    }

    [Fact]
    public void A_keep_alive_connection_closed_for_idleness_adds_no_request()
    {
        using var s = StartServer(configure: o => o with { KeepAliveTimeout = ShortTimeout });
        var baseline = Settled(s);
        using (var c = s.Connect())
        {
            c.Write(Req("GET", "/.poolhttp/health"));
            c.ReadResponse();
            Assert.Empty(c.ReadToClose()); // idle past the keep-alive timeout
        }
        var after = Settled(s);
        Assert.Equal(baseline.Total + 1, after.Total);
        Assert.Equal(baseline.Failed, after.Failed);
    }

    [Fact]
    public void Bytes_received_and_sent_move_with_bodies()
    {
        using var s = StartServer();
        var baseline = Settled(s);
        var body = Bytes(100_000, 50);
        Assert.Equal(201, s.Send(ReqBytes("PUT", "/b.bin", body)).Status);
        var afterPut = WaitForStats(s, st => st.Total == baseline.Total + 1, "the upload to be counted");
        Assert.True(afterPut.BytesReceived >= baseline.BytesReceived + body.Length,
            $"received {afterPut.BytesReceived - baseline.BytesReceived} for a {body.Length}-byte body");

        Assert.Equal(body, s.Send(Req("GET", "/b.bin")).Body);
        var afterGet = WaitForStats(s, st => st.Total == baseline.Total + 2, "the download to be counted");
        Assert.True(afterGet.BytesSent >= afterPut.BytesSent + body.Length,
            $"sent {afterGet.BytesSent - afterPut.BytesSent} for a {body.Length}-byte body");
    }
}
