using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;
using static PoolHttp.Tests.Client.ClientTestData;
using static PoolHttp.Tests.Client.PoolHttpClientFailedDownloadTests;

namespace PoolHttp.Tests.Client;

/// <summary>Resume of a destination that another tool (curl -C -, wget -c, Invoke-WebRequest -Resume) left half-written.</summary>
public class PoolHttpClientResumeTests
{
    [Fact]
    public async Task Resume_continues_a_half_file_another_tool_left_at_the_destination()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(300_000, seed: 21);
        server.Root.Write("f.bin", data);
        string destination = local.Write("f.bin", data[..120_000]);
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.bin"), destination) { Resume = true });

        Assert.Equal((true, 206, 180_000L, 300_000L), (result.Resumed, result.StatusCode, result.BytesTransferred, result.Length));
        Assert.Equal(data, File.ReadAllBytes(destination));
        Assert.Equal(["f.bin"], FolderContents(local.Path));
    }

    [Fact]
    public async Task Resume_asks_for_the_rest_of_a_foreign_half_file_with_a_range_and_no_if_range()
    {
        using var local = new TempRoot();
        string destination = local.Write("f.txt", "0123");
        using var server = new ScriptedServer(ScriptedServer.MakeHead("206 Partial Content", "Content-Range: bytes 4-9/10", "Content-Length: 6"),
            "456789"u8.ToArray(), stallAfter: false);
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.txt"), destination) { Resume = true });

        Assert.Equal(("bytes=4-", null), (server.FirstRequestHeader("Range"), server.FirstRequestHeader("If-Range")));
        Assert.Equal((true, 6L, 10L), (result.Resumed, result.BytesTransferred, result.Length));
        Assert.Equal("0123456789", File.ReadAllText(destination));
        Assert.Equal(["f.txt"], FolderContents(local.Path));
    }

    [Fact]
    public async Task Resume_of_a_destination_as_long_as_the_remote_file_moves_no_body_and_says_it_is_done()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(50_000, seed: 22);
        server.Root.Write("f.bin", data);
        string destination = local.Write("f.bin", data);
        var written = File.GetLastWriteTimeUtc(destination);
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.bin"), destination) { Resume = true });

        Assert.Equal((true, 0L, 50_000L, 416), (result.Resumed, result.BytesTransferred, result.Length, result.StatusCode));
        Assert.Equal(data, File.ReadAllBytes(destination));
        Assert.Equal(written, File.GetLastWriteTimeUtc(destination));
        Assert.Equal(["f.bin"], FolderContents(local.Path));
    }

    [Fact]
    public async Task Resume_of_a_destination_longer_than_the_remote_file_downloads_it_again_from_zero()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(30_000, seed: 23);
        server.Root.Write("f.bin", data);
        string destination = local.Write("f.bin", Bytes(40_000, seed: 24));
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.bin"), destination) { Resume = true });

        Assert.Equal((false, 200, 30_000L, 30_000L), (result.Resumed, result.StatusCode, result.BytesTransferred, result.Length));
        Assert.Equal(data, File.ReadAllBytes(destination));
        Assert.Equal(["f.bin"], FolderContents(local.Path));
    }

    [Fact]
    public async Task Resume_from_a_server_that_ignores_the_range_downloads_again_from_zero()
    {
        using var local = new TempRoot();
        string destination = local.Write("f.txt", "abcd");
        using var server = new ScriptedServer(ScriptedServer.MakeHead("200 OK", "Content-Length: 10"), "0123456789"u8.ToArray(), stallAfter: false);
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.txt"), destination) { Resume = true });

        Assert.Equal("bytes=4-", server.FirstRequestHeader("Range"));
        Assert.Equal((false, 200, 10L), (result.Resumed, result.StatusCode, result.BytesTransferred));
        Assert.Equal("0123456789", File.ReadAllText(destination));
        Assert.Equal(["f.txt"], FolderContents(local.Path));
    }

    [Fact]
    public async Task Resume_refuses_a_206_for_another_range_and_leaves_the_destination_as_it_was()
    {
        using var local = new TempRoot();
        string destination = local.Write("f.txt", "0123");
        using var server = new ScriptedServer(ScriptedServer.MakeHead("206 Partial Content", "Content-Range: bytes 0-9/10", "Content-Length: 10"),
            "0123456789"u8.ToArray(), stallAfter: false);
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(server.Uri("/f.txt"), destination) { Resume = true }));

        Assert.Equal(PoolErrorKind.Protocol, e.Kind);
        Assert.Equal("0123", File.ReadAllText(destination));
        Assert.Equal(["f.txt"], FolderContents(local.Path));
    }

    [Fact]
    public async Task Resume_of_a_foreign_half_file_cut_short_keeps_the_destination_as_it_was_and_one_partial_file_for_the_next_resume()
    {
        using var real = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(300_000, seed: 25);
        real.Root.Write("f.bin", data);
        string destination = local.Write("f.bin", data[..100_000]);
        using var client = new PoolHttpClient();
        using (var cut = new ScriptedServer(ScriptedServer.MakeHead("206 Partial Content", "Content-Range: bytes 100000-299999/300000",
            "Content-Length: 200000", $"ETag: {ETagOf(real, "/f.bin")}"), data[100_000..150_000], stallAfter: false))
        {
            await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(cut.Uri("/f.bin"), destination) { Resume = true }));
        }
        Assert.Equal(data[..100_000], File.ReadAllBytes(destination));
        Assert.Equal(["f.bin", "f.bin.part"], FolderContents(local.Path));

        var result = await client.DownloadAsync(new DownloadOptions(real.Uri("/f.bin"), destination) { Resume = true });

        Assert.Equal((true, 206, 150_000L), (result.Resumed, result.StatusCode, result.BytesTransferred));
        Assert.Equal(data, File.ReadAllBytes(destination));
        Assert.Equal(["f.bin"], FolderContents(local.Path));
    }

    [Fact]
    public async Task Resume_continues_a_partial_file_of_ours_without_a_validator_with_a_range_alone()
    {
        using var local = new TempRoot();
        string destination = local.File("f.txt");
        File.WriteAllText(destination + ".part", "0123");
        using var server = new ScriptedServer(ScriptedServer.MakeHead("206 Partial Content", "Content-Range: bytes 4-9/10", "Content-Length: 6"),
            "456789"u8.ToArray(), stallAfter: false);
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.txt"), destination) { Resume = true });

        Assert.Equal(("bytes=4-", null), (server.FirstRequestHeader("Range"), server.FirstRequestHeader("If-Range")));
        Assert.Equal((true, 6L), (result.Resumed, result.BytesTransferred));
        Assert.Equal("0123456789", File.ReadAllText(destination));
        Assert.Equal(["f.txt"], FolderContents(local.Path));
    }

    [Fact]
    public async Task Resume_of_a_kept_partial_file_that_is_already_whole_moves_it_into_place_without_a_body()
    {
        using var real = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(40_000, seed: 27);
        real.Root.Write("f.bin", data);
        string destination = local.Write("f.bin", "old");
        using var client = new PoolHttpClient();
        using (var cut = new ScriptedServer(ScriptedServer.MakeHead("200 OK", $"Content-Length: {data.Length + 1}", $"ETag: {ETagOf(real, "/f.bin")}"),
            data, stallAfter: false))
        {
            await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(cut.Uri("/f.bin"), destination) { Resume = true }));
        }

        var result = await client.DownloadAsync(new DownloadOptions(real.Uri("/f.bin"), destination) { Resume = true });

        Assert.Equal((true, 416, 0L, (long)data.Length), (result.Resumed, result.StatusCode, result.BytesTransferred, result.Length));
        Assert.Equal(data, File.ReadAllBytes(destination));
        Assert.Equal(["f.bin"], FolderContents(local.Path));
    }

    [Fact]
    public async Task Download_without_resume_replaces_a_half_file_at_the_destination_from_zero()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(20_000, seed: 26);
        server.Root.Write("f.bin", data);
        string destination = local.Write("f.bin", data[..5_000]);
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.bin"), destination));

        Assert.Equal((false, 200, 20_000L), (result.Resumed, result.StatusCode, result.BytesTransferred));
        Assert.Equal(data, File.ReadAllBytes(destination));
    }
}
