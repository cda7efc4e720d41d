using System.Globalization;
using System.Text;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    [Fact]
    public void Get_of_a_file_sends_its_bytes_with_length_type_validators_and_accept_ranges()
    {
        using var s = StartServer();
        string full = s.Root.Write("docs/read me.txt", "hello world");
        var r = s.Send(Req("GET", "/docs/read%20me.txt"));

        Assert.Equal(200, r.Status);
        Assert.Equal("hello world", r.Text);
        Assert.Equal("11", r.Header("Content-Length"));
        Assert.Equal("text/plain; charset=utf-8", r.Header("Content-Type"));
        Assert.Equal("bytes", r.Header("Accept-Ranges"));
        var modified = DateTimeOffset.ParseExact(r.Header("Last-Modified")!, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var onDisk = File.GetLastWriteTimeUtc(full);
        Assert.Equal(new DateTimeOffset(onDisk.Ticks - onDisk.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero), modified);
        string etag = r.Header("ETag")!;
        Assert.Matches("^(W/)?\"[^\"]+\"$", etag);
        AssertDateAndServer(r);
    }

    [Theory]
    [InlineData("a.json", "application/json")]
    [InlineData("b.PNG", "image/png")]
    [InlineData("c.html", "text/html; charset=utf-8")]
    [InlineData("d.unknownext", "application/octet-stream")]
    [InlineData("no-extension", "application/octet-stream")]
    public void Content_type_follows_the_extension_and_defaults_to_octet_stream(string name, string type)
    {
        using var s = StartServer();
        s.Root.Write(name, "x");
        var r = s.Send(Req("GET", "/" + name));
        Assert.Equal(200, r.Status);
        Assert.Equal(type, r.Header("Content-Type"));
    }

    [Fact]
    public void Etag_changes_when_the_file_changes()
    {
        using var s = StartServer();
        string full = s.Root.Write("v.txt", "one");
        string first = s.Send(Req("GET", "/v.txt")).Header("ETag")!;
        File.WriteAllText(full, "two!");
        File.SetLastWriteTimeUtc(full, DateTime.UtcNow.AddMinutes(1));
        var r = s.Send(Req("GET", "/v.txt"));
        Assert.Equal("two!", r.Text);
        Assert.NotEqual(first, r.Header("ETag"));
    }

    [Fact]
    public void A_percent_encoded_utf8_name_is_served()
    {
        using var s = StartServer();
        s.Root.Write("ü ünï.txt", "unicode");
        var r = s.Send(Req("GET", "/%C3%BC%20%C3%BCn%C3%AF.txt"));
        Assert.Equal(200, r.Status);
        Assert.Equal("unicode", r.Text);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(200_000)]
    public void Head_sends_the_same_status_and_headers_as_get_and_no_body(int size)
    {
        using var s = StartServer();
        s.Root.Write("f.bin", Bytes(size, 1));
        using var c = s.Connect();
        c.Write(Req("GET", "/f.bin"));
        var get = c.ReadResponse();
        c.Write(Req("HEAD", "/f.bin") + Req("GET", "/.poolhttp/health"));
        var head = c.ReadResponse(headOnly: true);
        var next = c.ReadResponse(); // a body after the HEAD would be read here as a broken status line

        Assert.Equal(200, head.Status);
        Assert.Equal(Strip(get), Strip(head));
        Assert.Equal(size.ToString(CultureInfo.InvariantCulture), head.Header("Content-Length"));
        Assert.Equal("ok", next.Text);

        static string Strip(RawResponse r) =>
            string.Join("\n", r.Headers.Where(h => h.Key != "Date").Select(h => h.Key + ": " + h.Value));
    }

    [Fact]
    public void Head_of_a_missing_file_is_404_without_a_body()
    {
        using var s = StartServer();
        using var c = s.Connect();
        c.Write(Req("HEAD", "/missing.txt") + Req("GET", "/.poolhttp/health"));
        var head = c.ReadResponse(headOnly: true);
        Assert.Equal(404, head.Status);
        Assert.Equal("application/problem+json", head.Header("Content-Type"));
        Assert.Equal("ok", c.ReadResponse().Text);
    }

    [Fact]
    public void Get_of_a_missing_file_is_a_404_problem()
    {
        using var s = StartServer();
        AssertProblem(s.Send(Req("GET", "/nope.txt")), 404);
        AssertProblem(s.Send(Req("GET", "/no/such/folder/")), 404);
    }

    [Fact]
    public void Get_of_a_file_named_with_a_trailing_slash_is_404()
    {
        using var s = StartServer();
        s.Root.Write("f.txt", "x");
        AssertProblem(s.Send(Req("GET", "/f.txt/")), 404);
    }

    [Theory]
    [InlineData("/sub", "/sub/")]
    [InlineData("/sub?format=json", "/sub/?format=json")]
    [InlineData("/a%20b", "/a%20b/")]
    public void Get_of_a_folder_without_its_slash_redirects_301_to_the_slash_form(string target, string location)
    {
        using var s = StartServer();
        Directory.CreateDirectory(s.Root.File("sub"));
        Directory.CreateDirectory(s.Root.File("a b"));
        var r = s.Send(Req("GET", target));
        Assert.Equal(301, r.Status);
        Assert.Equal(location, r.Header("Location"));
        AssertDateAndServer(r);
    }

    [Fact]
    public void A_large_file_downloads_byte_identical()
    {
        using var s = StartServer();
        var content = Bytes(8 * 1024 * 1024 + 13, 7);
        s.Root.Write("big/large.bin", content);
        var r = s.Send(Req("GET", "/big/large.bin"));
        Assert.Equal(200, r.Status);
        Assert.Equal(content.Length.ToString(CultureInfo.InvariantCulture), r.Header("Content-Length"));
        Assert.True(content.AsSpan().SequenceEqual(r.Body), "the downloaded bytes differ");
    }

    [Fact]
    public void A_large_file_uploads_byte_identical_and_reads_back()
    {
        using var s = StartServer();
        var content = Bytes(8 * 1024 * 1024 + 5, 8);
        var put = s.Send(ReqBytes("PUT", "/big/up.bin", content));
        Assert.Equal(201, put.Status);
        Assert.True(content.AsSpan().SequenceEqual(s.Root.Read("big/up.bin")), "the stored bytes differ");

        var chunked = s.Send(Concat(Encoding.ASCII.GetBytes("PUT /big/up2.bin HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Chunked(content, 100_000)));
        Assert.Equal(201, chunked.Status);
        Assert.True(content.AsSpan().SequenceEqual(s.Root.Read("big/up2.bin")), "the chunked upload's bytes differ");

        var get = s.Send(Req("GET", "/big/up.bin"));
        Assert.True(content.AsSpan().SequenceEqual(get.Body), "the round trip changed the bytes");
        AssertNoTempFiles(s);
    }

    [Fact]
    public void A_client_that_stops_reading_a_download_is_dropped_after_the_body_timeout_and_counted_failed()
    {
        using var s = StartServer(configure: o => o with { BodyTimeout = ShortTimeout });
        s.Root.Write("big.bin", Bytes(16 * 1024 * 1024, 4));
        s.Root.Write("small.txt", "small");
        var baseline = Settled(s);
        using var c = new RawHttp(s.Port, receiveBuffer: 4096);
        c.Write(Req("GET", "/big.bin"));
        // never read: the server's send stalls, and it must give up rather than hold a worker for ever
        var after = WaitForStats(s, st => st.Failed == baseline.Failed + 1 && st.Active == 0, "the stalled download to be dropped");
        Assert.Equal(baseline.Total + 1, after.Total);
        Assert.Equal("small", s.Send(Req("GET", "/small.txt")).Text);
    }

    [Fact]
    public void An_empty_file_is_200_with_length_0()
    {
        using var s = StartServer();
        s.Root.Write("empty.bin", Array.Empty<byte>());
        using var c = s.Connect();
        c.Write(Req("GET", "/empty.bin") + Req("HEAD", "/empty.bin") + Req("GET", "/.poolhttp/health"));
        var get = c.ReadResponse();
        Assert.Equal(200, get.Status);
        Assert.Equal("0", get.Header("Content-Length"));
        Assert.Empty(get.Body);
        Assert.Equal("0", c.ReadResponse(headOnly: true).Header("Content-Length"));
        Assert.Equal("ok", c.ReadResponse().Text);
    }

    [Fact]
    public void A_client_that_hangs_up_mid_download_is_counted_failed_and_the_server_goes_on()
    {
        using var s = StartServer();
        s.Root.Write("big.bin", Bytes(16 * 1024 * 1024, 4));
        var baseline = Settled(s);
        using (var c = new RawHttp(s.Port, receiveBuffer: 4096))
        {
            c.Write(Req("GET", "/big.bin"));
            Assert.Equal(200, c.ReadStatusLine()); // the head is out, the body is on its way
            c.Abort();
        }
        var after = WaitForStats(s, st => st.Failed == baseline.Failed + 1 && st.Active == 0, "the broken download to be counted");
        Assert.Equal(baseline.Total + 1, after.Total);
        Assert.Equal(200, s.Send(Req("GET", "/.poolhttp/health")).Status);
    }

    [Theory]
    [InlineData("line\nbreak.txt", "/line%0Abreak.txt")]
    [InlineData("100%.txt", "/100%25.txt")]
    [InlineData("q?mark.txt", "/q%3Fmark.txt")]
    [InlineData("hash#.txt", "/hash%23.txt")]
    [InlineData("%2e%2e", "/%252e%252e")]
    [InlineData("quote\"<tag>.txt", "/quote%22%3Ctag%3E.txt")]
    public void A_hostile_but_legal_name_round_trips_through_put_listing_get_and_delete(string name, string target)
    {
        if (OperatingSystem.IsWindows() && name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) return;
        using var s = StartServer();
        var put = s.Send(Req("PUT", target, "content"));
        Assert.Equal(201, put.Status);
        Assert.Equal(target, put.Header("Location"));
        Assert.Equal("content", Encoding.UTF8.GetString(s.Root.Read(name)));

        using var listing = System.Text.Json.JsonDocument.Parse(s.Send(Req("GET", "/?format=json")).Body);
        Assert.Equal(name, Assert.Single(listing.RootElement.EnumerateArray()).GetProperty("name").GetString());
        Assert.Contains("href=\"./" + Uri.EscapeDataString(name) + "\"", s.Send(Req("GET", "/")).Text, StringComparison.Ordinal);

        Assert.Equal("content", s.Send(Req("GET", target)).Text);
        Assert.Equal(204, s.Send(Req("DELETE", target)).Status);
        Assert.Empty(s.Root.AllFiles());
    }

    /// <summary>Text files and the Content-Type each must get: a charset only when the file starts as UTF-8.</summary>
    public static TheoryData<string, byte[], string> TextFiles
    {
        get
        {
            var ascii4095 = Enumerable.Repeat((byte)'a', 4095).ToArray();
            return new()
            {
                { "latin1.txt", Encoding.Latin1.GetBytes("caf\u00e9 cr\u00e8me\n"), "text/plain" },
                { "utf8.txt", Encoding.UTF8.GetBytes("caf\u00e9 cr\u00e8me \u20ac\n"), "text/plain; charset=utf-8" },
                { "latin1.html", Encoding.Latin1.GetBytes("<p>\u00e9t\u00e9</p>"), "text/html" },
                { "empty.txt", [], "text/plain; charset=utf-8" },
                { "cut-at-the-sample.txt", Concat(ascii4095, "\u00e9\u20ac"u8.ToArray()), "text/plain; charset=utf-8" },
                { "lone-lead-byte-at-the-end.txt", Concat(ascii4095, [0xC3]), "text/plain" },
                { "latin1-after-the-sample.csv", Concat(ascii4095, ascii4095, [0xE9]), "text/csv; charset=utf-8" },
                { "large-latin1.txt", Concat([0xE9], Bytes(100_000, 3)), "text/plain" },
                { "large-utf8.md", Enumerable.Repeat((byte)'#', 100_000).ToArray(), "text/markdown; charset=utf-8" },
                { "latin1.bin", [0xE9], "application/octet-stream" },
            };
        }
    }

    [Theory, MemberData(nameof(TextFiles))]
    public void A_text_file_declares_utf8_only_when_it_starts_as_valid_utf8(string name, byte[] content, string type)
    {
        using var s = StartServer();
        s.Root.Write(name, content);
        var get = s.Send(Req("GET", "/" + name));
        Assert.Equal(200, get.Status);
        Assert.Equal(type, get.Header("Content-Type"));
        Assert.Equal(content, get.Body);
        using var c = s.Connect();
        c.Write(Req("HEAD", "/" + name));
        Assert.Equal(type, c.ReadResponse(headOnly: true).Header("Content-Type"));
        if (content.Length < 2) return;
        c.Write(Req("GET", "/" + name, null, "Range: bytes=1-"));
        var range = c.ReadResponse();
        Assert.Equal(206, range.Status);
        Assert.Equal(type, range.Header("Content-Type"));
    }
}
