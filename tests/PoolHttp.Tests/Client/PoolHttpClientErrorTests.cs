using System.Net;
using System.Net.Sockets;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

public class PoolHttpClientErrorTests
{
    [Fact]
    public async Task Missing_remote_file_is_NotFound_with_the_servers_detail()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(server.Uri("/nope.txt"), local.File("x"))));

        Assert.Equal((PoolErrorKind.NotFound, (int?)404, "Not found."), (e.Kind, e.StatusCode, e.Detail));
        Assert.Equal(server.Uri("/nope.txt"), e.Target);
        Assert.False(File.Exists(local.File("x")));
    }

    [Fact]
    public async Task Listing_a_missing_folder_is_NotFound()
    {
        using var server = new TestServer();
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.ListAsync(new ListOptions(server.Uri("/nowhere/"))));

        Assert.Equal((PoolErrorKind.NotFound, (int?)404), (e.Kind, e.StatusCode));
    }

    [Fact]
    public async Task A_link_that_leaves_the_root_is_Forbidden()
    {
        using var server = new TestServer();
        using var outside = new TempRoot();
        outside.Write("secret.txt", "secret");
        File.CreateSymbolicLink(server.Root.File("escape"), outside.Path);
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadToHashAsync(server.Uri("/escape/secret.txt")));

        Assert.Equal((PoolErrorKind.Forbidden, (int?)403), (e.Kind, e.StatusCode));
        Assert.Contains("out of the served root", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encoded_slash_path_is_refused_as_an_InvalidArgument()
    {
        using var server = new TestServer();
        using var client = new PoolHttpClient();
        // HttpClient removes literal dot segments itself; an encoded slash is how a URL tries to smuggle them.
        var escaping = new Uri(server.Uri("/").AbsoluteUri + "%2e%2e%2Fetc%2Fpasswd");

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadToHashAsync(escaping));

        Assert.Equal((PoolErrorKind.InvalidArgument, (int?)400), (e.Kind, e.StatusCode));
        Assert.Contains("Encoded slashes", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploading_a_hidden_name_is_Forbidden_and_stores_nothing()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string source = local.Write("x.txt", "x");
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.UploadAsync(new UploadOptions(source, server.Uri("/.hidden"))));

        Assert.Equal((PoolErrorKind.Forbidden, (int?)403), (e.Kind, e.StatusCode));
        Assert.Contains("'.'", e.Detail, StringComparison.Ordinal);
        Assert.Empty(server.Root.AllFiles());
    }

    [Fact]
    public async Task Deleting_the_root_is_Forbidden()
    {
        using var server = new TestServer();
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DeleteAsync(new DeleteOptions(server.Uri("/"), Recursive: true)));

        Assert.Equal((PoolErrorKind.Forbidden, (int?)403, "The served root cannot be deleted."), (e.Kind, e.StatusCode, e.Detail));
    }

    [Fact]
    public async Task Uploading_onto_a_folder_is_a_Conflict()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("dir/inside.txt", "x");
        string source = local.Write("x.txt", "x");
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.UploadAsync(new UploadOptions(source, server.Uri("/dir"))));

        Assert.Equal((PoolErrorKind.Conflict, (int?)409), (e.Kind, e.StatusCode));
        Assert.Contains("folder", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_over_the_servers_maximum_is_refused_with_413_and_leaves_nothing()
    {
        using var server = new TestServer(configure: o => o with { MaxUploadSize = 1000 });
        using var local = new TempRoot();
        string source = local.Write("big.bin", ClientTestData.Bytes(100_000, seed: 1));
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.UploadAsync(new UploadOptions(source, server.Uri("/big.bin"))));

        Assert.Equal((PoolErrorKind.InvalidArgument, (int?)413), (e.Kind, e.StatusCode));
        Assert.Contains("limit of 1000 bytes", e.Detail, StringComparison.Ordinal);
        Assert.Empty(server.Root.AllFiles());
    }

    [Fact]
    public async Task Writes_to_a_read_only_server_are_Forbidden_with_405()
    {
        using var server = new TestServer(configure: o => o with { ReadOnly = true });
        using var local = new TempRoot();
        server.Root.Write("a.txt", "a");
        string source = local.Write("b.txt", "b");
        using var client = new PoolHttpClient();

        var upload = await Assert.ThrowsAsync<PoolException>(() => client.UploadAsync(new UploadOptions(source, server.Uri("/"))));
        var delete = await Assert.ThrowsAsync<PoolException>(() => client.DeleteAsync(new DeleteOptions(server.Uri("/a.txt"))));

        Assert.Equal((PoolErrorKind.Forbidden, (int?)405, "The server is read-only."), (upload.Kind, upload.StatusCode, upload.Detail));
        Assert.Equal((PoolErrorKind.Forbidden, (int?)405), (delete.Kind, delete.StatusCode));
        Assert.Equal(new[] { "a.txt" }, server.Root.AllFiles());
    }

    [Fact]
    public async Task Writes_under_the_reserved_prefix_are_Forbidden()
    {
        using var server = new TestServer();
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DeleteAsync(new DeleteOptions(server.Uri("/.poolhttp/stats"))));

        Assert.Equal((PoolErrorKind.Forbidden, (int?)405), (e.Kind, e.StatusCode));
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_Unreachable()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        using var local = new TempRoot();
        string destination = local.Write("keep.txt", "keep");
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() =>
            client.DownloadAsync(new DownloadOptions(new Uri($"http://127.0.0.1:{port}/a.txt"), destination)));

        Assert.Equal(PoolErrorKind.Unreachable, e.Kind);
        Assert.Null(e.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", e.Detail, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(destination));
        Assert.Empty(ClientTestData.Leftovers(local.Path));
    }

    [Fact]
    public async Task A_missing_local_file_is_NotFound_about_that_path()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.UploadAsync(new UploadOptions(local.File("absent.bin"), server.Uri("/"))));

        Assert.Equal((PoolErrorKind.NotFound, (object?)local.File("absent.bin")), (e.Kind, e.Target));
    }

    [Fact]
    public async Task A_destination_folder_that_does_not_exist_is_NotFound_before_any_request()
    {
        using var local = new TempRoot();
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() =>
            client.DownloadAsync(new DownloadOptions(new Uri("http://127.0.0.1:1/a.txt"), local.File("no/such/folder/a.txt"))));

        Assert.Equal(PoolErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task A_url_that_is_not_http_is_an_InvalidArgument()
    {
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.ListAsync(new ListOptions(new Uri("ftp://example.org/"))));

        Assert.Equal(PoolErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public async Task Downloading_a_folder_is_an_InvalidArgument()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("dir/a.txt", "a");
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(server.Uri("/dir"), local.File("d"))));

        Assert.Equal(PoolErrorKind.InvalidArgument, e.Kind);
        Assert.Empty(local.AllFiles());
    }
}
