using System.Net;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

/// <summary>The decisions the client cmdlets leave to the engine (the cmdlets themselves only map parameters).</summary>
public class CmdletSupportTests
{
    private static readonly Uri Folder = new("http://127.0.0.1:8885/up/");
    private static readonly Uri File = new("http://127.0.0.1:8885/up/name.bin");

    [Fact]
    public void One_file_to_a_file_uri_is_uploaded_as_that_remote_file()
    {
        var plan = CmdletSupport.PlanUploads(["/tmp/a.bin"], File);

        var upload = Assert.Single(plan);
        Assert.Equal(new UploadOptions("/tmp/a.bin", File), upload);
    }

    [Fact]
    public void One_file_to_a_folder_uri_keeps_the_folder()
    {
        var upload = Assert.Single(CmdletSupport.PlanUploads(["/tmp/a.bin"], Folder));
        Assert.Equal(Folder, upload.Destination);
    }

    [Fact]
    public void Several_files_to_a_file_uri_go_into_a_folder_of_that_name()
    {
        var plan = CmdletSupport.PlanUploads(["/tmp/a.bin", "/tmp/b.bin"], File);

        Assert.Equal(["/tmp/a.bin", "/tmp/b.bin"], plan.Select(u => u.Path));
        Assert.All(plan, u => Assert.Equal(new Uri("http://127.0.0.1:8885/up/name.bin/"), u.Destination));
    }

    [Fact]
    public void A_file_named_twice_is_uploaded_once_and_then_counts_as_one()
    {
        var plan = CmdletSupport.PlanUploads(["/tmp/a.bin", "/tmp/a.bin"], File);

        var upload = Assert.Single(plan);
        Assert.Equal(File, upload.Destination);
    }

    [Fact]
    public void Plan_keeps_the_order_given_and_carries_the_switches()
    {
        var plan = CmdletSupport.PlanUploads(["/z", "/a", "/m"], Folder, noOverwrite: true);

        Assert.Equal(["/z", "/a", "/m"], plan.Select(u => u.Path));
        Assert.All(plan, u => Assert.True(u.NoOverwrite && !u.Multipart));
        Assert.All(CmdletSupport.PlanUploads(["/z"], Folder, multipart: true), u => Assert.True(u.Multipart && !u.NoOverwrite));
    }

    [Fact]
    public void No_files_is_an_empty_plan()
    {
        Assert.Empty(CmdletSupport.PlanUploads([], Folder));
    }

    [Theory]
    [InlineData("up/")]
    [InlineData("ftp://127.0.0.1/up/")]
    [InlineData("file:///tmp/up/")]
    public void Plan_refuses_a_uri_that_is_not_absolute_http(string uri)
    {
        var e = Assert.Throws<PoolException>(() => CmdletSupport.PlanUploads(["/tmp/a.bin"], new Uri(uri, UriKind.RelativeOrAbsolute)));
        Assert.Equal(PoolErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Plan_refuses_NoOverwrite_with_Multipart_before_any_upload()
    {
        var e = Assert.Throws<PoolException>(() => CmdletSupport.PlanUploads(["/tmp/a.bin"], Folder, noOverwrite: true, multipart: true));
        Assert.Equal(PoolErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public async Task Planned_uploads_of_several_files_to_a_file_uri_land_in_that_folder()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string a = local.Write("a ü.bin", "aaa"), b = local.Write("b.bin", "bbbb");
        using var client = new PoolHttpClient();

        foreach (var upload in CmdletSupport.PlanUploads([a, b], server.Uri("/new folder")))
            await client.UploadAsync(upload);

        Assert.Equal(["new folder/a ü.bin", "new folder/b.bin"], server.Root.AllFiles());
        Assert.Equal("bbbb", System.IO.File.ReadAllText(server.Root.File("new folder/b.bin")));
    }

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
