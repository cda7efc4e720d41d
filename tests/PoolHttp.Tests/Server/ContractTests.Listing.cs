using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    private static void FillListingFolder(TempRoot root, string folder)
    {
        root.Write(folder + "b.txt", "bbb");
        root.Write(folder + "B.txt", "BB");
        root.Write(folder + "a.txt", "a");
        root.Write(folder + "_under.txt", "");
        root.Write(folder + "sub/inner.txt", "inner");
        Directory.CreateDirectory(root.File(folder + "Zdir"));
        root.Write(folder + ".hidden", "secret");
        root.Write(folder + ".poolhttp-0123.tmp", "partial");
        root.Write(folder + ".git/config", "x");
    }

    [Theory]
    [InlineData("/", "Accept: application/json")]
    [InlineData("/?format=json", "Accept: text/html")]
    [InlineData("/list/", "Accept: text/html;q=0.9, application/json")]
    [InlineData("/list/?format=json", "X-None: 1")]
    public void A_json_listing_is_sorted_ordinally_with_types_sizes_and_utc_times_and_no_hidden_names(string target, string accept)
    {
        using var s = StartServer();
        string folder = target.StartsWith("/list/", StringComparison.Ordinal) ? "list/" : "";
        FillListingFolder(s.Root, folder);
        var r = s.Send(Req("GET", target, null, accept));

        Assert.Equal(200, r.Status);
        Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(r.Body);
        var entries = doc.RootElement.EnumerateArray().ToList();
        var names = entries.Select(e => e.GetProperty("name").GetString()!).ToList();
        Assert.Equal(new[] { "B.txt", "Zdir", "_under.txt", "a.txt", "b.txt", "sub" }, names);
        foreach (var e in entries)
        {
            Assert.Equal(new[] { "name", "type", "size", "modified" }.OrderBy(x => x), e.EnumerateObject().Select(p => p.Name).OrderBy(x => x));
            string name = e.GetProperty("name").GetString()!;
            bool dir = name is "Zdir" or "sub";
            Assert.Equal(dir ? "directory" : "file", e.GetProperty("type").GetString());
            Assert.Equal(dir ? 0 : new FileInfo(s.Root.File(folder + name)).Length, e.GetProperty("size").GetInt64());
            string modified = e.GetProperty("modified").GetString()!;
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", modified);
            var parsed = DateTimeOffset.Parse(modified, CultureInfo.InvariantCulture);
            var onDisk = Directory.GetLastWriteTimeUtc(s.Root.File(folder + name));
            Assert.True(Math.Abs((parsed.UtcDateTime - onDisk).TotalSeconds) < 1, $"{name}: {modified} vs {onDisk:O}");
            Assert.False(name.EndsWith('/'));
        }
    }

    [Fact]
    public void A_listing_of_an_empty_folder_is_an_empty_array()
    {
        using var s = StartServer();
        Directory.CreateDirectory(s.Root.File("empty"));
        var r = s.Send(Req("GET", "/empty/?format=json"));
        Assert.Equal(200, r.Status);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(r.Body).RootElement.ValueKind);
        Assert.Equal(0, JsonDocument.Parse(r.Body).RootElement.GetArrayLength());
    }

    [Fact]
    public void An_html_listing_links_every_visible_entry_and_offers_an_upload_form()
    {
        using var s = StartServer();
        FillListingFolder(s.Root, "list/");
        s.Root.Write("list/a&b <c>.txt", "escaped");
        var r = s.Send(Req("GET", "/list/", null, "Accept: text/html,application/xhtml+xml"));

        Assert.Equal(200, r.Status);
        Assert.StartsWith("text/html", r.Header("Content-Type"), StringComparison.Ordinal);
        string html = r.Text;
        Assert.Contains("href=\"./a.txt\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./sub/\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./Zdir/\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./a%26b%20%3Cc%3E.txt\"", html, StringComparison.Ordinal);
        Assert.Contains("a&amp;b &lt;c&gt;.txt", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<c>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(".hidden", html, StringComparison.Ordinal);
        Assert.DoesNotContain(".poolhttp-0123", html, StringComparison.Ordinal);
        Assert.DoesNotContain(".git", html, StringComparison.Ordinal);
        Assert.Matches("<form[^>]*method=\"post\"[^>]*enctype=\"multipart/form-data\"", html);
        Assert.Contains("type=\"file\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_only_server_lists_without_an_upload_form()
    {
        using var s = StartServer(configure: o => o with { ReadOnly = true });
        s.Root.Write("a.txt", "a");
        var r = s.Send(Req("GET", "/"));
        Assert.Equal(200, r.Status);
        Assert.Contains("href=\"./a.txt\"", r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("method=\"post\"", r.Text, StringComparison.Ordinal); // the search form stays
        Assert.DoesNotContain("type=\"file\"", r.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Head_of_a_listing_has_the_listing_headers_and_no_body()
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "a");
        var get = s.Send(Req("GET", "/?format=json"));
        using var c = s.Connect();
        c.Write(Req("HEAD", "/?format=json") + Req("GET", "/.poolhttp/health"));
        var head = c.ReadResponse(headOnly: true);
        Assert.Equal(200, head.Status);
        Assert.Equal(get.Header("Content-Type"), head.Header("Content-Type"));
        Assert.Equal(get.Header("Content-Length"), head.Header("Content-Length"));
        Assert.Equal("ok", c.ReadResponse().Text);
    }

    private static List<string> HrefsOf(string html) =>
        Regex.Matches(html, "href=\"([^\"]*)\"").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [Fact]
    public void A_listed_name_with_a_colon_is_linked_relatively_and_the_link_resolves_to_the_file()
    {
        if (OperatingSystem.IsWindows()) return;
        using var s = StartServer();
        s.Root.Write("sub/a:b.txt", "colon");
        s.Root.Write("sub/d:ir/x.txt", "x");
        var listing = new Uri($"http://127.0.0.1:{s.Port}/sub/");
        // The rows' links (breadcrumbs and the stylesheet are absolute on purpose).
        string page = s.Send(Req("GET", listing.AbsolutePath, null, "Accept: text/html")).Text;
        var hrefs = HrefsOf(page[page.IndexOf("<tbody>", StringComparison.Ordinal)..]);

        Assert.All(hrefs, h => Assert.True(h.StartsWith("./", StringComparison.Ordinal) || h == "../", h));
        var file = new Uri(listing, Assert.Single(hrefs, h => h.Contains("b.txt", StringComparison.Ordinal)));
        Assert.Equal(listing.Authority, file.Authority);
        var r = s.Send(Req("GET", file.AbsolutePath));
        Assert.Equal(200, r.Status);
        Assert.Equal("colon", r.Text);
        var folder = new Uri(listing, Assert.Single(hrefs, h => h.Contains("ir/", StringComparison.Ordinal)));
        Assert.Contains("./x.txt", s.Send(Req("GET", folder.AbsolutePath)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_listing_offers_no_link_with_a_query_so_that_a_mirror_holds_exactly_the_tree()
    {
        using var s = StartServer();
        FillListingFolder(s.Root, "list/");
        foreach (var target in new[] { "/", "/list/", "/list/sub/" })
        {
            string html = s.Send(Req("GET", target, null, "Accept: text/html")).Text;
            var hrefs = HrefsOf(html);
            Assert.NotEmpty(hrefs);
            Assert.Contains("name=\"zip\"", html, StringComparison.Ordinal); // zip and sorting are forms, not links
            Assert.All(hrefs, h => Assert.DoesNotContain("?", h, StringComparison.Ordinal));
        }
    }
}
