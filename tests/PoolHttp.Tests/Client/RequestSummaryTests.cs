using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

/// <summary>Every request a client makes is told once, when it ends: what -Verbose shows.</summary>
public class RequestSummaryTests
{
    private const string Time = @" in \d+\.\d\d s";

    private readonly ConcurrentQueue<RequestSummary> _told = new();

    private PoolHttpClient Client() => new(new PoolClientOptions { RequestCompleted = _told.Enqueue });

    private string[] Lines() => _told.Select(r => r.ToString()).ToArray();

    [Fact]
    public async Task Each_operation_tells_its_requests_with_method_url_status_bytes_and_time()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        using var client = Client();
        string u = server.Uri("/").AbsoluteUri;

        await client.UploadAsync(new UploadOptions(local.Write("a.bin", "hello"), server.Uri("/up/")));
        await client.DownloadAsync(new DownloadOptions(server.Uri("/up/a.bin"), local.File("copy.bin")));
        await client.ListAsync(new ListOptions(server.Uri("/"), Recurse: true));
        await client.DeleteAsync(new DeleteOptions(server.Uri("/up/"), Recursive: true));

        var lines = Lines();
        Assert.Equal(5, lines.Length);
        Assert.Matches("^" + Regex.Escape($"PUT {u}up/a.bin: 201 Created, 5 B") + Time + "$", lines[0]);
        Assert.Matches("^" + Regex.Escape($"GET {u}up/a.bin: 200 OK, 5 B") + Time + "$", lines[1]);
        Assert.Matches("^" + Regex.Escape($"GET {u}: 200 OK, ") + @"\d+ B" + Time + "$", lines[2]);
        Assert.Matches("^" + Regex.Escape($"GET {u}up/: 200 OK, ") + @"\d+ B" + Time + "$", lines[3]);
        Assert.Matches("^" + Regex.Escape($"DELETE {u}up/?recursive=true: 204 No Content, 0 B") + Time + "$", lines[4]);
    }

    [Fact]
    public async Task A_refused_request_is_told_with_its_status()
    {
        using var server = new TestServer();
        using var client = Client();

        await Assert.ThrowsAsync<PoolException>(() => client.DownloadToHashAsync(server.Uri("/nope.bin")));

        var told = Assert.Single(_told);
        Assert.Equal(("GET", server.Uri("/nope.bin"), (int?)404), (told.Method, told.Uri, told.StatusCode));
    }

    [Fact]
    public async Task A_request_without_an_answer_is_told_as_such()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        using var client = Client();

        await Assert.ThrowsAsync<PoolException>(() => client.DeleteAsync(new DeleteOptions(new Uri($"http://127.0.0.1:{port}/a"), false)));

        Assert.Matches("^" + Regex.Escape($"DELETE http://127.0.0.1:{port}/a: no answer after ") + @"\d+\.\d\d s$", Assert.Single(Lines()));
    }
}
