using System.Net;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

/// <summary>The decisions the client cmdlets leave to the engine (the cmdlets themselves only map parameters).</summary>
public class CmdletSupportTests
{
    private static readonly Uri Folder = new("http://127.0.0.1:8885/up/");

    [Theory]
    [InlineData("out.bin", "/home/u/out.bin", "/home/u/out.bin")]
    [InlineData("dl/", "/home/u/dl", "/home/u/dl/")]
    [InlineData("dl/", "/home/u/dl/", "/home/u/dl/")]
    [InlineData(".", "/home/u", "/home/u")]
    [InlineData("~/", "/home/u/", "/home/u/")]
    public void Download_destination_keeps_a_typed_trailing_separator(string typed, string resolved, string expected) =>
        Assert.Equal(expected, CmdletSupport.DownloadDestination(typed, resolved));

    [Fact]
    public async Task Download_to_a_missing_folder_typed_with_a_slash_fails_and_writes_nothing()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("f.txt", "content");
        using var client = new PoolHttpClient();
        string destination = CmdletSupport.DownloadDestination("missing/", Path.Combine(local.Path, "missing"));

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(server.Uri("/f.txt"), destination)));

        Assert.Equal(PoolErrorKind.NotFound, e.Kind);
        Assert.Empty(local.AllFiles());
    }

    [Fact]
    public async Task Download_to_the_current_location_keeps_the_remote_name()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("sub/r é.txt", "remote");
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/sub/r%20%C3%A9.txt"), CmdletSupport.DownloadDestination(".", local.Path)));

        Assert.Equal(local.File("r é.txt"), result.Destination);
        Assert.Equal("remote", System.IO.File.ReadAllText(local.File("r é.txt")));
    }

    [Fact]
    public void Client_options_take_the_idle_timeout_in_seconds_and_zero_as_none()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.5), CmdletSupport.ClientOptions(2.5, null).IdleTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, CmdletSupport.ClientOptions(CmdletSupport.NoTimeout, null).IdleTimeout);
        Assert.Equal(PoolClientOptions.DefaultIdleTimeout,
            CmdletSupport.ClientOptions(PoolClientOptions.DefaultIdleTimeout.TotalSeconds, null).IdleTimeout);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(CmdletSupport.MaxTimeoutSeconds + 1)]
    public void Client_options_refuse_an_unusable_timeout(double seconds) =>
        Assert.Throws<ArgumentException>(() => CmdletSupport.ClientOptions(seconds, null));

    [Fact]
    public void Client_options_make_a_client_with_the_largest_timeout_and_the_credential()
    {
        var credential = new NetworkCredential("user", "secret");
        var options = CmdletSupport.ClientOptions(CmdletSupport.MaxTimeoutSeconds, credential);

        using var client = new PoolHttpClient(options);

        Assert.Same(credential, client.Options.Credential);
        Assert.Null(CmdletSupport.ClientOptions(1, null).Credential);
    }

    [Fact]
    public async Task A_client_with_no_timeout_still_transfers()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("f.txt", "content");
        using var client = new PoolHttpClient(CmdletSupport.ClientOptions(CmdletSupport.NoTimeout, null));

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.txt"), local.Path));

        Assert.Equal(7, result.Length);
    }

    [Fact]
    public void Delete_action_says_whether_contents_go_too()
    {
        Assert.Contains("empty folder", CmdletSupport.DeleteAction(new DeleteOptions(Folder)), StringComparison.Ordinal);
        Assert.Contains("everything in it", CmdletSupport.DeleteAction(new DeleteOptions(Folder, Recursive: true)), StringComparison.Ordinal);
    }
}
