using System.Text;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Files;

/// <summary>
/// Small files answered from memory (Linux): only while the file on disk is the version that was read, and with the
/// same response as from the disk. The cache's clock runs an hour ahead here, so that files written by the test count
/// as settled (the server only takes files whose change time is a second old).
/// </summary>
public sealed class SmallFileCacheTests : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly TempRoot _outside = new();
    private readonly FileStore _store;
    private readonly SmallFileCache _cache = new(() => DateTime.UtcNow.AddHours(1));

    public SmallFileCacheTests()
    {
        Assert.True(OperatingSystem.IsLinux(), "the small-file cache is Linux's (statx); CI runs on Linux");
        _store = new FileStore(_root.Path) { SmallFiles = _cache };
    }

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    private CachedFile? Load(string relative)
    {
        var path = _store.ResolveLexically("/" + relative);
        Assert.Equal(BeneathOutcome.File, _store.OpenBeneath(path, out var file, out var facts));
        using (file)
        {
            if (!_cache.Takes(facts)) return null;
            var content = new byte[facts.Length];
            Assert.Equal(content.Length, RandomAccess.Read(file!, content, 0));
            return _cache.Keep(path.FullPath, facts, content, "application/octet-stream");
        }
    }

    private string Full(string relative) => _store.ResolveLexically("/" + relative).FullPath;

    /// <summary>Rewrites a file in place until its change time moves (file times advance in clock ticks).</summary>
    private void RewriteInPlace(string relative, string content, CachedFile cached)
    {
        string full = _root.File(relative);
        var written = File.GetLastWriteTimeUtc(full);
        for (int i = 0; i < 200; i++)
        {
            using (var s = new FileStream(full, FileMode.Open, FileAccess.Write)) s.Write(Encoding.UTF8.GetBytes(content));
            File.SetLastWriteTimeUtc(full, written); // the modification time as it was: only the change time tells
            Assert.True(BeneathOpen.TryStat(full, out var now));
            if (now.ChangedSeconds != cached.Version.ChangedSeconds || now.ChangedNanoseconds != cached.Version.ChangedNanoseconds) return;
            Thread.Sleep(5);
        }
        Assert.Fail("the change time never moved");
    }

    [Fact]
    public void A_kept_file_is_found_with_its_bytes_while_unchanged()
    {
        _root.Write("a.txt", "hello");
        var cached = Load("a.txt");
        Assert.NotNull(cached);
        var found = _cache.Find(Full("a.txt"));
        Assert.Same(cached, found);
        Assert.Equal("hello", Encoding.UTF8.GetString(found!.Content));
        Assert.Equal(1, _cache.Hits);
    }

    [Fact]
    public void A_file_changed_in_place_with_its_size_and_modification_time_kept_is_not_found()
    {
        _root.Write("a.txt", "aaaa");
        var cached = Load("a.txt")!;
        RewriteInPlace("a.txt", "bbbb", cached);
        Assert.Null(_cache.Find(Full("a.txt")));
        Assert.Equal(0, _cache.Hits);
        Assert.Equal("bbbb", Encoding.UTF8.GetString(Load("a.txt")!.Content));
    }

    [Fact]
    public void A_file_replaced_by_rename_removed_or_resized_is_not_found()
    {
        _root.Write("a.txt", "one");
        _root.Write("b.txt", "two");
        _root.Write("c.txt", "three");
        Load("a.txt");
        Load("b.txt");
        Load("c.txt");
        _root.Write("new.txt", "uno");
        File.Move(_root.File("new.txt"), _root.File("a.txt"), overwrite: true); // as an upload lands: a new inode
        File.Delete(_root.File("b.txt"));
        File.AppendAllText(_root.File("c.txt"), "!");
        Assert.Null(_cache.Find(Full("a.txt")));
        Assert.Null(_cache.Find(Full("b.txt")));
        Assert.Null(_cache.Find(Full("c.txt")));
    }

    [Fact]
    public void A_path_that_now_leads_out_of_the_root_through_a_link_is_not_found()
    {
        _root.Write("a.txt", "inside");
        _outside.Write("secret.txt", "secret");
        Load("a.txt");
        File.Delete(_root.File("a.txt"));
        File.CreateSymbolicLink(_root.File("a.txt"), _outside.File("secret.txt"));
        Assert.Null(_cache.Find(Full("a.txt")));
        Assert.NotEqual(BeneathOutcome.File, _store.OpenBeneath(_store.ResolveLexically("/a.txt"), out _, out _));
    }

    [Fact]
    public void No_cache_for_a_root_whose_change_times_cannot_be_trusted()
    {
        // procfs stands in for network and FUSE file systems: not on the list of local ones.
        Assert.False(BeneathOpen.IsLocalFileSystem("/proc"));
        Assert.Null(new FileStore("/proc/self").SmallFiles);
    }

    [Fact]
    public void Only_small_settled_files_are_kept()
    {
        _root.Write("big.bin", new byte[SmallFileCache.MaxFileBytes + 1]);
        Assert.Null(Load("big.bin"));
        _root.Write("edge.bin", new byte[SmallFileCache.MaxFileBytes]);
        Assert.NotNull(Load("edge.bin"));

        // With the real clock, a file written just now is not taken: a write within the same clock tick could
        // change it without moving its change time.
        var realClock = new SmallFileCache();
        _root.Write("fresh.txt", "fresh");
        var path = _store.ResolveLexically("/fresh.txt");
        Assert.Equal(BeneathOutcome.File, _store.OpenBeneath(path, out var file, out var facts));
        using (file) Assert.False(realClock.Takes(facts));
    }
}

/// <summary>The same responses from memory as from the disk, over HTTP (Thread mode, where the test reaches the cache).</summary>
public sealed class SmallFileCacheServerTests : IDisposable
{
    private readonly TestServer _server = new(ServerMode.Thread, workers: 2);
    private readonly SmallFileCache _cache = new(() => DateTime.UtcNow.AddHours(1));

    public SmallFileCacheServerTests() => _server.Server.Store!.SmallFiles = _cache;

    public void Dispose() => _server.Dispose();

    private static string Request(string method, string target, params string[] headers) =>
        $"{method} {target} HTTP/1.1\r\nHost: t\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";

    private RawResponse Send(string request)
    {
        using var client = _server.Connect();
        client.Write(request);
        return client.ReadResponse(headOnly: request.StartsWith("HEAD ", StringComparison.Ordinal));
    }

    private static string Shape(RawResponse r) =>
        $"{r.Status} {r.Header("Content-Type")} {r.Header("Content-Length")} {r.Header("ETag")} {r.Header("Last-Modified")} " +
        $"{r.Header("Content-Range")} {r.Header("Accept-Ranges")} [{r.Text}]";

    [Fact]
    public void Full_ranged_conditional_and_head_answers_are_the_same_from_memory_as_from_disk()
    {
        _server.Root.Write("doc.txt", "héllo, small world\n");
        var first = _server.Send(Request("GET", "/doc.txt"));
        string etag = first.Header("ETag")!;
        var asked = new[]
        {
            Request("GET", "/doc.txt"),
            Request("HEAD", "/doc.txt"),
            Request("GET", "/doc.txt", "Range: bytes=3-7"),
            Request("GET", "/doc.txt", "Range: bytes=-4"),
            Request("GET", "/doc.txt", "Range: bytes=500-"),
            Request("GET", "/doc.txt", "If-None-Match: " + etag),
            Request("GET", "/doc.txt", "Range: bytes=0-2", "If-Range: \"other\""),
        };
        // The first GET put the file in the cache; switched off, the same requests go to the disk.
        var fromMemory = asked.Select(r => Shape(Send(r))).ToList();
        long hits = _cache.Hits;
        _server.Server.Store!.SmallFiles = null;
        var fromDisk = asked.Select(r => Shape(Send(r))).ToList();

        Assert.Equal(asked.Length, hits);
        Assert.Equal(fromDisk, fromMemory);
        Assert.Equal("200 text/plain; charset=utf-8", string.Join(' ', fromMemory[0].Split(' ').Take(3)));
        Assert.StartsWith("206 ", fromMemory[2], StringComparison.Ordinal);
        Assert.EndsWith("[llo, ]", fromMemory[2], StringComparison.Ordinal);
        Assert.StartsWith("416 ", fromMemory[4], StringComparison.Ordinal);
        Assert.StartsWith("304 ", fromMemory[5], StringComparison.Ordinal);
    }

    [Fact]
    public void An_upload_over_a_cached_file_is_served_at_once()
    {
        _server.Root.Write("v.txt", "version 1");
        Assert.Equal("version 1", _server.Send(Request("GET", "/v.txt")).Text);
        Assert.Equal("version 1", _server.Send(Request("GET", "/v.txt")).Text);
        Assert.Equal(1, _cache.Hits);
        var put = _server.Send("PUT /v.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 9\r\n\r\nversion 2");
        Assert.Equal(204, put.Status);
        Assert.Equal("version 2", _server.Send(Request("GET", "/v.txt")).Text);
        var deleted = _server.Send(Request("DELETE", "/v.txt"));
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, _server.Send(Request("GET", "/v.txt")).Status);
    }
}
