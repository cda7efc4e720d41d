using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;
using static PoolHttp.Tests.Client.ClientTestData;

namespace PoolHttp.Tests.Client;

public class PoolHttpClientTransferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5 * 1024 * 1024 + 1)]
    public async Task Upload_then_download_gives_back_the_same_bytes(int size)
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(size, seed: size);
        string source = local.Write("source ü %2e.bin", data);
        using var client = new PoolHttpClient();

        var up = await client.UploadAsync(new UploadOptions(source, server.Uri("/up load/")) { ComputeSha256 = true });
        var down = await client.DownloadAsync(new DownloadOptions(new Uri(up.Destination), local.File("copy.bin")));
        var hashed = await client.DownloadToHashAsync(new Uri(up.Destination));

        Assert.Equal(201, up.StatusCode);
        Assert.Equal(data, File.ReadAllBytes(server.Root.File("up load/source ü %2e.bin")));
        Assert.Equal(data, File.ReadAllBytes(down.Destination));
        Assert.Equal((size, size, Sha256(data)), (up.Length, down.Length, up.Sha256));
        Assert.Equal((size, Sha256(data), ""), (hashed.Length, hashed.Sha256, hashed.Destination));
        Assert.Empty(server.Root.TempFiles());
        Assert.Empty(Leftovers(local.Path));
    }

    [Fact]
    public async Task Upload_to_a_file_url_replaces_an_existing_file_and_reports_204()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("docs/old.txt", "old");
        string source = local.Write("new.txt", "new content");
        using var client = new PoolHttpClient();

        var result = await client.UploadAsync(new UploadOptions(source, server.Uri("/docs/old.txt")));

        Assert.Equal(204, result.StatusCode);
        Assert.Equal("new content", File.ReadAllText(server.Root.File("docs/old.txt")));
    }

    [Fact]
    public async Task Multipart_upload_stores_the_file_under_the_remote_name()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(300_000, seed: 7);
        string source = local.Write("form.bin", data);
        using var client = new PoolHttpClient();

        var result = await client.UploadAsync(new UploadOptions(source, server.Uri("/forms/é named.bin")) { Multipart = true, ComputeSha256 = true });

        Assert.Equal(201, result.StatusCode);
        Assert.Equal(data, File.ReadAllBytes(server.Root.File("forms/é named.bin")));
        Assert.Equal(Sha256(data), result.Sha256);
        Assert.Empty(server.Root.TempFiles());
    }

    [Fact]
    public async Task No_overwrite_upload_is_refused_with_412_and_the_old_file_stays()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("keep.txt", "original");
        string source = local.Write("keep.txt", "replacement");
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() =>
            client.UploadAsync(new UploadOptions(source, server.Uri("/")) { NoOverwrite = true }));

        Assert.Equal((PoolErrorKind.Conflict, 412), (e.Kind, e.StatusCode));
        Assert.Contains("If-None-Match", e.Detail, StringComparison.Ordinal);
        Assert.Equal("original", File.ReadAllText(server.Root.File("keep.txt")));
        Assert.Empty(server.Root.TempFiles());
    }

    [Fact]
    public async Task No_overwrite_upload_of_a_new_file_succeeds()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string source = local.Write("fresh.txt", "fresh");
        using var client = new PoolHttpClient();

        var result = await client.UploadAsync(new UploadOptions(source, server.Uri("/")) { NoOverwrite = true });

        Assert.Equal(201, result.StatusCode);
        Assert.Equal("fresh", File.ReadAllText(server.Root.File("fresh.txt")));
    }

    [Fact]
    public async Task Download_into_a_folder_uses_the_remote_name()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("dir/ü name.txt", "payload");
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/dir/ü name.txt"), local.Path));

        Assert.Equal(local.File("ü name.txt"), result.Destination);
        Assert.Equal("payload", File.ReadAllText(result.Destination));
    }

    [Fact]
    public async Task Download_replaces_an_existing_destination_only_when_complete()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("a.txt", "new");
        string destination = local.Write("a.txt", "old");
        using var client = new PoolHttpClient();

        await client.DownloadAsync(new DownloadOptions(server.Uri("/a.txt"), destination));

        Assert.Equal("new", File.ReadAllText(destination));
        Assert.Empty(Leftovers(local.Path));
    }

    [Fact]
    public async Task Failed_download_leaves_an_existing_destination_intact()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string destination = local.Write("a.txt", "precious");
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(server.Uri("/missing.txt"), destination)));

        Assert.Equal(PoolErrorKind.NotFound, e.Kind);
        Assert.Equal("precious", File.ReadAllText(destination));
        Assert.Empty(Leftovers(local.Path));
    }

    [Fact]
    public async Task Download_with_resume_cut_off_midway_keeps_one_partial_file_that_starts_with_the_bytes_received_and_the_destination_intact()
    {
        using var local = new TempRoot();
        string destination = local.Write("big.bin", "old version");
        byte[] data = Bytes(200_000, seed: 3);
        using var cut = new ScriptedServer(ScriptedServer.MakeHead("200 OK", "Content-Length: 200000", "ETag: \"v1\""), data[..50_000], stallAfter: false);
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(cut.Uri("/big.bin"), destination) { Resume = true }));

        Assert.Equal(PoolErrorKind.Protocol, e.Kind);
        Assert.Equal("old version", File.ReadAllText(destination));
        Assert.Equal(data[..50_000], File.ReadAllBytes(destination + ".part")[..50_000]);
        Assert.Equal([destination + ".part"], Leftovers(local.Path));
    }

    [Fact]
    public async Task Resume_continues_a_cut_off_download_with_a_range_and_gives_the_whole_file()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(3 * 1024 * 1024 + 17, seed: 11);
        server.Root.Write("big.bin", data);
        string etag = ETagOf(server, "/big.bin");
        string destination = local.File("big.bin");
        using var client = new PoolHttpClient();
        await CutOff(local, client, destination, data, 1_000_000, etag);

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/big.bin"), destination) { Resume = true });

        Assert.True(result.Resumed);
        Assert.Equal((206, data.Length - 1_000_000L, (long)data.Length), (result.StatusCode, result.BytesTransferred, result.Length));
        Assert.Equal(data, File.ReadAllBytes(destination));
        Assert.Empty(Leftovers(local.Path));
    }

    [Fact]
    public async Task Resume_after_the_remote_file_changed_starts_again_from_zero()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        byte[] before = Bytes(400_000, seed: 1), after = Bytes(400_000, seed: 2);
        string remote = server.Root.Write("f.bin", before);
        string etag = ETagOf(server, "/f.bin");
        string destination = local.File("f.bin");
        using var client = new PoolHttpClient();
        await CutOff(local, client, destination, before, 100_000, etag);
        File.WriteAllBytes(remote, after);
        File.SetLastWriteTimeUtc(remote, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.bin"), destination) { Resume = true });

        Assert.False(result.Resumed);
        Assert.Equal((200, 400_000L), (result.StatusCode, result.BytesTransferred));
        Assert.Equal(after, File.ReadAllBytes(destination));
    }

    [Fact]
    public async Task Download_without_resume_ignores_a_partial_file_and_starts_from_zero()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(100_000, seed: 5);
        server.Root.Write("f.bin", data);
        string destination = local.File("f.bin");
        File.WriteAllBytes(destination + ".part", Bytes(10, seed: 6));
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.bin"), destination));

        Assert.False(result.Resumed);
        Assert.Equal(data, File.ReadAllBytes(destination));
        Assert.Empty(Leftovers(local.Path));
    }

    [Fact]
    public async Task Cancelled_download_stops_and_leaves_no_destination_and_no_partial_file()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        Sparse(server.Root.File("huge.bin"), 8L << 30);
        string destination = local.File("huge.bin");
        using var client = new PoolHttpClient();
        using var cts = new CancellationTokenSource();
        var counter = new TransferCounter();

        var transfer = client.DownloadAsync(new DownloadOptions(server.Uri("/huge.bin"), destination), counter, cts.Token);
        await UntilMoving(counter, transfer);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transfer);
        Assert.InRange(counter.BytesDone, 1, (8L << 30) - 1);
        Assert.False(File.Exists(destination));
        Assert.Empty(Leftovers(local.Path));
    }

    [Fact]
    public async Task Cancelled_upload_stops_and_the_server_keeps_no_file_and_no_temp_file()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string source = Sparse(local.File("huge.bin"), 8L << 30);
        using var client = new PoolHttpClient();
        using var cts = new CancellationTokenSource();
        var counter = new TransferCounter();

        var transfer = client.UploadAsync(new UploadOptions(source, server.Uri("/up/")), counter, cts.Token);
        await UntilMoving(counter, transfer);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transfer);
        Eventually(() => server.Root.TempFiles().Count == 0, "the server discards the aborted upload");
        Assert.False(File.Exists(server.Root.File("up/huge.bin")));
    }

    [Fact]
    public async Task A_download_that_stalls_fails_with_a_timeout_and_without_resume_keeps_nothing()
    {
        using var local = new TempRoot();
        using var stall = new ScriptedServer(ScriptedServer.MakeHead("200 OK", "Content-Length: 1000", "ETag: \"s\""), Bytes(10, seed: 1), stallAfter: true);
        using var client = new PoolHttpClient(new PoolClientOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) });
        string destination = local.File("s.bin");

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(stall.Uri("/s.bin"), destination)));

        Assert.Equal(PoolErrorKind.Timeout, e.Kind);
        Assert.False(File.Exists(destination));
        Assert.Empty(Leftovers(local.Path));
    }

    [Fact]
    public async Task An_upload_the_server_never_reads_fails_with_a_timeout()
    {
        using var local = new TempRoot();
        string source = Sparse(local.File("big.bin"), 256L << 20);
        using var deaf = new ScriptedServer("", Array.Empty<byte>(), stallAfter: true, readRequest: false);
        using var client = new PoolHttpClient(new PoolClientOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<PoolException>(() => client.UploadAsync(new UploadOptions(source, deaf.Uri("/big.bin"))));

        Assert.Equal(PoolErrorKind.Timeout, e.Kind);
    }

    [Fact]
    public async Task Counter_reports_the_whole_length_once_a_transfer_is_done()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("c.bin", Bytes(70_000, seed: 9));
        using var client = new PoolHttpClient();
        var counter = new TransferCounter();

        await client.DownloadAsync(new DownloadOptions(server.Uri("/c.bin"), local.File("c.bin")), counter);

        Assert.Equal((70_000L, (long?)70_000L, 100), (counter.BytesDone, counter.BytesTotal, counter.PercentComplete));
        Assert.Contains("of 68.4 KiB (100%)", counter.Describe(), StringComparison.Ordinal);
    }

    private static string ETagOf(TestServer server, string path)
    {
        using var raw = server.Connect();
        raw.Write($"HEAD {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        return raw.ReadResponse(headOnly: true).Header("ETag")!;
    }

    /// <summary>Leaves a real partial download of <paramref name="data"/> (with resume): a server that sends <paramref name="keep"/> bytes and hangs up.</summary>
    private static async Task CutOff(TempRoot local, PoolHttpClient client, string destination, byte[] data, int keep, string etag)
    {
        using var cut = new ScriptedServer(ScriptedServer.MakeHead("200 OK", $"Content-Length: {data.Length}", $"ETag: {etag}"), data[..keep], stallAfter: false);
        await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(cut.Uri("/x"), destination) { Resume = true }));
        Assert.Equal([destination + ".part"], Leftovers(local.Path));
    }
}
