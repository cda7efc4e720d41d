using System.Text;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    [Fact]
    public void A_keep_alive_connection_serves_several_requests()
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "A");
        using var c = s.Connect();
        for (int i = 0; i < 5; i++)
        {
            c.Write(Req("GET", "/a.txt"));
            var r = c.ReadResponse();
            Assert.Equal("A", r.Text);
            Assert.False(r.Closes);
        }
        c.Write(Req("PUT", "/b.txt", "B"));
        Assert.Equal(201, c.ReadResponse().Status);
        c.Write(Req("GET", "/b.txt"));
        Assert.Equal("B", c.ReadResponse().Text);
    }

    [Fact]
    public void Pipelined_requests_are_answered_in_order()
    {
        using var s = StartServer(workers: 4);
        s.Root.Write("one.txt", "1");
        s.Root.Write("two.txt", "22");
        using var c = s.Connect();
        c.Write(Req("GET", "/one.txt") + Req("HEAD", "/two.txt") + Req("PUT", "/three.txt", "333") +
                Req("GET", "/three.txt") + Req("GET", "/missing") + Req("DELETE", "/one.txt") + Req("GET", "/two.txt"));

        Assert.Equal("1", c.ReadResponse().Text);
        var head = c.ReadResponse(headOnly: true);
        Assert.Equal("2", head.Header("Content-Length"));
        Assert.Equal(201, c.ReadResponse().Status);
        Assert.Equal("333", c.ReadResponse().Text);
        Assert.Equal(404, c.ReadResponse().Status);
        Assert.Equal(204, c.ReadResponse().Status);
        Assert.Equal("22", c.ReadResponse().Text);
        Assert.False(s.Root.Exists("one.txt"));
    }

    [Fact]
    public void Pipelined_chunked_upload_leaves_the_next_request_intact()
    {
        using var s = StartServer();
        using var c = s.Connect();
        c.Write(Concat(Encoding.ASCII.GetBytes("PUT /c.txt HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Chunked("chunky"u8.ToArray(), 4), Encoding.ASCII.GetBytes(Req("GET", "/c.txt"))));
        Assert.Equal(201, c.ReadResponse().Status);
        Assert.Equal("chunky", c.ReadResponse().Text);
    }

    [Fact]
    public void Http10_closes_after_the_response_unless_keep_alive_is_asked()
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "A");
        using (var c = s.Connect())
        {
            c.Write("GET /a.txt HTTP/1.0\r\n\r\n");
            var r = c.ReadResponse();
            Assert.Equal("A", r.Text);
            Assert.True(r.Closes);
            Assert.True(c.IsClosedByServer());
        }
        using (var c = s.Connect())
        {
            c.Write("GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            var r = c.ReadResponse();
            Assert.Equal("A", r.Text);
            Assert.Equal("keep-alive", r.Header("Connection"), ignoreCase: true);
            c.Write("GET /a.txt HTTP/1.0\r\n\r\n");
            Assert.Equal("A", c.ReadResponse().Text);
            Assert.True(c.IsClosedByServer());
        }
    }

    [Fact]
    public void Connection_close_is_honoured()
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "A");
        using var c = s.Connect();
        c.Write(Req("GET", "/a.txt", null, "Connection: close") + Req("GET", "/a.txt"));
        var r = c.ReadResponse();
        Assert.Equal("A", r.Text);
        Assert.True(r.Closes);
        Assert.Empty(c.ReadToClose()); // the pipelined second request is not answered
    }

    [Fact]
    public void Expect_100_continue_is_answered_with_100_before_the_body_then_201()
    {
        using var s = StartServer();
        using var c = s.Connect();
        c.Write("PUT /e.txt HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        Assert.Equal(100, c.ReadStatusLine());
        Assert.False(s.Root.Exists("e.txt"));
        c.Write("hello");
        var r = c.ReadResponse();
        Assert.Equal(201, r.Status);
        Assert.Equal("hello", Encoding.UTF8.GetString(s.Root.Read("e.txt")));
        c.Write(Req("GET", "/e.txt"));
        Assert.Equal("hello", c.ReadResponse().Text);
    }

    [Fact]
    public void Expect_100_continue_with_a_refused_precondition_gets_412_without_the_body_being_read()
    {
        using var s = StartServer();
        s.Root.Write("e.txt", "original");
        using var c = s.Connect();
        c.Write("PUT /e.txt HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nIf-None-Match: *\r\nContent-Length: 100000\r\n\r\n");
        Assert.Equal(412, c.ReadStatusLine()); // not 100: the body was never invited
        var r = c.ReadResponse();
        AssertProblem(r, 412);
        Assert.True(r.Closes);
        Assert.True(c.IsClosedByServer());
        Assert.Equal("original", Encoding.UTF8.GetString(s.Root.Read("e.txt")));
        AssertNoTempFiles(s);
    }

    [Fact]
    public void Expect_100_continue_over_the_maximum_gets_413_without_the_body_being_read()
    {
        using var s = StartServer(configure: o => o with { MaxUploadSize = 10 });
        using var c = s.Connect();
        c.Write("PUT /e.txt HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
        Assert.Equal(413, c.ReadStatusLine());
        AssertProblem(c.ReadResponse(), 413);
        Assert.False(s.Root.Exists("e.txt"));
    }

    [Fact]
    public void Expect_100_continue_with_a_chunked_body_over_the_maximum_gets_413_after_the_100()
    {
        using var s = StartServer(configure: o => o with { MaxUploadSize = 50_000 });
        using var c = s.Connect();
        c.Write("PUT /e.bin HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
        Assert.Equal(100, c.ReadStatusLine());
        c.TryWrite(Chunked(Bytes(60_000, 9), 10_000));
        AssertProblem(c.ReadResponse(), 413);
        Assert.False(s.Root.Exists("e.bin"));
        WaitFor(() => s.Root.TempFiles().Count == 0, "the partial upload to be discarded");
    }

    [Fact]
    public void Every_final_response_has_date_and_server()
    {
        using var s = StartServer(configure: o => o with { MaxUploadSize = 100 });
        s.Root.Write("a.txt", "a");
        Directory.CreateDirectory(s.Root.File("dir"));
        string etag = s.Send(Req("GET", "/a.txt")).Header("ETag")!;
        var requests = new[]
        {
            Req("GET", "/a.txt"), Req("HEAD", "/a.txt"), Req("GET", "/a.txt", null, "Range: bytes=0-0"),
            Req("GET", "/a.txt", null, "If-None-Match: " + etag), Req("GET", "/dir"), Req("GET", "/dir/"),
            Req("PUT", "/b.txt", "b"), Req("PUT", "/b.txt", "b"), Req("DELETE", "/b.txt"), Req("OPTIONS", "*"),
            Req("GET", "/missing"), Req("PATCH", "/a.txt", "x"), Req("BREW", "/a.txt"), Req("PUT", "/big", new string('x', 101)),
            "GET / HTTP/3.0\r\nHost: t\r\n\r\n", "garbage\r\n\r\n", Req("GET", "/.poolhttp/stats"),
        };
        foreach (var request in requests)
        {
            using var c = s.Connect();
            c.Write(request);
            var r = c.ReadResponse(headOnly: request.StartsWith("HEAD", StringComparison.Ordinal));
            AssertDateAndServer(r);
        }
    }

    [Fact]
    public void Http11_without_a_host_is_400()
    {
        using var s = StartServer();
        var r = s.Send("GET / HTTP/1.1\r\n\r\n");
        AssertProblem(r, 400);
        Assert.True(r.Closes);
    }
}
