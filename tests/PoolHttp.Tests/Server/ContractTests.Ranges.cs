using System.Globalization;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    [Theory]
    [InlineData("bytes=0-4", 0, 5)]
    [InlineData("bytes=5-", 5, 15)]
    [InlineData("bytes=-3", 17, 3)]
    [InlineData("bytes=18-1000", 18, 2)]
    [InlineData("bytes=-100", 0, 20)]
    [InlineData("bytes=19-19", 19, 1)]
    public void A_single_range_is_206_with_content_range(string range, int offset, int count)
    {
        using var s = StartServer();
        const string text = "0123456789abcdefghij";
        s.Root.Write("r.txt", text);
        var r = s.Send(Req("GET", "/r.txt", null, "Range: " + range));

        Assert.Equal(206, r.Status);
        Assert.Equal(text.Substring(offset, count), r.Text);
        Assert.Equal(count.ToString(CultureInfo.InvariantCulture), r.Header("Content-Length"));
        Assert.Equal($"bytes {offset}-{offset + count - 1}/20", r.Header("Content-Range"));
        Assert.NotNull(r.Header("ETag"));
        AssertDateAndServer(r);
    }

    [Theory]
    [InlineData("bytes=20-")]
    [InlineData("bytes=500-600")]
    [InlineData("bytes=-0")]
    public void An_unsatisfiable_range_is_416_with_the_size(string range)
    {
        using var s = StartServer();
        s.Root.Write("r.txt", "0123456789abcdefghij");
        var r = s.Send(Req("GET", "/r.txt", null, "Range: " + range));
        AssertProblem(r, 416);
        Assert.Equal("bytes */20", r.Header("Content-Range"));
    }

    [Fact]
    public void A_range_deep_in_a_large_file_is_sent_exactly()
    {
        using var s = StartServer();
        var content = Bytes(8 * 1024 * 1024, 3);
        s.Root.Write("big.bin", content);
        var r = s.Send(Req("GET", "/big.bin", null, "Range: bytes=1000001-5000000"));
        Assert.Equal(206, r.Status);
        Assert.Equal($"bytes 1000001-5000000/{content.Length}", r.Header("Content-Range"));
        Assert.True(content.AsSpan(1000001, 4_000_000).SequenceEqual(r.Body), "the range's bytes differ");
    }

    [Fact]
    public void If_range_with_the_current_etag_honours_the_range_and_with_another_sends_everything()
    {
        using var s = StartServer();
        s.Root.Write("r.txt", "0123456789");
        string etag = s.Send(Req("GET", "/r.txt")).Header("ETag")!;

        var matching = s.Send(Req("GET", "/r.txt", null, "Range: bytes=0-1", "If-Range: " + etag));
        Assert.Equal(206, matching.Status);
        Assert.Equal("01", matching.Text);

        var stale = s.Send(Req("GET", "/r.txt", null, "Range: bytes=0-1", "If-Range: \"stale\""));
        Assert.Equal(200, stale.Status);
        Assert.Equal("0123456789", stale.Text);
    }

    [Theory]
    [InlineData("bytes=0-1,4-5")]
    [InlineData("items=0-1")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=x-")]
    [InlineData("bytes 0-1")]
    public void A_range_the_server_does_not_honour_is_ignored_and_the_whole_file_sent_200(string range)
    {
        using var s = StartServer();
        s.Root.Write("r.txt", "0123456789");
        var r = s.Send(Req("GET", "/r.txt", null, "Range: " + range));
        Assert.Equal(200, r.Status);
        Assert.Equal("0123456789", r.Text);
        Assert.Null(r.Header("Content-Range"));
    }

    [Fact]
    public void If_none_match_with_the_current_etag_is_304_with_validators_and_no_body()
    {
        using var s = StartServer();
        s.Root.Write("c.txt", "cached");
        var first = s.Send(Req("GET", "/c.txt"));
        string etag = first.Header("ETag")!;

        foreach (var inm in new[] { etag, "\"other\", " + etag, "W/" + etag, "*" })
        {
            using var c = s.Connect();
            c.Write(Req("GET", "/c.txt", null, "If-None-Match: " + inm) + Req("GET", "/.poolhttp/health"));
            var r = c.ReadResponse();
            Assert.Equal(304, r.Status);
            Assert.Equal(etag, r.Header("ETag"));
            Assert.Equal(first.Header("Last-Modified"), r.Header("Last-Modified"));
            AssertDateAndServer(r);
            Assert.Equal("ok", c.ReadResponse().Text); // nothing followed the 304's head
        }
        Assert.Equal(200, s.Send(Req("GET", "/c.txt", null, "If-None-Match: \"other\"")).Status);
        Assert.Equal(304, s.Send(Req("HEAD", "/c.txt", null, "If-None-Match: " + etag)).Status);
    }

    [Fact]
    public void If_modified_since_is_304_unless_the_file_is_newer()
    {
        using var s = StartServer();
        string full = s.Root.Write("c.txt", "cached");
        var modified = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(full, modified.AddMilliseconds(400)); // sub-second part must not make it "newer"
        string at = modified.ToString("r", CultureInfo.InvariantCulture);
        string later = modified.AddHours(1).ToString("r", CultureInfo.InvariantCulture);
        string earlier = modified.AddSeconds(-1).ToString("r", CultureInfo.InvariantCulture);

        Assert.Equal(at, s.Send(Req("GET", "/c.txt")).Header("Last-Modified"));
        Assert.Equal(304, s.Send(Req("GET", "/c.txt", null, "If-Modified-Since: " + at)).Status);
        Assert.Equal(304, s.Send(Req("GET", "/c.txt", null, "If-Modified-Since: " + later)).Status);
        Assert.Equal(200, s.Send(Req("GET", "/c.txt", null, "If-Modified-Since: " + earlier)).Status);
        Assert.Equal(200, s.Send(Req("GET", "/c.txt", null, "If-Modified-Since: not a date")).Status);
    }

    [Fact]
    public void If_none_match_takes_precedence_over_if_modified_since()
    {
        using var s = StartServer();
        s.Root.Write("c.txt", "cached");
        var first = s.Send(Req("GET", "/c.txt"));
        var r = s.Send(Req("GET", "/c.txt", null, "If-None-Match: \"other\"", "If-Modified-Since: " + first.Header("Last-Modified")));
        Assert.Equal(200, r.Status);
        Assert.Equal("cached", r.Text);
    }
}
