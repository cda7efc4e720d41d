using System.Text;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Server.Security;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Security;

/// <summary>Basic authentication on the wire and on disk, in both modes.</summary>
public abstract class AuthenticationTests
{
    internal const string User = "tester";
    internal const string Password = "c0rrect horse:battery";

    protected abstract ServerMode Mode { get; }

    internal static string AuthHeader(string user, string password) =>
        "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    private TestServer Start(bool anonymousRead = false) => new(Mode, 2, o => o with
    {
        Authentication = BasicAuthenticator.FromCredential(User, Password, 1000),
        AnonymousRead = anonymousRead,
    });

    private static string Req(string method, string target, string? body = null, params string[] headers)
    {
        var sb = new StringBuilder().Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: t\r\n");
        foreach (var h in headers) sb.Append(h).Append("\r\n");
        if (body is not null) sb.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n");
        return sb.Append("\r\n").Append(body).ToString();
    }

    private static void AssertChallenge(RawResponse r)
    {
        Assert.Equal(401, r.Status);
        Assert.Equal("Basic realm=\"PoolHttp\", charset=\"UTF-8\"", r.Header("WWW-Authenticate"));
        Assert.Equal("application/problem+json", r.Header("Content-Type"));
        Assert.DoesNotContain(Password, r.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_wrong_credential_is_refused_and_the_right_one_is_served()
    {
        using var server = Start();
        server.Root.Write("a.txt", "hello");
        AssertChallenge(server.Send(Req("GET", "/a.txt")));
        AssertChallenge(server.Send(Req("GET", "/a.txt", null, AuthHeader(User, "wrong"))));
        AssertChallenge(server.Send(Req("GET", "/a.txt", null, AuthHeader("nobody", Password))));
        var ok = server.Send(Req("GET", "/a.txt", null, AuthHeader(User, Password)));
        Assert.Equal(200, ok.Status);
        Assert.Equal("hello", ok.Text);
    }

    [Fact]
    public void A_refused_upload_leaves_nothing_on_disk_and_closes_without_reading_the_body()
    {
        using var server = Start();
        server.Root.Write("keep.txt", "old");
        using (var client = server.Connect())
        {
            client.Write(Req("PUT", "/keep.txt", "new version", AuthHeader(User, "wrong")));
            var r = client.ReadResponse();
            AssertChallenge(r);
            Assert.True(r.Closes);
        }
        using (var client = server.Connect())
        {
            // Expect: 100-continue is answered with the 401 alone: the client is never invited to send the body.
            client.Write(Req("PUT", "/new.bin", null, "Content-Length: 1000000", "Expect: 100-continue"));
            var r = client.ReadResponse();
            AssertChallenge(r);
            Assert.True(r.Closes);
        }
        AssertChallenge(server.Send(Req("DELETE", "/keep.txt")));
        Assert.Equal("old", Encoding.UTF8.GetString(server.Root.Read("keep.txt")));
        Assert.False(server.Root.Exists("new.bin"));
        Assert.Empty(server.Root.TempFiles());
        Assert.Equal(204, server.Send(Req("PUT", "/keep.txt", "new", AuthHeader(User, Password))).Status);
        Assert.Equal("new", Encoding.UTF8.GetString(server.Root.Read("keep.txt")));
    }

    [Fact]
    public void Health_stays_open_and_stats_need_a_credential()
    {
        using var server = Start(anonymousRead: true);
        Assert.Equal(200, server.Send(Req("GET", "/.poolhttp/health")).Status);
        AssertChallenge(server.Send(Req("GET", "/.poolhttp/stats")));
        Assert.Equal(200, server.Send(Req("GET", "/.poolhttp/stats", null, AuthHeader(User, Password))).Status);
    }

    [Fact]
    public void Anonymous_read_serves_reads_and_refuses_writes_without_a_credential()
    {
        using var server = Start(anonymousRead: true);
        server.Root.Write("a.txt", "hello");
        Assert.Equal(200, server.Send(Req("GET", "/a.txt")).Status);
        Assert.Equal(200, server.Send(Req("GET", "/?format=json")).Status);
        AssertChallenge(server.Send(Req("PUT", "/b.txt", "x")));
        Assert.False(server.Root.Exists("b.txt"));
        Assert.Equal(201, server.Send(Req("PUT", "/b.txt", "x", AuthHeader(User, Password))).Status);
    }
}

public sealed class ThreadModeAuthenticationTests : AuthenticationTests
{
    protected override ServerMode Mode => ServerMode.Thread;
}

public sealed class ProcessModeAuthenticationTests : AuthenticationTests
{
    protected override ServerMode Mode => ServerMode.Process;

    [Fact]
    public void Worker_command_lines_carry_no_password_or_hash()
    {
        if (!OperatingSystem.IsLinux()) return;
        var auth = BasicAuthenticator.FromCredential(User, Password, 1000);
        string hash = auth.ToLines()[0].Split(':')[4];
        using var server = new TestServer(ServerMode.Process, 2, o => o with { Authentication = auth });
        foreach (var worker in server.Server.Statistics().PerWorker)
        {
            string cmdline = File.ReadAllText($"/proc/{worker.Pid}/cmdline");
            Assert.Contains("worker", cmdline, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, cmdline, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, cmdline, StringComparison.Ordinal);
        }
    }
}
