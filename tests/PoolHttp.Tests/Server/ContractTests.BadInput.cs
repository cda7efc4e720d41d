using System.Text;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    [Theory]
    [InlineData("garbage\r\n\r\n")]
    [InlineData("GET /\r\n\r\n")]
    [InlineData("GET  / HTTP/1.1\r\nHost: t\r\n\r\n")]
    [InlineData("GET / HTTP/1.1 extra\r\nHost: t\r\n\r\n")]
    [InlineData("G(T / HTTP/1.1\r\nHost: t\r\n\r\n")]
    [InlineData("GET / HTTP/1.1x\r\nHost: t\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\nNo colon here\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\nBad Name: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\nName : x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n folded\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\nX-A: a\u0001b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\nHost: u\r\n\r\n")]
    [InlineData("GET hello.txt HTTP/1.1\r\nHost: t\r\n\r\n")]
    [InlineData("GET /a%zz HTTP/1.1\r\nHost: t\r\n\r\n")]
    [InlineData("GET /a%2fb HTTP/1.1\r\nHost: t\r\n\r\n")]
    [InlineData("GET /%ff HTTP/1.1\r\nHost: t\r\n\r\n")]
    [InlineData("GET * HTTP/1.1\r\nHost: t\r\n\r\n")]
    public void A_malformed_request_line_or_header_is_400_and_the_connection_closes(string request)
    {
        using var s = StartServer();
        using var c = s.Connect();
        c.Write(request + Req("GET", "/.poolhttp/health"));
        var r = c.ReadResponse();
        AssertProblem(r, 400);
        Assert.True(r.Closes);
        Assert.Empty(c.ReadToClose());
    }

    [Theory]
    [InlineData("Content-Length: 5\r\nTransfer-Encoding: chunked")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 5")]
    [InlineData("Content-Length: 5\r\nContent-Length: 6")]
    [InlineData("Content-Length: 5, 6")]
    [InlineData("Content-Length: -5")]
    [InlineData("Content-Length: 5x")]
    [InlineData("Content-Length: +5")]
    public void Ambiguous_framing_is_400_and_the_connection_closes(string framing)
    {
        using var s = StartServer();
        using var c = s.Connect();
        c.Write($"PUT /f.txt HTTP/1.1\r\nHost: t\r\n{framing}\r\n\r\nhello");
        var r = c.ReadResponse();
        AssertProblem(r, 400);
        Assert.True(r.Closes);
        Assert.True(c.IsClosedByServer());
        Assert.Empty(s.Root.AllFiles());
    }

    [Fact]
    public void Repeated_equal_content_lengths_are_accepted()
    {
        using var s = StartServer();
        var r = s.Send("PUT /f.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello");
        Assert.Equal(201, r.Status);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("gzip, chunked")]
    public void An_unknown_transfer_coding_is_501(string coding)
    {
        using var s = StartServer();
        var r = s.Send($"PUT /f.txt HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: {coding}\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        AssertProblem(r, 501);
        Assert.Empty(s.Root.AllFiles());
    }

    [Fact]
    public void Chunked_that_is_not_the_final_coding_is_400_as_RFC_9112_requires()
    {
        using var s = StartServer();
        var r = s.Send("PUT /f.txt HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        AssertProblem(r, 400);
        Assert.Empty(s.Root.AllFiles());
    }

    [Fact]
    public void A_request_target_over_8_KiB_is_414()
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "a");
        string near = "/a.txt?" + new string('q', 8 * 1024 - 7);
        Assert.Equal(200, s.Send(Req("GET", near)).Status);
        var r = s.Send(Req("GET", near + "q"));
        AssertProblem(r, 414);
    }

    [Fact]
    public void A_header_section_over_32_KiB_is_431_but_many_small_fields_are_fine()
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "a");
        var many = Enumerable.Range(0, 1000).Select(i => $"X-F{i}: v").ToArray();
        Assert.Equal(200, s.Send(Req("GET", "/a.txt", null, many)).Status);

        var r = s.Send(Req("GET", "/a.txt", null, "X-Big: " + new string('b', 33 * 1024)));
        AssertProblem(r, 431);
        Assert.True(r.Closes);
    }

    [Theory]
    [InlineData("PATCH")]
    [InlineData("TRACE")]
    [InlineData("PROPFIND")]
    public void A_known_method_the_resource_refuses_is_405_with_allow(string method)
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "a");
        var before = s.Root.Snapshot();
        var r = s.Send(Req(method, "/a.txt", "x"));
        AssertProblem(r, 405);
        Assert.Equal(new[] { "DELETE", "GET", "HEAD", "MKCOL", "OPTIONS", "POST", "PUT" }, Methods(r.Header("Allow")));
        Assert.Equal(before, s.Root.Snapshot());
    }

    [Theory]
    [InlineData("BREW")]
    [InlineData("get")]
    public void An_unknown_method_is_501(string method)
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "a");
        AssertProblem(s.Send(Req(method, "/a.txt")), 501);
    }

    [Theory]
    [InlineData("HTTP/3.0")]
    [InlineData("HTTP/2.0")]
    [InlineData("HTTP/0.9")]
    public void An_unsupported_http_version_is_505(string version)
    {
        using var s = StartServer();
        var r = s.Send($"GET / {version}\r\nHost: t\r\n\r\n");
        AssertProblem(r, 505);
    }

    [Fact]
    public void A_head_not_complete_within_the_header_timeout_is_408_and_closes()
    {
        using var s = StartServer(configure: o => o with { HeaderTimeout = ShortTimeout });
        using var c = s.Connect();
        c.Write("GET /a.txt HTTP/1.1\r\nHost: t\r\n"); // the blank line never comes
        var r = c.ReadResponse();
        AssertProblem(r, 408);
        Assert.True(r.Closes);
        Assert.True(c.IsClosedByServer());
    }

    [Fact]
    public void A_head_trickling_in_past_the_header_timeout_is_408()
    {
        using var s = StartServer(configure: o => o with { HeaderTimeout = ShortTimeout });
        using var c = s.Connect();
        c.Write("GET /a.txt HTTP/1.1\r\n");
        // Keep sending header bytes: activity must not extend the header timeout (slowloris).
        bool answered = false;
        for (int i = 0; i < 1000 && !answered; i++)
        {
            if (!c.TryWrite(Encoding.ASCII.GetBytes($"X-{i}: y\r\n"))) break;
            answered = c.HasInputWithin(TimeSpan.FromMilliseconds(20));
        }
        Assert.True(answered, "the server never answered a head that kept trickling in");
        AssertProblem(c.ReadResponse(), 408);
    }

    [Fact]
    public void An_idle_keep_alive_connection_is_closed_quietly_after_the_keep_alive_timeout()
    {
        using var s = StartServer(configure: o => o with { KeepAliveTimeout = ShortTimeout });
        using var c = s.Connect();
        c.Write(Req("GET", "/.poolhttp/health"));
        Assert.Equal(200, c.ReadResponse().Status);
        Assert.Empty(c.ReadToClose()); // closed, and no 408 or anything else was sent
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public void A_read_only_server_refuses_writes_with_405_and_allow(string method)
    {
        using var s = StartServer(configure: o => o with { ReadOnly = true });
        s.Root.Write("a.txt", "a");
        Directory.CreateDirectory(s.Root.File("dir"));
        var before = s.Root.Snapshot();
        foreach (var target in new[] { "/a.txt", "/new.txt", "/dir/", "/" })
        {
            var r = s.Send(method == "DELETE" ? Req(method, target) : Req(method, target, "data"));
            AssertProblem(r, 405);
            Assert.Equal(new[] { "GET", "HEAD", "OPTIONS" }, Methods(r.Header("Allow")));
        }
        Assert.Equal(before, s.Root.Snapshot());
        Assert.Equal("a", s.Send(Req("GET", "/a.txt")).Text);
    }

    [Theory]
    [InlineData("PUT", "/.poolhttp/stats")]
    [InlineData("POST", "/.poolhttp/health")]
    [InlineData("DELETE", "/.poolhttp/stats")]
    [InlineData("PUT", "/.poolhttp/new.txt")]
    public void A_write_under_the_reserved_prefix_is_405_with_allow_get_head(string method, string target)
    {
        using var s = StartServer();
        var r = s.Send(method == "DELETE" ? Req(method, target) : Req(method, target, "data"));
        AssertProblem(r, 405);
        Assert.Equal(new[] { "GET", "HEAD" }, Methods(r.Header("Allow")));
        Assert.Empty(s.Root.Snapshot());
    }

    [Fact]
    public void The_header_timeout_of_a_pipelined_head_starts_after_the_previous_response_not_with_the_previous_request()
    {
        // Longer than ShortTimeout: the rest of the head is written after the client has read 4 MiB, and on a loaded
        // machine that alone has taken more than 300 ms.
        var headerTimeout = TimeSpan.FromSeconds(1);
        using var s = StartServer(configure: o => o with { HeaderTimeout = headerTimeout, BodyTimeout = TimeSpan.FromSeconds(20) });
        s.Root.Write("a.txt", "a");
        var big = Bytes(4 * 1024 * 1024, 5);
        s.Root.Write("big.bin", big);
        using var c = new RawHttp(s.Port, receiveBuffer: 4096);
        c.Write(Req("GET", "/big.bin") + "GET /a.txt HTTP/1.1\r\nHo"); // the next head starts in the same write
        // A slow reader: the download takes longer than a head may, though the next head has not been awaited yet.
        Thread.Sleep(headerTimeout * 2);
        Assert.Equal(big, c.ReadResponse().Body);
        c.Write("st: t\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Equal(200, r.Status);
        Assert.Equal("a", r.Text);
    }

    /// <summary>A name longer than any file system allows for one segment (255 bytes on Linux, 255 UTF-16 units on NTFS).</summary>
    private static readonly string TooLongName = new string('n', 300) + ".txt";

    [Fact]
    public void A_name_the_file_system_cannot_hold_is_not_found_for_reads_and_deletes()
    {
        using var s = StartServer();
        s.Root.Write("f.txt", "x");
        var before = s.Root.Snapshot();
        foreach (var target in new[] { "/" + TooLongName, "/" + TooLongName + "/", "/dir/" + TooLongName, "/f.txt/below.txt" })
        {
            AssertProblem(s.Send(Req("GET", target)), 404);
            AssertProblem(s.Send(Req("DELETE", target)), 404);
        }
        Assert.Equal(before, s.Root.Snapshot());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    public void An_upload_to_a_name_the_file_system_refuses_is_an_error_and_leaves_nothing(string method)
    {
        using var s = StartServer();
        Directory.CreateDirectory(s.Root.File("up"));
        var before = s.Root.Snapshot();
        var r = method == "PUT"
            ? s.Send(Req("PUT", "/up/" + TooLongName, "data"))
            : s.Send(PostMultipart("/up/", Multipart(("file", "ok.txt", "ok"u8.ToArray()), ("file", TooLongName, "data"u8.ToArray()))));
        Assert.True(r.Status is 400 or 500 or 507, $"status {r.Status}");
        AssertProblem(r, r.Status);
        Assert.Equal(before, s.Root.Snapshot());
    }

    [Theory]
    [InlineData(414)]
    [InlineData(431)]
    [InlineData(400)]
    public void A_refusal_reaches_a_client_that_is_still_sending_a_huge_head(int status)
    {
        using var s = StartServer();
        string filler = new('x', 2 * 1024 * 1024);
        string request = status switch
        {
            414 => $"GET /{filler} HTTP/1.1\r\nHost: t\r\n\r\n",
            431 => $"GET / HTTP/1.1\r\nHost: t\r\nX-Big: {filler}\r\n\r\n",
            _ => $"not a request line\r\nX-Big: {filler}\r\n\r\n",
        };
        using var c = s.Connect();
        c.TryWrite(Encoding.ASCII.GetBytes(request)); // the server answers and closes long before this is all sent
        AssertProblem(c.ReadResponse(), status);
    }
}
