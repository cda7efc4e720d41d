using System.Text;
using System.Text.Json;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    private const string Boundary = "----PoolHttpBoundary7MA4YWxkTrZu0gW";

    /// <summary>A multipart/form-data body; a part with a null file name is a plain form field.</summary>
    protected static byte[] Multipart(params (string Field, string? FileName, byte[] Data)[] parts)
    {
        using var ms = new MemoryStream();
        foreach (var (field, fileName, data) in parts)
        {
            string disposition = fileName is null
                ? $"form-data; name=\"{field}\""
                : $"form-data; name=\"{field}\"; filename=\"{fileName}\"";
            ms.Write(Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: application/octet-stream\r\n\r\n"));
            ms.Write(data);
            ms.Write("\r\n"u8);
        }
        ms.Write(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"));
        return ms.ToArray();
    }

    private static byte[] PostMultipart(string target, byte[] body, params string[] headers) =>
        ReqBytes("POST", target, body, headers.Append($"Content-Type: multipart/form-data; boundary={Boundary}").ToArray());

    [Fact]
    public void A_multipart_post_stores_every_file_part_by_base_name_and_answers_201_json()
    {
        using var s = StartServer();
        var one = Bytes(100_000, 21);
        var two = Encoding.UTF8.GetBytes("second\r\n--not-a-boundary\r\n");
        var body = Multipart(("note", null, "a plain field"u8.ToArray()), ("file", "one.bin", one),
            ("file", "../../dir/two ü.txt", two), ("file", @"C:\\Users\\me\\three.txt", "3"u8.ToArray())); // a quoted-string: each \\ is one backslash
        var r = s.Send(PostMultipart("/up/", body, "Accept: application/json"));

        Assert.Equal(201, r.Status);
        Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(r.Body);
        var stored = doc.RootElement.EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("size").GetInt64())).ToList();
        Assert.Equal(new[] { ("one.bin", (long)one.Length), ("two ü.txt", (long)two.Length), ("three.txt", 1L) }, stored);
        Assert.Equal(one, s.Root.Read("up/one.bin"));
        Assert.Equal(two, s.Root.Read("up/two ü.txt"));
        Assert.Equal(new[] { "up/one.bin", "up/three.txt", "up/two ü.txt" }, s.Root.AllFiles());
    }

    [Theory]
    [InlineData("/up/", "/up/")]
    [InlineData("/up", "/up/")]
    [InlineData("/", "/")]
    [InlineData("/new%20folder/", "/new%20folder/")]
    public void A_multipart_post_from_a_browser_is_303_back_to_the_listing_which_shows_the_file(string target, string folder)
    {
        using var s = StartServer();
        Directory.CreateDirectory(s.Root.File("up"));
        var r = s.Send(PostMultipart(target, Multipart(("file", "shown.txt", "hi"u8.ToArray())),
            "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));

        Assert.Equal(303, r.Status);
        Assert.Equal(folder, r.Header("Location"));
        AssertDateAndServer(r);
        var listing = s.Send(Req("GET", folder, null, "Accept: text/html"));
        Assert.Contains("href=\"./shown.txt\"", listing.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json, text/html;q=0.5")]
    [InlineData("text/html;q=0, */*")]
    public void A_multipart_post_that_prefers_json_to_html_is_201_with_json(string accept)
    {
        using var s = StartServer();
        var r = s.Send(PostMultipart("/up/", Multipart(("file", "j.txt", "hi"u8.ToArray())), "Accept: " + accept));
        Assert.Equal(201, r.Status);
        Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("hi"u8.ToArray(), s.Root.Read("up/j.txt"));
    }

    [Fact]
    public void A_multipart_post_replaces_an_existing_file_of_that_name()
    {
        using var s = StartServer();
        s.Root.Write("up/a.txt", "old");
        var r = s.Send(PostMultipart("/up/", Multipart(("file", "a.txt", "new"u8.ToArray()))));
        Assert.Equal(201, r.Status);
        Assert.Equal("new", Encoding.UTF8.GetString(s.Root.Read("up/a.txt")));
        AssertNoTempFiles(s);
    }

    [Fact]
    public void A_multipart_post_with_a_hidden_name_stores_none_of_its_files()
    {
        using var s = StartServer();
        s.Root.Write("up/keep.txt", "keep");
        var before = s.Root.Snapshot();
        var r = s.Send(PostMultipart("/up/", Multipart(("file", "fine.txt", "fine"u8.ToArray()), ("file", ".env", "SECRET=1"u8.ToArray()))));
        AssertProblem(r, 403);
        Assert.Equal(before, s.Root.Snapshot());
    }

    [Fact]
    public void A_multipart_post_cut_off_mid_part_stores_nothing()
    {
        using var s = StartServer();
        s.Root.Write("up/a.bin", "old");
        var body = Multipart(("file", "a.bin", Bytes(200_000, 5)), ("file", "b.bin", Bytes(1000, 6)));
        var request = PostMultipart("/up/", body);
        var baseline = Settled(s);
        using (var c = s.Connect())
        {
            c.Write(request.AsSpan(0, request.Length - 600).ToArray());
        }
        WaitForStats(s, st => st.Failed == baseline.Failed + 1, "the cut-off upload to be counted as failed");
        Assert.Equal("old", Encoding.UTF8.GetString(s.Root.Read("up/a.bin")));
        Assert.Equal(new[] { "up/a.bin" }, s.Root.AllFiles());
    }

    [Fact]
    public void A_post_of_a_plain_body_to_a_file_is_the_same_as_put()
    {
        using var s = StartServer();
        var created = s.Send(Req("POST", "/p/plain.txt", "first", "Content-Type: text/plain"));
        Assert.Equal(201, created.Status);
        Assert.Equal("/p/plain.txt", created.Header("Location"));
        Assert.Equal("first", Encoding.UTF8.GetString(s.Root.Read("p/plain.txt")));

        var replaced = s.Send(Req("POST", "/p/plain.txt", "second"));
        Assert.Equal(204, replaced.Status);
        Assert.Equal("second", Encoding.UTF8.GetString(s.Root.Read("p/plain.txt")));

        AssertProblem(s.Send(Req("POST", "/p/plain.txt", "third", "If-None-Match: *")), 412);
        Assert.Equal("second", Encoding.UTF8.GetString(s.Root.Read("p/plain.txt")));
    }

    [Fact]
    public void A_post_of_a_plain_body_to_a_folder_is_refused()
    {
        using var s = StartServer();
        Directory.CreateDirectory(s.Root.File("dir"));
        var before = s.Root.Snapshot();
        var r = s.Send(Req("POST", "/dir/", "x", "Content-Type: text/plain"));
        AssertProblem(r, 415);
        Assert.Equal(before, s.Root.Snapshot());
    }

    [Fact]
    public void A_multipart_body_without_its_closing_boundary_stores_nothing()
    {
        using var s = StartServer();
        var body = Multipart(("file", "a.txt", "aaa"u8.ToArray()), ("file", "b.txt", "bbb"u8.ToArray()));
        body = body.AsSpan(0, body.Length - (Boundary.Length + 6)).ToArray(); // "--boundary--\r\n" cut away
        var r = s.Send(PostMultipart("/up/", body));
        AssertProblem(r, 400);
        Assert.Empty(s.Root.AllFiles());
    }

    [Theory]
    [InlineData("/up/", "/up/one%20%C3%BC.txt")]
    [InlineData("/up", "/up/one%20%C3%BC.txt")]
    [InlineData("//up/./", "/up/one%20%C3%BC.txt")]
    [InlineData("/", "/one%20%C3%BC.txt")]
    public void A_multipart_post_of_one_file_is_201_with_that_file_as_its_location(string target, string location)
    {
        using var s = StartServer();
        var r = s.Send(PostMultipart(target, Multipart(("note", null, "field"u8.ToArray()), ("file", "one ü.txt", "one"u8.ToArray()))));
        Assert.Equal(201, r.Status);
        Assert.Equal(location, r.Header("Location"));
        Assert.Equal("one", s.Send(Req("GET", location)).Text);
    }

    [Fact]
    public void A_multipart_post_of_several_files_is_201_with_their_folder_as_its_location()
    {
        using var s = StartServer();
        var r = s.Send(PostMultipart("/new%20folder", Multipart(("file", "a.txt", "a"u8.ToArray()), ("file", "b.txt", "b"u8.ToArray()))));
        Assert.Equal(201, r.Status);
        Assert.Equal("/new%20folder/", r.Header("Location"));
        Assert.Equal(new[] { "new folder/a.txt", "new folder/b.txt" }, s.Root.AllFiles());
    }
}
