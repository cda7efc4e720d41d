using System.Globalization;
using System.Text;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    private static string EtagOf(TestServer s, string target) => SendHead(s, target).Header("ETag")!;

    /// <summary>A HEAD on a fresh connection, read as a head only (no body follows one).</summary>
    private static RawResponse SendHead(TestServer s, string target, params string[] headers)
    {
        using var c = s.Connect();
        c.Write(Req("HEAD", target, null, headers));
        return c.ReadResponse(headOnly: true);
    }

    private static string HttpDateOf(DateTimeOffset when) => when.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    [Fact]
    public void Put_with_a_stale_if_match_is_412_and_leaves_the_old_file_and_no_temp_file()
    {
        using var s = StartServer();
        s.Root.Write("doc.txt", "version one");
        var r = s.Send(Req("PUT", "/doc.txt", "lost update", "If-Match: \"stale\""));
        AssertProblem(r, 412);
        Assert.Equal("version one", Encoding.UTF8.GetString(s.Root.Read("doc.txt")));
        AssertNoTempFiles(s);
    }

    [Fact]
    public void Put_with_the_current_etag_in_if_match_replaces_the_file_with_204()
    {
        using var s = StartServer();
        s.Root.Write("doc.txt", "version one");
        string etag = EtagOf(s, "/doc.txt");
        var r = s.Send(Req("PUT", "/doc.txt", "version two", "If-Match: \"other\", " + etag));
        Assert.Equal(204, r.Status);
        Assert.Equal("version two", Encoding.UTF8.GetString(s.Root.Read("doc.txt")));
        AssertProblem(s.Send(Req("PUT", "/doc.txt", "version three", "If-Match: " + etag)), 412);
        Assert.Equal("version two", Encoding.UTF8.GetString(s.Root.Read("doc.txt")));
    }

    [Fact]
    public void Put_with_if_match_star_on_a_missing_file_is_412_and_creates_nothing()
    {
        using var s = StartServer();
        AssertProblem(s.Send(Req("PUT", "/absent.txt", "x", "If-Match: *")), 412);
        Assert.False(s.Root.Exists("absent.txt"));
        s.Root.Write("present.txt", "old");
        Assert.Equal(204, s.Send(Req("PUT", "/present.txt", "new", "If-Match: *")).Status);
        Assert.Equal("new", Encoding.UTF8.GetString(s.Root.Read("present.txt")));
        AssertNoTempFiles(s);
    }

    [Fact]
    public void Put_with_a_weak_if_match_is_412_because_if_match_compares_strongly()
    {
        using var s = StartServer();
        s.Root.Write("doc.txt", "old");
        string etag = EtagOf(s, "/doc.txt");
        AssertProblem(s.Send(Req("PUT", "/doc.txt", "new", "If-Match: W/" + etag)), 412);
        Assert.Equal("old", Encoding.UTF8.GetString(s.Root.Read("doc.txt")));
    }

    [Fact]
    public void Expect_100_continue_with_a_stale_if_match_gets_412_without_the_body_being_read()
    {
        using var s = StartServer();
        s.Root.Write("e.txt", "original");
        using var c = s.Connect();
        c.Write("PUT /e.txt HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nIf-Match: \"stale\"\r\nContent-Length: 100000\r\n\r\n");
        Assert.Equal(412, c.ReadStatusLine());
        var r = c.ReadResponse();
        AssertProblem(r, 412);
        Assert.True(r.Closes);
        Assert.Equal("original", Encoding.UTF8.GetString(s.Root.Read("e.txt")));
        AssertNoTempFiles(s);
    }

    [Fact]
    public void Put_with_an_if_unmodified_since_in_the_past_is_412_and_one_in_the_future_replaces()
    {
        using var s = StartServer();
        s.Root.Write("doc.txt", "old");
        File.SetLastWriteTimeUtc(s.Root.File("doc.txt"), new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc));
        AssertProblem(s.Send(Req("PUT", "/doc.txt", "new", "If-Unmodified-Since: " + HttpDateOf(new DateTimeOffset(2024, 4, 30, 0, 0, 0, TimeSpan.Zero)))), 412);
        Assert.Equal("old", Encoding.UTF8.GetString(s.Root.Read("doc.txt")));
        Assert.Equal(204, s.Send(Req("PUT", "/doc.txt", "new", "If-Unmodified-Since: " + HttpDateOf(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero)))).Status);
        Assert.Equal("new", Encoding.UTF8.GetString(s.Root.Read("doc.txt")));
        AssertNoTempFiles(s);
    }

    [Fact]
    public void If_unmodified_since_is_ignored_when_if_match_is_present()
    {
        using var s = StartServer();
        s.Root.Write("doc.txt", "old");
        string etag = EtagOf(s, "/doc.txt");
        var r = s.Send(Req("PUT", "/doc.txt", "new", "If-Match: " + etag, "If-Unmodified-Since: " + HttpDateOf(DateTimeOffset.UtcNow.AddYears(-5))));
        Assert.Equal(204, r.Status);
    }

    [Fact]
    public void Delete_with_a_stale_if_match_is_412_and_the_file_stays()
    {
        using var s = StartServer();
        s.Root.Write("keep.txt", "kept");
        AssertProblem(s.Send(Req("DELETE", "/keep.txt", null, "If-Match: \"stale\"")), 412);
        Assert.True(s.Root.Exists("keep.txt"));
        Assert.Equal(204, s.Send(Req("DELETE", "/keep.txt", null, "If-Match: " + EtagOf(s, "/keep.txt"))).Status);
        Assert.False(s.Root.Exists("keep.txt"));
    }

    [Fact]
    public void Delete_with_an_if_unmodified_since_in_the_past_is_412_and_the_file_stays()
    {
        using var s = StartServer();
        s.Root.Write("keep.txt", "kept");
        var r = s.Send(Req("DELETE", "/keep.txt", null, "If-Unmodified-Since: " + HttpDateOf(DateTimeOffset.UtcNow.AddDays(-1))));
        AssertProblem(r, 412);
        Assert.True(s.Root.Exists("keep.txt"));
    }

    [Fact]
    public void Delete_of_a_folder_with_a_stale_if_match_is_412_and_nothing_is_deleted()
    {
        using var s = StartServer();
        s.Root.Write("tree/a.txt", "a");
        AssertProblem(s.Send(Req("DELETE", "/tree/?recursive=true", null, "If-Match: \"stale\"")), 412);
        Assert.True(s.Root.Exists("tree/a.txt"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public void Get_and_head_with_a_stale_if_match_are_412(string method)
    {
        using var s = StartServer();
        s.Root.Write("doc.txt", "content");
        bool head = method == "HEAD";
        var r = head ? SendHead(s, "/doc.txt", "If-Match: \"stale\"") : s.Send(Req(method, "/doc.txt", null, "If-Match: \"stale\""));
        Assert.Equal(412, r.Status);
        if (!head) AssertProblem(r, 412);
        string current = "If-Match: " + EtagOf(s, "/doc.txt");
        Assert.Equal(200, (head ? SendHead(s, "/doc.txt", current) : s.Send(Req(method, "/doc.txt", null, current))).Status);
    }

    [Fact]
    public void Get_with_an_if_unmodified_since_before_the_last_change_is_412()
    {
        using var s = StartServer();
        s.Root.Write("doc.txt", "content");
        AssertProblem(s.Send(Req("GET", "/doc.txt", null, "If-Unmodified-Since: " + HttpDateOf(DateTimeOffset.UtcNow.AddDays(-1)))), 412);
        Assert.Equal(200, s.Send(Req("GET", "/doc.txt", null, "If-Unmodified-Since: " + HttpDateOf(DateTimeOffset.UtcNow.AddDays(1)))).Status);
    }

    [Fact]
    public void A_missing_file_is_404_whatever_its_preconditions_say()
    {
        using var s = StartServer();
        AssertProblem(s.Send(Req("GET", "/none.txt", null, "If-Match: *")), 404);
        AssertProblem(s.Send(Req("DELETE", "/none.txt", null, "If-Match: \"x\"")), 404);
    }
}
