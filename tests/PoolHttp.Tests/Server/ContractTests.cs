using System.Globalization;
using System.Text;
using System.Text.Json;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

/// <summary>
/// The server half of the contract (CONTRACT.md section 1) over real loopback sockets, asserted on the wire and on
/// disk. One subclass per <see cref="ServerMode"/> runs the same suite, so nothing here may depend on how workers run.
/// </summary>
public abstract partial class ContractTests
{
    /// <summary>Short timeouts keep the tests about timeouts fast; they are never used to wait for a server.</summary>
    protected static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a test polls for a server-side event before it fails.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>The mode every server of this run is started in.</summary>
    protected abstract ServerMode Mode { get; }

    /// <summary>Starts a server on port 0 over a fresh hostile root, healthy when returned.</summary>
    protected TestServer StartServer(int workers = 2, Func<ServerOptions, ServerOptions>? configure = null) =>
        new(Mode, workers, configure);

    /// <summary>A request with a Host header, the given header lines and, when given, a body with its Content-Length.</summary>
    protected static string Req(string method, string target, string? body = null, params string[] headers) =>
        Encoding.UTF8.GetString(ReqBytes(method, target, body is null ? null : Encoding.UTF8.GetBytes(body), headers));

    /// <summary>The byte form of <see cref="Req(string, string, string?, string[])"/>.</summary>
    protected static byte[] ReqBytes(string method, string target, byte[]? body, params string[] headers)
    {
        var sb = new StringBuilder();
        sb.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: t\r\n");
        foreach (var h in headers) sb.Append(h).Append("\r\n");
        if (body is not null) sb.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append("\r\n");
        return Concat(Encoding.UTF8.GetBytes(sb.ToString()), body ?? Array.Empty<byte>());
    }

    /// <summary>A chunked encoding of <paramref name="body"/> in pieces of <paramref name="chunk"/> bytes, with the last chunk.</summary>
    protected static byte[] Chunked(byte[] body, int chunk, bool last = true)
    {
        using var ms = new MemoryStream();
        for (int i = 0; i < body.Length; i += chunk)
        {
            int n = Math.Min(chunk, body.Length - i);
            ms.Write(Encoding.ASCII.GetBytes(n.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            ms.Write(body, i, n);
            ms.Write("\r\n"u8);
        }
        if (last) ms.Write("0\r\n\r\n"u8);
        return ms.ToArray();
    }

    protected static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Deterministic pseudo-random bytes, different for each seed.</summary>
    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>An error answer: the status, a problem+json body with title, status and detail, and the usual headers.</summary>
    protected static void AssertProblem(RawResponse r, int status)
    {
        Assert.Equal(status, r.Status);
        Assert.Equal("application/problem+json", r.Header("Content-Type"));
        using var doc = JsonDocument.Parse(r.Body);
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("title").GetString()));
        Assert.Equal(status, doc.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("detail").GetString()));
        AssertDateAndServer(r);
    }

    /// <summary>Every response carries a valid Date and a Server header, once each.</summary>
    protected static void AssertDateAndServer(RawResponse r)
    {
        var date = Assert.Single(r.All("Date"));
        Assert.True(DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), date);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(r.All("Server"))));
    }

    /// <summary>No temporary upload file is left anywhere under the root.</summary>
    protected static void AssertNoTempFiles(TestServer s) => Assert.Empty(s.Root.TempFiles());

    /// <summary>The statistics as <c>/.poolhttp/stats</c> reports them (this request is itself active).</summary>
    protected static ServerStatistics StatsOverHttp(TestServer s)
    {
        var r = s.Send(Req("GET", "/.poolhttp/stats", null, "Connection: close"));
        Assert.Equal(200, r.Status);
        return ServerStatistics.Parse(r.Text);
    }

    /// <summary>Polls the server object's statistics (no request of its own) until <paramref name="condition"/> holds.</summary>
    protected static ServerStatistics WaitForStats(TestServer s, Func<ServerStatistics, bool> condition, string what)
    {
        ServerStatistics last = s.Server.Statistics();
        WaitFor(() => condition(last = s.Server.Statistics()), what);
        return last;
    }

    /// <summary>Waits until nothing is in progress, so that counts taken now are settled.</summary>
    protected static ServerStatistics Settled(TestServer s) => WaitForStats(s, st => st.Active == 0, "no request in progress");

    /// <summary>Polls a condition with a deadline; a server-side event is awaited this way, never by sleeping.</summary>
    protected static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for: " + what);
            Thread.Sleep(5);
        }
    }

    /// <summary>True when a new connection to the port is refused.</summary>
    protected static bool Refuses(int port)
    {
        try
        {
            using var c = new RawHttp(port);
            c.Write(Req("GET", "/.poolhttp/health", null, "Connection: close"));
            c.ReadResponse();
            return false;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            return true;
        }
    }
}

/// <summary>The contract against a Thread-mode server.</summary>
public sealed class ThreadModeContractTests : ContractTests
{
    protected override ServerMode Mode => ServerMode.Thread;
}

/// <summary>The contract suite against child processes sharing the listening socket.</summary>
public sealed class ProcessModeContractTests : ContractTests
{
    protected override ServerMode Mode => ServerMode.Process;
}
