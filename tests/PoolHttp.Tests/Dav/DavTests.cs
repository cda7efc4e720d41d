using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Dav;

/// <summary>
/// WebDAV (RFC 4918 class 1 and 2) on the wire and on disk, in both server modes: the same answers whether one
/// process serves every request or children share the socket (locks and properties live on disk, under the root).
/// </summary>
public abstract class DavTests
{
    private static readonly XNamespace D = "DAV:";

    protected abstract ServerMode Mode { get; }

    private TestServer Dav(int workers = 3, Func<ServerOptions, ServerOptions>? more = null) =>
        new(Mode, workers, o => (more ?? (x => x))(o with { WebDav = true }));

    private static string Req(string method, string target, string? body = null, params string[] headers)
    {
        var sb = new StringBuilder();
        sb.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: t\r\n");
        foreach (var h in headers) sb.Append(h).Append("\r\n");
        if (body is not null) sb.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append("\r\n").Append(body);
        return sb.ToString();
    }

    private static XElement Xml(RawResponse r)
    {
        Assert.StartsWith("application/xml", r.Header("Content-Type"));
        return XElement.Parse(r.Text);
    }

    private static IEnumerable<XElement> Responses(RawResponse r) => Xml(r).Elements(D + "response");

    private static string? Prop(XElement response, string name) =>
        response.Elements(D + "propstat").Where(p => p.Element(D + "status")!.Value.Contains(" 200 ", StringComparison.Ordinal))
            .Select(p => p.Element(D + "prop")!.Element(D + name)).FirstOrDefault(e => e is not null)?.Value;

    private const string LockBody = "<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>" +
        "<D:locktype><D:write/></D:locktype><D:owner>tester</D:owner></D:lockinfo>";

    private static string LockToken(RawResponse r)
    {
        Assert.True(r.Status is 200 or 201, r.Text);
        var header = r.Header("Lock-Token")!;
        Assert.StartsWith("<urn:uuid:", header);
        return header.Trim('<', '>');
    }

    [Fact]
    public void Options_announces_class_1_and_2_and_the_dav_methods()
    {
        using var s = Dav();
        var r = s.Send(Req("OPTIONS", "/"));
        Assert.Equal(204, r.Status);
        Assert.Equal("1, 2", r.Header("DAV"));
        foreach (var m in new[] { "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "PUT", "DELETE" })
            Assert.Contains(m, r.Header("Allow"));
    }

    [Fact]
    public void Without_webdav_the_dav_methods_are_405_and_options_has_no_dav_header()
    {
        using var s = new TestServer(Mode, 2);
        s.Root.Write("f.txt", "x");
        Assert.Null(s.Send(Req("OPTIONS", "/")).Header("DAV"));
        foreach (var m in new[] { "PROPFIND", "PROPPATCH", "COPY", "MOVE", "LOCK", "UNLOCK" })
            Assert.Equal(405, s.Send(Req(m, "/f.txt")).Status);
        Assert.False(Directory.Exists(s.Root.File(".poolhttp.dav")));
    }

    [Fact]
    public void Propfind_depth_0_gives_the_live_properties_and_the_etag_get_gives()
    {
        using var s = Dav();
        s.Root.Write("a b/f.txt", "hello");
        var get = s.Send(Req("GET", "/a%20b/f.txt"));
        var r = s.Send(Req("PROPFIND", "/a%20b/f.txt", null, "Depth: 0"));
        Assert.Equal(207, r.Status);
        var one = Assert.Single(Responses(r));
        Assert.Equal("/a%20b/f.txt", one.Element(D + "href")!.Value);
        Assert.Equal(get.Header("ETag"), Prop(one, "getetag"));
        Assert.Equal("5", Prop(one, "getcontentlength"));
        Assert.Equal(get.Header("Last-Modified"), Prop(one, "getlastmodified"));
        Assert.StartsWith("text/plain", Prop(one, "getcontenttype"));
        Assert.Equal("f.txt", Prop(one, "displayname"));
        Assert.NotNull(Prop(one, "creationdate"));
    }

    [Fact]
    public void Propfind_depth_1_lists_visible_members_with_escaped_hrefs()
    {
        using var s = Dav();
        s.Root.Write("d/a:b.txt", "x");
        s.Root.Write("d/.hidden", "secret");
        Directory.CreateDirectory(s.Root.File("d/sub"));
        var r = s.Send(Req("PROPFIND", "/d/", null, "Depth: 1"));
        Assert.Equal(207, r.Status);
        var hrefs = Responses(r).Select(x => x.Element(D + "href")!.Value).ToList();
        Assert.Equal(new[] { "/d/", "/d/a%3Ab.txt", "/d/sub/" }, hrefs);
        Assert.DoesNotContain("hidden", r.Text);
        var sub = Responses(r).Single(x => x.Element(D + "href")!.Value == "/d/sub/");
        Assert.NotNull(sub.Descendants(D + "collection").SingleOrDefault());
    }

    [Fact]
    public void Propfind_of_infinite_depth_is_refused_with_the_finite_depth_precondition()
    {
        using var s = Dav();
        Directory.CreateDirectory(s.Root.File("d"));
        foreach (var depth in new[] { new[] { "Depth: infinity" }, Array.Empty<string>() })
        {
            var r = s.Send(Req("PROPFIND", "/d/", null, depth));
            Assert.Equal(403, r.Status);
            Assert.NotNull(Xml(r).Element(D + "propfind-finite-depth"));
        }
    }

    [Fact]
    public void Hidden_names_are_not_found_nor_writable_over_dav()
    {
        using var s = Dav();
        s.Root.Write(".secret", "x");
        s.Root.Write("f.txt", "x");
        Assert.Equal(404, s.Send(Req("PROPFIND", "/.secret", null, "Depth: 0")).Status);
        Assert.Equal(404, s.Send(Req("PROPFIND", "/.poolhttp.dav/", null, "Depth: 1")).Status);
        Assert.Equal(403, s.Send(Req("COPY", "/f.txt", null, "Destination: /.copy")).Status);
        Assert.Equal(403, s.Send(Req("MOVE", "/f.txt", null, "Destination: http://t/.poolhttp.dav/x")).Status);
        Assert.Equal(403, s.Send(Req("MKCOL", "/.dir")).Status);
        Assert.Equal(403, s.Send(Req("COPY", "/f.txt", null, "Destination: /../outside.txt")).Status);
        Assert.Equal(502, s.Send(Req("COPY", "/f.txt", null, "Destination: http://elsewhere.example/f2.txt")).Status);
        Assert.True(s.Root.Exists("f.txt"));
        Assert.False(s.Root.Exists("f2.txt"));
    }

    private const string SetColor = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:set><D:prop>" +
        "<Z:color>red <Z:b>bold</Z:b></Z:color></D:prop></D:set></D:propertyupdate>";

    private const string AskColor = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><Z:color xmlns:Z=\"urn:z\"/></D:prop></D:propfind>";

    private static string? Color(TestServer s, string path)
    {
        var r = s.Send(Req("PROPFIND", path, AskColor, "Depth: 0"));
        Assert.Equal(207, r.Status);
        XNamespace z = "urn:z";
        return Responses(r).Single().Descendants(z + "color").SingleOrDefault(e => e.Parent!.Parent!.Element(D + "status")!.Value.Contains("200", StringComparison.Ordinal))?.Value;
    }

    [Fact]
    public void Dead_properties_are_kept_follow_copy_and_move_and_vanish_on_delete()
    {
        using var s = Dav();
        s.Root.Write("d/f.txt", "x");
        Assert.Equal(207, s.Send(Req("PROPPATCH", "/d/f.txt", SetColor)).Status);
        Assert.Equal(207, s.Send(Req("PROPPATCH", "/d/", SetColor)).Status);
        Assert.Equal("red bold", Color(s, "/d/f.txt"));
        Assert.Equal(201, s.Send(Req("COPY", "/d/", null, "Destination: /e/")).Status);
        Assert.Equal("red bold", Color(s, "/e/f.txt"));
        Assert.Equal(201, s.Send(Req("MOVE", "/e/", null, "Destination: /g/")).Status);
        Assert.Equal("red bold", Color(s, "/g/f.txt"));
        Assert.Equal("red bold", Color(s, "/g/"));
        Assert.Equal(204, s.Send(Req("DELETE", "/g/")).Status);
        Assert.Equal(201, s.Send(Req("MKCOL", "/g/")).Status);
        s.Root.Write("g/f.txt", "new");
        Assert.Null(Color(s, "/g/f.txt"));
        Assert.Null(Color(s, "/g/"));
        Assert.Equal("red bold", Color(s, "/d/f.txt"));
    }

    [Fact]
    public void Protected_live_properties_are_refused_and_nothing_is_applied()
    {
        using var s = Dav();
        s.Root.Write("f.txt", "x");
        const string body = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:set><D:prop>" +
            "<D:getcontentlength>9</D:getcontentlength><Z:color>red</Z:color></D:prop></D:set></D:propertyupdate>";
        var r = s.Send(Req("PROPPATCH", "/f.txt", body));
        Assert.Equal(207, r.Status);
        Assert.Contains("403", r.Text);
        Assert.Contains("424", r.Text);
        Assert.Null(Color(s, "/f.txt"));
    }

    [Fact]
    public void Dead_properties_survive_a_restart_of_the_server()
    {
        using var root = new TempRoot();
        root.Write("f.txt", "x");
        using (var first = Started(root))
            Assert.Equal(207, first.Send(Req("PROPPATCH", "/f.txt", SetColor)).Status);
        using var second = Started(root);
        Assert.Equal("red bold", Color(second, "/f.txt"));
    }

    private Restartable Started(TempRoot root) => new(PoolServer.Start(new ServerOptions { Root = root.Path, Port = 0, Mode = Mode, Workers = 2, WebDav = true }));

    [Fact]
    public void Mkcol_creates_201_exists_405_missing_parent_409_body_415()
    {
        using var s = new TestServer(Mode, 2); // MKCOL is served without WebDAV too
        s.Root.Write("f.txt", "x");
        var r = s.Send(Req("MKCOL", "/new/"));
        Assert.Equal(201, r.Status);
        Assert.True(Directory.Exists(s.Root.File("new")));
        Assert.Equal(405, s.Send(Req("MKCOL", "/new/")).Status);
        Assert.Equal(405, s.Send(Req("MKCOL", "/f.txt")).Status);
        Assert.Equal(409, s.Send(Req("MKCOL", "/no/such/")).Status);
        Assert.Equal(415, s.Send(Req("MKCOL", "/withbody/", "<x/>", "Content-Type: application/xml")).Status);
        Assert.False(Directory.Exists(s.Root.File("withbody")));
        using var readOnly = new TestServer(Mode, 1, o => o with { ReadOnly = true });
        Assert.Equal(405, readOnly.Send(Req("MKCOL", "/x/")).Status);
    }

    [Fact]
    public void Copy_is_201_then_204_and_overwrite_f_is_412()
    {
        using var s = Dav();
        s.Root.Write("a.txt", "first");
        s.Root.Write("b.txt", "second");
        Assert.Equal(201, s.Send(Req("COPY", "/a.txt", null, "Destination: http://t/c.txt")).Status);
        Assert.Equal("first", File.ReadAllText(s.Root.File("c.txt")));
        Assert.Equal(412, s.Send(Req("COPY", "/b.txt", null, "Destination: /c.txt", "Overwrite: F")).Status);
        Assert.Equal("first", File.ReadAllText(s.Root.File("c.txt")));
        Assert.Equal(204, s.Send(Req("COPY", "/b.txt", null, "Destination: /c.txt", "Overwrite: T")).Status);
        Assert.Equal("second", File.ReadAllText(s.Root.File("c.txt")));
        Assert.Equal(409, s.Send(Req("COPY", "/a.txt", null, "Destination: /missing/c.txt")).Status);
        Assert.Empty(s.Root.TempFiles());
    }

    [Fact]
    public void Copy_of_a_folder_with_depth_0_copies_the_folder_only_and_move_renames()
    {
        using var s = Dav();
        s.Root.Write("d/x/y.txt", "y");
        Assert.Equal(201, s.Send(Req("COPY", "/d/", null, "Destination: /e/", "Depth: 0")).Status);
        Assert.True(Directory.Exists(s.Root.File("e")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(s.Root.File("e")));
        Assert.Equal(204, s.Send(Req("MOVE", "/d/", null, "Destination: /e/")).Status);
        Assert.Equal("y", File.ReadAllText(s.Root.File("e/x/y.txt")));
        Assert.False(Directory.Exists(s.Root.File("d")));
        Assert.Equal(403, s.Send(Req("MOVE", "/e/", null, "Destination: /e/inner/")).Status);
    }

    [Fact]
    public void Delete_of_a_non_empty_folder_over_webdav_removes_the_tree_unless_recursive_false()
    {
        using var s = Dav();
        s.Root.Write("t/a/b.txt", "x");
        Assert.Equal(409, s.Send(Req("DELETE", "/t/?recursive=false")).Status);
        Assert.Equal(204, s.Send(Req("DELETE", "/t/")).Status);
        Assert.False(Directory.Exists(s.Root.File("t")));
    }

    [Fact]
    public void A_lock_refuses_every_write_without_its_token_and_allows_it_with_it()
    {
        using var s = Dav();
        s.Root.Write("d/f.txt", "x");
        string token = LockToken(s.Send(Req("LOCK", "/d/f.txt", LockBody, "Timeout: Second-600")));
        Assert.Equal(423, s.Send(Req("PUT", "/d/f.txt", "y")).Status);
        Assert.Equal(423, s.Send(Req("DELETE", "/d/f.txt")).Status);
        Assert.Equal(423, s.Send(Req("PROPPATCH", "/d/f.txt", SetColor)).Status);
        Assert.Equal(423, s.Send(Req("MOVE", "/d/f.txt", null, "Destination: /d/g.txt")).Status);
        s.Root.Write("other.txt", "o");
        Assert.Equal(423, s.Send(Req("COPY", "/other.txt", null, "Destination: /d/f.txt")).Status);
        Assert.Equal(423, s.Send(Req("LOCK", "/d/f.txt", LockBody)).Status);
        Assert.Equal("x", File.ReadAllText(s.Root.File("d/f.txt")));
        Assert.Equal(412, s.Send(Req("PUT", "/d/f.txt", "y", "If: (<urn:uuid:00000000-0000-0000-0000-000000000000>)")).Status);
        Assert.Equal(204, s.Send(Req("PUT", "/d/f.txt", "y", $"If: (<{token}>)")).Status);
        Assert.Equal("y", File.ReadAllText(s.Root.File("d/f.txt")));
        Assert.Equal(409, s.Send(Req("UNLOCK", "/d/f.txt", null, "Lock-Token: <urn:uuid:00000000-0000-0000-0000-000000000000>")).Status);
        Assert.Equal(204, s.Send(Req("UNLOCK", "/d/f.txt", null, $"Lock-Token: <{token}>")).Status);
        Assert.Equal(204, s.Send(Req("PUT", "/d/f.txt", "z")).Status);
    }

    [Fact]
    public void A_depth_infinity_lock_on_a_folder_guards_new_members_and_multipart_posts()
    {
        using var s = Dav();
        Directory.CreateDirectory(s.Root.File("d"));
        string token = LockToken(s.Send(Req("LOCK", "/d/", LockBody, "Depth: infinity")));
        Assert.Equal(423, s.Send(Req("PUT", "/d/new.txt", "y")).Status);
        Assert.Equal(423, s.Send(Req("MKCOL", "/d/sub/")).Status);
        const string part = "--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"p.txt\"\r\n\r\nhi\r\n--XX--\r\n";
        Assert.Equal(423, s.Send(Req("POST", "/d/", part, "Content-Type: multipart/form-data; boundary=XX")).Status);
        Assert.Empty(Directory.EnumerateFileSystemEntries(s.Root.File("d")));
        Assert.Equal(201, s.Send(Req("PUT", "/d/new.txt", "y", $"If: </d/> (<{token}>)")).Status);
    }

    [Fact]
    public void A_lock_on_an_unmapped_name_creates_an_empty_file_and_discovery_shows_it()
    {
        using var s = Dav();
        var r = s.Send(Req("LOCK", "/empty.txt", LockBody, "Timeout: Second-100"));
        Assert.Equal(201, r.Status);
        string token = LockToken(r);
        Assert.Equal(0, new FileInfo(s.Root.File("empty.txt")).Length);
        var find = s.Send(Req("PROPFIND", "/empty.txt", null, "Depth: 0"));
        Assert.Contains(token, find.Text);
        Assert.Contains("tester", find.Text);
        Assert.Equal(200, s.Send(Req("LOCK", "/empty.txt", null, $"If: (<{token}>)", "Timeout: Second-200")).Status);
    }

    [Fact]
    public void Locks_hold_for_every_worker()
    {
        using var s = Dav(workers: 4);
        s.Root.Write("f.txt", "x");
        string token = LockToken(s.Send(Req("LOCK", "/f.txt", LockBody)));
        var pids = new HashSet<int>();
        for (int i = 0; i < 24; i++)
        {
            // Concurrent connections spread over the workers: each must see the lock.
            var clients = Enumerable.Range(0, 4).Select(_ => s.Connect()).ToList();
            foreach (var c in clients) c.Write(Req("PUT", "/f.txt", "y"));
            foreach (var c in clients)
            {
                Assert.Equal(423, c.ReadResponse().Status);
                c.Dispose();
            }
        }
        Assert.Equal("x", File.ReadAllText(s.Root.File("f.txt")));
        var perWorker = s.Server.Statistics().PerWorker.Where(w => w.Total > 0).Count();
        Assert.True(perWorker > 1, "the requests all went to one worker");
        Assert.Equal(204, s.Send(Req("UNLOCK", "/f.txt", null, $"Lock-Token: <{token}>")).Status);
        Assert.Equal(204, s.Send(Req("PUT", "/f.txt", "y")).Status);
    }

    [Fact]
    public void Concurrent_exclusive_locks_on_one_name_from_every_worker_grant_exactly_one()
    {
        using var s = Dav(workers: 4);
        s.Root.Write("f.txt", "x");
        for (int round = 0; round < 5; round++)
        {
            var clients = Enumerable.Range(0, 8).Select(_ => s.Connect()).ToList();
            foreach (var c in clients) c.Write(Req("LOCK", "/f.txt", LockBody));
            var statuses = clients.Select(c => c.ReadResponse()).ToList();
            foreach (var c in clients) c.Dispose();
            var granted = Assert.Single(statuses, r => r.Status == 200);
            Assert.All(statuses.Where(r => r != granted), r => Assert.Equal(423, r.Status));
            Assert.Equal(204, s.Send(Req("UNLOCK", "/f.txt", null, $"Lock-Token: <{LockToken(granted)}>")).Status);
        }
    }

    [Fact]
    public void A_read_only_dav_server_answers_propfind_and_refuses_the_writes()
    {
        using var s = Dav(more: o => o with { ReadOnly = true });
        s.Root.Write("f.txt", "x");
        Assert.Equal(207, s.Send(Req("PROPFIND", "/f.txt", null, "Depth: 0")).Status);
        foreach (var m in new[] { "PROPPATCH", "COPY", "MOVE", "LOCK", "UNLOCK", "MKCOL" })
            Assert.Equal(405, s.Send(Req(m, "/f.txt")).Status);
    }

    [Fact]
    public void Authentication_is_asked_for_dav_methods()
    {
        var auth = PoolHttp.Engine.Server.Security.BasicAuthenticator.FromCredential("u", "p");
        using var s = Dav(more: o => o with { Authentication = auth });
        s.Root.Write("f.txt", "x");
        Assert.Equal(401, s.Send(Req("PROPFIND", "/f.txt", null, "Depth: 0")).Status);
        Assert.Equal(401, s.Send(Req("LOCK", "/f.txt", LockBody)).Status);
        Assert.Equal(207, s.Send(Req("PROPFIND", "/f.txt", null, "Depth: 0", "Authorization: Basic dTpw")).Status);
    }

    /// <summary>A server over a root that outlives it.</summary>
    private sealed class Restartable : IDisposable
    {
        private readonly PoolServer _server;

        public Restartable(PoolServer server)
        {
            _server = server;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    if (Send("GET /.poolhttp/health HTTP/1.1\r\nHost: t\r\n\r\n").Status == 200) return;
                }
                catch (Exception e) when (e is SocketException or IOException) { }
                if (DateTime.UtcNow > deadline) throw new TimeoutException("never healthy");
                Thread.Yield();
            }
        }

        public RawResponse Send(string request)
        {
            using var c = new RawHttp(_server.EndPoint.Port);
            c.Write(request);
            return c.ReadResponse();
        }

        public void Dispose() => _server.Dispose();
    }

    private static string? Color(Restartable s, string path)
    {
        var r = s.Send(Req("PROPFIND", path, AskColor, "Depth: 0"));
        XNamespace z = "urn:z";
        return XElement.Parse(r.Text).Descendants(z + "color")
            .SingleOrDefault(e => e.Parent!.Parent!.Element(D + "status")!.Value.Contains("200", StringComparison.Ordinal))?.Value;
    }
}

/// <summary>WebDAV against a Thread-mode server.</summary>
public sealed class ThreadModeDavTests : DavTests
{
    protected override ServerMode Mode => ServerMode.Thread;
}

/// <summary>WebDAV against child processes sharing the socket: locks and properties must hold across them.</summary>
public sealed class ProcessModeDavTests : DavTests
{
    protected override ServerMode Mode => ServerMode.Process;
}
