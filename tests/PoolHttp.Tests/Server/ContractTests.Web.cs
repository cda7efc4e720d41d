using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

/// <summary>The web face (issue 15) on the wire: zip, sort, search, the pages' security headers and assets, MKCOL from the client.</summary>
public abstract partial class ContractTests
{
    private static void FillWebFolder(TempRoot root)
    {
        root.Write("w/small.txt", "small");
        root.Write("w/big.bin", Bytes(300_000, 11));
        root.Write("w/mid.dat", Bytes(2_000, 12));
        root.Write("w/sub/deep/Needle Ünï.txt", "found");
        root.Write("w/sub/needle.md", "also");
        root.Write("w/.needle-hidden", "never");
        root.Write("w/.secret/needle.txt", "never");
        root.Write("w/.poolhttp-77-x.tmp", "partial");
        Directory.CreateDirectory(root.File("w/empty dir"));
    }

    private static Dictionary<string, string> VisibleFiles(string folder) => Directory
        .EnumerateFiles(folder, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
        .Where(r => !r.Split('/').Any(s => s.StartsWith('.')))
        .ToDictionary(r => r, r => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, r)))));

    private static Dictionary<string, string> ZipFiles(byte[] zip, out List<string> folders)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        folders = archive.Entries.Where(e => e.FullName.EndsWith('/')).Select(e => e.FullName).ToList();
        var files = new Dictionary<string, string>();
        foreach (var e in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            using var s = e.Open();
            files[e.FullName] = Convert.ToHexString(SHA256.HashData(s));
        }
        return files;
    }

    [Fact]
    public async Task Zip_streams_the_visible_tree_chunked_without_a_length_and_unpacks_to_the_files_on_disk()
    {
        using var s = StartServer();
        FillWebFolder(s.Root);
        using var http = new HttpClient();
        using var response = await http.GetAsync(s.Uri("/w/?zip"), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("w.zip", response.Content.Headers.ContentDisposition!.FileNameStar);
        var files = ZipFiles(await response.Content.ReadAsByteArrayAsync(), out var folders);
        Assert.Equal(VisibleFiles(s.Root.File("w")).OrderBy(p => p.Key), files.OrderBy(p => p.Key));
        Assert.Contains("empty dir/", folders);
        Assert.DoesNotContain(files.Keys, k => k.Contains(".needle", StringComparison.Ordinal) || k.Contains(".secret", StringComparison.Ordinal) || k.Contains(".poolhttp", StringComparison.Ordinal));
    }

    [Fact]
    public void Zip_to_an_HTTP_1_0_client_ends_by_closing_and_is_whole()
    {
        using var s = StartServer();
        FillWebFolder(s.Root);
        using var c = s.Connect();
        c.Write("GET /w/sub/?zip HTTP/1.0\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Equal(200, r.Status);
        Assert.Null(r.Header("Transfer-Encoding"));
        Assert.True(r.Closes);
        var files = ZipFiles(r.Body, out _);
        Assert.Equal(VisibleFiles(s.Root.File("w/sub")).OrderBy(p => p.Key), files.OrderBy(p => p.Key));
    }

    [Fact]
    public void Zip_of_a_missing_folder_is_404_before_any_byte_of_a_zip()
    {
        using var s = StartServer();
        AssertProblem(s.Send(Req("GET", "/nothing/?zip")), 404);
    }

    [Theory]
    [InlineData("sort=size&order=desc", new[] { "sub", "empty dir", "big.bin", "mid.dat", "small.txt" })]
    [InlineData("sort=size&order=asc", new[] { "empty dir", "sub", "small.txt", "mid.dat", "big.bin" })]
    [InlineData("sort=name&order=desc", new[] { "sub", "empty dir", "small.txt", "mid.dat", "big.bin" })]
    [InlineData("sort=name", new[] { "empty dir", "sub", "big.bin", "mid.dat", "small.txt" })]
    public void Sort_and_order_list_folders_first_in_the_order_asked(string query, string[] expected)
    {
        using var s = StartServer();
        FillWebFolder(s.Root);
        var r = s.Send(Req("GET", "/w/?format=json&" + query));
        Assert.Equal(200, r.Status);
        using var doc = JsonDocument.Parse(r.Body);
        Assert.Equal(expected, doc.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray());
    }

    [Fact]
    public void Sort_by_modified_puts_the_oldest_file_first_after_the_folders()
    {
        using var s = StartServer();
        FillWebFolder(s.Root);
        File.SetLastWriteTimeUtc(s.Root.File("w/mid.dat"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        var r = s.Send(Req("GET", "/w/?format=json&sort=modified"));
        using var doc = JsonDocument.Parse(r.Body);
        Assert.Equal("mid.dat", doc.RootElement[2].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/w/?sort=colour")]
    [InlineData("/w/?order=sideways")]
    public void An_unknown_sort_or_order_is_400(string target)
    {
        using var s = StartServer();
        FillWebFolder(s.Root);
        AssertProblem(s.Send(Req("GET", target)), 400);
    }

    [Fact]
    public void Search_finds_names_under_the_folder_case_insensitively_as_relative_paths_and_never_hidden_ones()
    {
        using var s = StartServer();
        FillWebFolder(s.Root);
        var r = s.Send(Req("GET", "/w/?q=NEEDLE", null, "Accept: application/json"));
        Assert.Equal(200, r.Status);
        Assert.Null(r.Header("X-PoolHttp-Search"));
        using var doc = JsonDocument.Parse(r.Body);
        Assert.Equal(new[] { "sub/deep/Needle Ünï.txt", "sub/needle.md" },
            doc.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray());

        var html = s.Send(Req("GET", "/w/?q=needle")).Text;
        Assert.Contains("href=\"./sub/deep/Needle%20%C3%9Cn%C3%AF.txt\"", html, StringComparison.Ordinal);
        Assert.Contains("2 matches", html, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_pages_carry_a_strict_content_security_policy_and_no_inline_code()
    {
        using var s = StartServer();
        FillWebFolder(s.Root);
        var r = s.Send(Req("GET", "/w/"));
        string csp = r.Header("Content-Security-Policy")!;
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", r.Header("X-Content-Type-Options"));
        Assert.DoesNotMatch("<script(?![^>]*src=)", r.Text);
        Assert.DoesNotContain(" style=", r.Text, StringComparison.Ordinal);
        Assert.Contains("title=\"300,000 bytes\"", r.Text, StringComparison.Ordinal);
        Assert.Contains("293 KiB", r.Text, StringComparison.Ordinal);
        Assert.Contains("<nav aria-label=\"Breadcrumb\">", r.Text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"../\">..</a>", r.Text, StringComparison.Ordinal);
        Assert.Contains("aria-sort=\"ascending\"", r.Text, StringComparison.Ordinal);
        Assert.Contains("Delete<span class=\"sr\"> small.txt</span>", r.Text, StringComparison.Ordinal);
        foreach (var (asset, type) in new[] { ("listing.js", "text/javascript"), ("poolhttp.css", "text/css"), ("pool.js", "text/javascript") })
        {
            var a = s.Send(Req("GET", "/.poolhttp/assets/" + asset));
            Assert.Equal(200, a.Status);
            Assert.StartsWith(type, a.Header("Content-Type"), StringComparison.Ordinal);
            Assert.Equal(304, s.Send(Req("GET", "/.poolhttp/assets/" + asset, null, "If-None-Match: " + a.Header("ETag"))).Status);
        }
        Assert.Equal(404, s.Send(Req("GET", "/.poolhttp/assets/nothing.js")).Status);
    }

    [Fact]
    public void A_read_only_server_sends_no_write_controls()
    {
        using var s = StartServer(configure: o => o with { ReadOnly = true });
        FillWebFolder(s.Root);
        string html = s.Send(Req("GET", "/w/")).Text;
        Assert.DoesNotContain("class=\"delete\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"upload\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("New folder", html, StringComparison.Ordinal);
        Assert.Contains("Download as zip", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pool_page_is_html_under_the_policy_and_json_for_a_program()
    {
        using var s = StartServer();
        var page = s.Send(Req("GET", "/.poolhttp/", null, "Accept: text/html"));
        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("/.poolhttp/assets/pool.js", page.Text, StringComparison.Ordinal);
        var json = s.Send(Req("GET", "/.poolhttp/", null, "Accept: application/json"));
        using var doc = JsonDocument.Parse(json.Body);
        Assert.Equal(Mode.ToString().ToLowerInvariant(), doc.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task The_client_creates_a_folder_with_MKCOL_and_reports_conflicts_and_refusals()
    {
        using var s = StartServer();
        using var client = new PoolHttpClient();
        var made = await client.CreateFolderAsync(new FolderOptions(s.Uri("/made here")));
        Assert.Equal("made here", made.Name);
        Assert.Equal(PoolEntryType.Directory, made.Type);
        Assert.Equal(s.Uri("/made%20here/"), made.Uri);
        Assert.True(Directory.Exists(s.Root.File("made here")));

        var again = await Assert.ThrowsAsync<PoolException>(() => client.CreateFolderAsync(new FolderOptions(s.Uri("/made here/"))));
        Assert.Equal((PoolErrorKind.Conflict, 405), (again.Kind, again.StatusCode));
        var orphan = await Assert.ThrowsAsync<PoolException>(() => client.CreateFolderAsync(new FolderOptions(s.Uri("/no/child/"))));
        Assert.Equal((PoolErrorKind.Conflict, 409), (orphan.Kind, orphan.StatusCode));
        Assert.False(Directory.Exists(s.Root.File("no")));
        var hidden = await Assert.ThrowsAsync<PoolException>(() => client.CreateFolderAsync(new FolderOptions(s.Uri("/.hidden/"))));
        Assert.Equal(PoolErrorKind.Forbidden, hidden.Kind);

        using var readOnly = StartServer(configure: o => o with { ReadOnly = true });
        var refused = await Assert.ThrowsAsync<PoolException>(() => client.CreateFolderAsync(new FolderOptions(readOnly.Uri("/x/"))));
        Assert.Equal((PoolErrorKind.Forbidden, 405), (refused.Kind, refused.StatusCode));
        Assert.False(Directory.Exists(readOnly.Root.File("x")));
    }
}
