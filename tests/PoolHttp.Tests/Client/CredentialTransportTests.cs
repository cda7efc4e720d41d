using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using PoolHttp.Cli;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server.Security;
using PoolHttp.Engine.Stress;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

/// <summary>A Basic credential goes over plain http:// only when the user asked; otherwise nothing at all is sent.</summary>
public sealed class CredentialTransportTests : IDisposable
{
    private const string User = "anna", Password = "s3cret pass";

    // Counts connections without accepting them: any request would leave one pending.
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TempRoot _local = new();

    public CredentialTransportTests() => _listener.Start();

    private Uri Http(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

    private static PoolClientOptions WithCredential(bool allow = false) =>
        new() { Credential = new NetworkCredential(User, Password), AllowUnencryptedAuthentication = allow, IdleTimeout = TimeSpan.FromSeconds(5) };

    public static TheoryData<string> Operations() => new() { "download", "upload", "list", "delete" };

    [Theory, MemberData(nameof(Operations))]
    public async Task Every_client_operation_refuses_a_credential_for_http_and_sends_nothing(string operation)
    {
        using var client = new PoolHttpClient(WithCredential());
        var (uri, method, work) = operation switch
        {
            "download" => (Http("/a.bin"), "GET", (Func<Task>)(() => client.DownloadAsync(new DownloadOptions(Http("/a.bin"), _local.File("a.bin"))))),
            "upload" => (Http("/up/b.bin"), "PUT", () => client.UploadAsync(new UploadOptions(_local.Write("b.bin", "bytes"), Http("/up/b.bin")))),
            "list" => (Http("/d/"), "GET", () => client.ListAsync(new ListOptions(Http("/d/"), Recurse: true))),
            _ => (Http("/d/"), "DELETE", (Func<Task>)(() => client.DeleteAsync(new DeleteOptions(Http("/d/"), true)))),
        };

        var e = await Assert.ThrowsAsync<PoolException>(work);

        Assert.Equal((PoolErrorKind.UnencryptedAuthentication, (object?)uri), (e.Kind, e.Target));
        Assert.StartsWith($"{method} {uri.AbsoluteUri}: Refusing to send the credential unencrypted over http://", e.Message, StringComparison.Ordinal);
        Assert.False(_listener.Pending(), "a connection was made");
        Assert.False(File.Exists(_local.File("a.bin")) || File.Exists(_local.File("a.bin.part")));
    }

    [Fact]
    public async Task With_the_allowance_the_credential_goes_over_http()
    {
        using var server = new TestServer(configure: o => o with { Authentication = BasicAuthenticator.FromCredential(User, Password, 1000) });
        server.Root.Write("a.txt", "hello");
        using var client = new PoolHttpClient(WithCredential(allow: true));

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/a.txt"), _local.File("a.txt")));

        Assert.Equal(5, result.Length);
    }

    [Fact]
    public void Https_and_requests_without_a_credential_need_no_allowance()
    {
        var credential = new NetworkCredential(User, Password);
        CredentialTransport.Check(credential, false, new Uri("https://example.org/a"));
        CredentialTransport.Check(null, false, new Uri("http://example.org/a"));
        Assert.Throws<PoolException>(() => CredentialTransport.Check(credential, false, new Uri("HTTP://example.org/a")));
    }

    [Fact]
    public void A_stress_run_with_a_credential_for_an_http_server_does_not_start_without_the_allowance()
    {
        var options = new StressOptions { BaseUri = Http("/"), Credential = new NetworkCredential(User, Password) };

        var e = Assert.Throws<PoolException>(options.Validate);

        Assert.Equal(PoolErrorKind.UnencryptedAuthentication, e.Kind);
        (options with { AllowUnencryptedAuthentication = true }).Validate();
        (options with { BaseUri = new Uri("https://127.0.0.1/") }).Validate();
    }

    [Theory]
    [InlineData("list", "/d/")]
    [InlineData("download", "/a.bin")]
    [InlineData("delete", "/a.bin")]
    [InlineData("upload", "/up/")]
    public void The_command_line_refuses_user_over_http_in_one_line_and_sends_nothing(string verb, string path)
    {
        string passwordFile = _local.Write("password.txt", Password + "\n");
        var args = new List<string> { verb, Http(path).AbsoluteUri, "--user", User, "--password-file", passwordFile, "--timeout", "5" };
        if (verb == "upload") args.Add(_local.Write("c.bin", "c"));
        if (verb == "download") args.AddRange(["-o", _local.File("out.bin")]);

        var run = Run(args.ToArray());

        Assert.Equal(Program.UsageError, run.Code);
        Assert.StartsWith($"poolhttp: {Http(path).AbsoluteUri}: Refusing to send the credential unencrypted", Assert.Single(Lines(run.Err)), StringComparison.Ordinal);
        Assert.False(_listener.Pending(), "a connection was made");
        Assert.False(File.Exists(_local.File("out.bin")));
    }

    [Fact]
    public void The_command_line_sends_user_over_http_with_allow_unencrypted_auth()
    {
        using var server = new TestServer(configure: o => o with { Authentication = BasicAuthenticator.FromCredential(User, Password, 1000) });
        server.Root.Write("a.txt", "hello");
        string passwordFile = _local.Write("password.txt", Password + "\n");

        var run = Run("download", server.Uri("/a.txt").AbsoluteUri, "-o", _local.File("a.txt"), "--user", User, "--password-file", passwordFile, "--allow-unencrypted-auth");

        Assert.Equal((0, ""), (run.Code, run.Err));
        Assert.Equal("hello", File.ReadAllText(_local.File("a.txt")));
    }

    [Fact]
    public void Stress_against_an_http_uri_with_user_is_refused_in_one_line_and_sends_nothing()
    {
        string passwordFile = _local.Write("password.txt", Password + "\n");

        var run = Run("stress", "--uri", Http("/").AbsoluteUri, "--user", User, "--password-file", passwordFile,
            "--operation", "download", "--size", "1KB", "--clients", "1");

        Assert.Equal(Program.UsageError, run.Code);
        Assert.StartsWith($"poolhttp: {Http("/").AbsoluteUri}: Refusing to send the credential unencrypted", Assert.Single(Lines(run.Err)), StringComparison.Ordinal);
        Assert.False(_listener.Pending(), "a connection was made");
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { UploadCommand.Create(), DownloadCommand.Create(), ListCommand.Create(), DeleteCommand.Create(), StressCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose()
    {
        _listener.Stop();
        _local.Dispose();
    }
}
