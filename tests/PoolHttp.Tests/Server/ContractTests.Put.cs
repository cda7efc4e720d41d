using System.Text;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    [Fact]
    public void Put_of_a_new_file_is_201_with_location_and_creates_the_parent_folders()
    {
        using var s = StartServer();
        var body = Bytes(70_000, 11);
        var r = s.Send(ReqBytes("PUT", "/new/deeper/f%C3%BC.bin", body));

        Assert.Equal(201, r.Status);
        Assert.Equal("/new/deeper/f%C3%BC.bin", r.Header("Location"));
        AssertDateAndServer(r);
        Assert.Equal(body, s.Root.Read("new/deeper/fü.bin"));
        AssertNoTempFiles(s);
    }

    [Theory]
    [InlineData(16 * 1024)]
    [InlineData(64 * 1024)]
    public void A_kept_alive_connection_serves_the_next_request_after_an_upload_that_filled_the_input_buffer(int size)
    {
        // Head and body in one write: the first receive fills the connection's buffer to its last byte (found by
        // bench/soak.sh: the next head was then read into an empty span and taken for the client closing).
        using var s = StartServer();
        using var c = s.Connect();
        var body = new byte[size];
        new Random(size).NextBytes(body);
        c.Write(ReqBytes("PUT", "/filled.bin", body));
        var r = c.ReadResponse();
        Assert.Equal(201, r.Status);
        Assert.False(r.Closes);
        c.Write(Req("GET", "/.poolhttp/health"));
        Assert.Equal(200, c.ReadResponse().Status);
        Assert.Equal(body, s.Root.Read("filled.bin"));
    }

    [Fact]
    public void A_kept_alive_connection_answers_its_next_small_head_after_an_upload_read_in_pieces()
    {
        // An upload reads its body with a receive low-water mark of a whole buffer; a mark left behind would keep a
        // 50-byte head from ever waking the connection (the GET below would wait out the client's 20 s and fail).
        using var s = StartServer();
        using var c = s.Connect();
        var body = Bytes(3 * 1024 * 1024 + 12_345, 7);
        c.Write(ReqBytes("PUT", "/pieces.bin", null, $"Content-Length: {body.Length}"));
        for (int i = 0; i < body.Length; i += 256 * 1024) c.Write(body.AsSpan(i, Math.Min(256 * 1024, body.Length - i)).ToArray());
        var r = c.ReadResponse();
        Assert.Equal(201, r.Status);
        Assert.False(r.Closes);
        c.Write(Req("GET", "/.poolhttp/health"));
        Assert.Equal(200, c.ReadResponse().Status);
        Assert.Equal(body, s.Root.Read("pieces.bin"));
    }

    [Fact]
    public void An_upload_slower_than_a_piece_per_body_timeout_but_never_silent_that_long_is_stored()
    {
        // 100 KB every 150 ms with a 300 ms body timeout: a piece (512 KB) takes longer than the timeout to come,
        // but the client never stops sending for that long, so the body timeout must not fire.
        using var s = StartServer(configure: o => o with { BodyTimeout = ShortTimeout });
        using var c = s.Connect();
        var body = Bytes(1_000_000, 8);
        c.Write(ReqBytes("PUT", "/slow.bin", null, $"Content-Length: {body.Length}"));
        for (int i = 0; i < body.Length; i += 100_000)
        {
            Thread.Sleep(150);
            c.Write(body.AsSpan(i, Math.Min(100_000, body.Length - i)).ToArray());
        }
        Assert.Equal(201, c.ReadResponse().Status);
        Assert.Equal(body, s.Root.Read("slow.bin"));
        AssertNoTempFiles(s);
    }

    [Fact]
    public void Put_over_an_existing_file_is_204_and_replaces_it_whole()
    {
        using var s = StartServer();
        s.Root.Write("f.txt", "a much longer old version of the file");
        var r = s.Send(Req("PUT", "/f.txt", "new"));
        Assert.Equal(204, r.Status);
        Assert.Equal("new", Encoding.UTF8.GetString(s.Root.Read("f.txt")));
        AssertNoTempFiles(s);
    }

    [Fact]
    public void Put_of_an_empty_body_stores_an_empty_file()
    {
        using var s = StartServer();
        Assert.Equal(201, s.Send(Req("PUT", "/empty.txt", "")).Status);
        Assert.Empty(s.Root.Read("empty.txt"));
    }

    [Fact]
    public void Put_with_a_chunked_body_stores_the_decoded_bytes()
    {
        using var s = StartServer();
        var body = Bytes(300_000, 12);
        var head = Encoding.ASCII.GetBytes("PUT /c.bin HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
        var r = s.Send(Concat(head, Chunked(body, 7_777)));
        Assert.Equal(201, r.Status);
        Assert.Equal(body, s.Root.Read("c.bin"));
    }

    [Fact]
    public void Put_with_chunk_extensions_and_trailers_stores_only_the_data()
    {
        using var s = StartServer();
        var r = s.Send("PUT /t.txt HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" +
                       "5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Checksum: abc\r\n\r\n");
        Assert.Equal(201, r.Status);
        Assert.Equal("hello world", Encoding.UTF8.GetString(s.Root.Read("t.txt")));
    }

    [Fact]
    public void Put_with_if_none_match_star_refuses_to_replace_with_412_and_creates_when_absent()
    {
        using var s = StartServer();
        s.Root.Write("keep.txt", "original");
        var refused = s.Send(Req("PUT", "/keep.txt", "replacement", "If-None-Match: *"));
        AssertProblem(refused, 412);
        Assert.Equal("original", Encoding.UTF8.GetString(s.Root.Read("keep.txt")));

        var created = s.Send(Req("PUT", "/fresh.txt", "fresh", "If-None-Match: *"));
        Assert.Equal(201, created.Status);
        Assert.Equal("fresh", Encoding.UTF8.GetString(s.Root.Read("fresh.txt")));
        AssertNoTempFiles(s);
    }

    [Theory]
    [InlineData("/folder")]
    [InlineData("/folder/")]
    [InlineData("/file.txt/")]
    [InlineData("/file.txt/below.txt")]
    [InlineData("/")]
    public void Put_onto_a_folder_or_below_a_file_is_refused_and_changes_nothing(string target)
    {
        using var s = StartServer();
        Directory.CreateDirectory(s.Root.File("folder"));
        s.Root.Write("file.txt", "file");
        var before = s.Root.Snapshot();
        AssertProblem(s.Send(Req("PUT", target, "data")), 409);
        Assert.Equal(before, s.Root.Snapshot());
    }

    [Fact]
    public void Put_over_the_maximum_size_is_413_before_any_body_byte_is_sent()
    {
        using var s = StartServer(configure: o => o with { MaxUploadSize = 1000 });
        s.Root.Write("f.bin", "old");
        using var c = s.Connect();
        c.Write("PUT /f.bin HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n"); // the body is never sent
        var r = c.ReadResponse();
        AssertProblem(r, 413);
        Assert.True(r.Closes);
        Assert.True(c.IsClosedByServer());
        Assert.Equal("old", Encoding.UTF8.GetString(s.Root.Read("f.bin")));
        AssertNoTempFiles(s);

        Assert.Equal(204, s.Send(ReqBytes("PUT", "/f.bin", new byte[1000])).Status); // the limit itself is allowed
    }

    [Fact]
    public void Put_over_the_maximum_size_is_413_when_the_client_sends_the_body_at_once()
    {
        using var s = StartServer(configure: o => o with { MaxUploadSize = 1000 });
        using var c = s.Connect();
        c.TryWrite(ReqBytes("PUT", "/f.bin", Bytes(200_000, 1)));
        AssertProblem(c.ReadResponse(), 413);
        Assert.False(s.Root.Exists("f.bin"));
        AssertNoTempFiles(s);
    }

    [Fact]
    public void A_chunked_put_that_grows_over_the_maximum_is_413_and_leaves_nothing()
    {
        using var s = StartServer(configure: o => o with { MaxUploadSize = 100_000 });
        s.Root.Write("f.bin", "old");
        using var c = s.Connect();
        c.TryWrite(Concat(Encoding.ASCII.GetBytes("PUT /f.bin HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Chunked(Bytes(150_000, 2), 10_000)));
        AssertProblem(c.ReadResponse(), 413);
        Assert.Equal("old", Encoding.UTF8.GetString(s.Root.Read("f.bin")));
        WaitFor(() => s.Root.TempFiles().Count == 0, "the partial upload to be discarded");
    }

    [Fact]
    public void Concurrent_puts_to_one_name_end_with_exactly_one_complete_version()
    {
        using var s = StartServer(workers: 4);
        var versions = Enumerable.Range(0, 8).Select(i => Bytes(200_000 + i * 1000, 100 + i)).ToArray();
        using var start = new Barrier(versions.Length);
        var statuses = new int[versions.Length];
        var threads = Enumerable.Range(0, versions.Length).Select(i => new Thread(() =>
        {
            using var c = s.Connect();
            var request = ReqBytes("PUT", "/same.bin", versions[i]);
            c.Write(request.AsSpan(0, 16 * 1024).ToArray()); // small enough to sit in socket buffers while queued
            start.SignalAndWait(); // every upload is under way before any finishes
            c.Write(request.AsSpan(16 * 1024).ToArray());
            statuses[i] = c.ReadResponse().Status;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(60)), "an upload never finished"));

        Assert.All(statuses, st => Assert.True(st is 201 or 204, $"status {st}"));
        Assert.Contains(201, statuses);
        var stored = s.Root.Read("same.bin");
        Assert.Single(versions, v => v.AsSpan().SequenceEqual(stored));
        Assert.Equal(new[] { "same.bin" }, s.Root.AllFiles());
    }

    [Fact]
    public void Concurrent_puts_with_if_none_match_star_create_once_and_refuse_the_rest()
    {
        using var s = StartServer(workers: 4);
        var versions = Enumerable.Range(0, 8).Select(i => Bytes(100_000, 200 + i)).ToArray();
        using var start = new Barrier(versions.Length);
        var statuses = new int[versions.Length];
        var threads = Enumerable.Range(0, versions.Length).Select(i => new Thread(() =>
        {
            using var c = s.Connect();
            var request = ReqBytes("PUT", "/once.bin", versions[i], "If-None-Match: *");
            c.Write(request.AsSpan(0, 16 * 1024).ToArray());
            start.SignalAndWait();
            c.TryWrite(request.AsSpan(16 * 1024).ToArray());
            statuses[i] = c.ReadResponse().Status;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(60)), "an upload never finished"));

        int winner = Assert.Single(Enumerable.Range(0, versions.Length), i => statuses[i] == 201);
        Assert.All(statuses.Where((_, i) => i != winner), st => Assert.Equal(412, st));
        Assert.Equal(versions[winner], s.Root.Read("once.bin"));
        Assert.Equal(new[] { "once.bin" }, s.Root.AllFiles());
    }

    [Fact]
    public void A_large_body_over_the_maximum_sent_without_waiting_still_gets_its_413()
    {
        using var s = StartServer(configure: o => o with { MaxUploadSize = 1000 });
        s.Root.Write("f.bin", "old");
        using var c = s.Connect();
        var request = ReqBytes("PUT", "/f.bin", Bytes(8 * 1024 * 1024, 3));
        c.TryWrite(request); // the server refuses and closes long before all of this is sent
        AssertProblem(c.ReadResponse(), 413);
        Assert.Equal("old", Encoding.UTF8.GetString(s.Root.Read("f.bin")));
        AssertNoTempFiles(s);
    }

    [Fact]
    public void A_download_in_progress_keeps_sending_the_old_version_while_a_put_replaces_it()
    {
        using var s = StartServer();
        var old = Bytes(8 * 1024 * 1024, 70);
        var replacement = Bytes(1000, 71);
        s.Root.Write("f.bin", old);
        using var download = new RawHttp(s.Port, receiveBuffer: 4096);
        download.Write(Req("GET", "/f.bin"));
        Assert.True(download.HasInputWithin(TimeSpan.FromSeconds(20)), "the download never started");

        Assert.Equal(204, s.Send(ReqBytes("PUT", "/f.bin", replacement)).Status);
        Assert.Equal(old, download.ReadResponse().Body);
        Assert.Equal(replacement, s.Send(Req("GET", "/f.bin")).Body);
    }

    [Fact]
    public void A_put_whose_target_became_a_folder_while_the_body_arrived_is_409_and_leaves_no_temp_file()
    {
        using var s = StartServer();
        using var c = s.Connect();
        c.Write("PUT /racy HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        Assert.Equal(100, c.ReadStatusLine()); // the checks are done; the rename is still ahead
        s.Root.Write("racy/inside.txt", "someone else's folder");
        c.Write("body");
        AssertProblem(c.ReadResponse(), 409);
        Assert.Equal(new[] { "racy/inside.txt" }, s.Root.AllFiles());
    }

    [Fact]
    public void A_put_to_a_path_longer_than_the_file_system_allows_is_400_and_creates_no_folder()
    {
        using var s = StartServer();
        string deep = string.Concat(Enumerable.Repeat("/" + new string('d', 250), 20)) + "/f.txt"; // ~5 KB: over PATH_MAX
        var r = s.Send(Req("PUT", deep, "data"));
        AssertProblem(r, 400);
        Assert.Empty(s.Root.Snapshot());
    }
}
