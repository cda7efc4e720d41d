using System.Net;
using System.Net.Sockets;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

/// <summary>A failure's message names the request, the status and the detail, as PowerShell's own errors read.</summary>
public class PoolExceptionMessageTests
{
    [Fact]
    public async Task A_missing_file_names_the_method_the_url_the_status_and_the_servers_detail()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        using var client = new PoolHttpClient();
        var uri = server.Uri("/up/x ü.bin");

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(uri, local.File("x"))));

        Assert.Equal($"GET {uri.AbsoluteUri}: 404 Not Found: Not found.", e.Message);
        Assert.Equal(("GET", "Not found.", (object?)uri), (e.Method, e.Detail, e.Target));
    }

    [Fact]
    public async Task A_refused_upload_names_PUT_and_the_412()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("a.txt", "old");
        using var client = new PoolHttpClient();
        var uri = server.Uri("/a.txt");

        var e = await Assert.ThrowsAsync<PoolException>(() => client.UploadAsync(new UploadOptions(local.Write("a.txt", "new"), uri) { NoOverwrite = true }));

        Assert.Equal($"PUT {uri.AbsoluteUri}: 412 Precondition Failed: The file exists and If-None-Match: * forbids replacing it.", e.Message);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_still_names_the_method_and_the_url()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.ListAsync(new ListOptions(new Uri($"http://127.0.0.1:{port}/d/"))));

        Assert.Null(e.StatusCode);
        Assert.StartsWith($"GET http://127.0.0.1:{port}/d/: Cannot connect to 127.0.0.1:{port}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_without_a_detail_reads_as_its_status_alone()
    {
        using var server = new ScriptedServer(ScriptedServer.MakeHead("404 Not Found", "Content-Type: text/html", "Content-Length: 5"), "<p/>\n"u8.ToArray(), stallAfter: false);
        using var client = new PoolHttpClient();
        var uri = server.Uri("/gone.bin");

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadToHashAsync(uri));

        Assert.Equal($"GET {uri.AbsoluteUri}: 404 Not Found", e.Message);
    }

    [Fact]
    public async Task A_local_failure_names_the_path_and_no_request()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        using var client = new PoolHttpClient();
        string missing = local.File("missing.txt");

        var e = await Assert.ThrowsAsync<PoolException>(() => client.UploadAsync(new UploadOptions(missing, server.Uri("/"))));

        Assert.Equal($"{missing}: The local file or folder does not exist.", e.Message);
    }

    [Fact]
    public void A_status_the_server_named_itself_keeps_its_reason_phrase()
    {
        var uri = new Uri("http://h/a");

        Assert.Equal("DELETE http://h/a: 423 Locked: held", new PoolException(PoolErrorKind.Conflict, "held", uri, 423, null) { Method = "DELETE", ReasonPhrase = "Locked" }.Message);
        Assert.Equal("GET http://h/a: 599: odd", new PoolException(PoolErrorKind.Protocol, "odd", uri, 599, null) { Method = "GET" }.Message);
        Assert.Equal("just this", new PoolException(PoolErrorKind.Protocol, "just this", null).Message);
    }
}
