using System.Text;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;
using static PoolHttp.Tests.Client.ClientTestData;

namespace PoolHttp.Tests.Client;

/// <summary>What a download cut short by the server leaves on disk, with and without resume.</summary>
public class PoolHttpClientFailedDownloadTests
{
    public enum Cut { ShortBody, ChunkedWithoutLastChunk, Stall }

    private const int Whole = 200_000, Sent = 50_000;

    [Theory]
    [InlineData(Cut.ShortBody)]
    [InlineData(Cut.ChunkedWithoutLastChunk)]
    [InlineData(Cut.Stall)]
    public async Task A_download_cut_short_without_resume_leaves_the_destination_as_it_was_and_nothing_beside_it(Cut cut)
    {
        using var local = new TempRoot();
        string destination = local.Write("big.bin", "old version");
        using var server = CuttingServer(cut, Bytes(Whole, seed: 3), "\"v1\"");
        using var client = ClientFor(cut);

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(server.Uri("/big.bin"), destination)));

        Assert.Equal(cut == Cut.Stall ? PoolErrorKind.Timeout : PoolErrorKind.Protocol, e.Kind);
        Assert.Equal(["big.bin"], FolderContents(local.Path));
        Assert.Equal("old version", File.ReadAllText(destination));
    }

    [Fact]
    public async Task A_download_cut_short_without_resume_and_without_a_destination_leaves_an_empty_folder()
    {
        using var local = new TempRoot();
        using var server = CuttingServer(Cut.ShortBody, Bytes(Whole, seed: 3), "\"v1\"");
        using var client = new PoolHttpClient();

        await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(server.Uri("/big.bin"), local.File("big.bin"))));

        Assert.Empty(FolderContents(local.Path));
    }

    [Fact]
    public async Task A_failed_download_without_resume_also_removes_a_partial_file_an_earlier_resume_kept()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string destination = local.File("gone.bin");
        File.WriteAllBytes(destination + ".part", Bytes(100, seed: 1));
        using var client = new PoolHttpClient();

        await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(server.Uri("/gone.bin"), destination)));

        Assert.Empty(FolderContents(local.Path));
    }

    [Theory]
    [InlineData(Cut.ShortBody)]
    [InlineData(Cut.ChunkedWithoutLastChunk)]
    [InlineData(Cut.Stall)]
    public async Task A_download_cut_short_with_resume_keeps_one_partial_file_which_the_next_resume_completes(Cut cut)
    {
        using var real = new TestServer();
        using var local = new TempRoot();
        byte[] data = Bytes(Whole, seed: 4);
        real.Root.Write("big.bin", data);
        string destination = local.Write("big.bin", "old version");
        using var client = ClientFor(cut);
        using (var server = CuttingServer(cut, data, ETagOf(real, "/big.bin")))
        {
            var e = await Assert.ThrowsAsync<PoolException>(() =>
                client.DownloadAsync(new DownloadOptions(server.Uri("/big.bin"), destination) { Resume = true }));
            Assert.Equal(cut == Cut.Stall ? PoolErrorKind.Timeout : PoolErrorKind.Protocol, e.Kind);
        }
        Assert.Equal(["big.bin", "big.bin.part"], FolderContents(local.Path));
        Assert.Equal("old version", File.ReadAllText(destination));

        var result = await client.DownloadAsync(new DownloadOptions(real.Uri("/big.bin"), destination) { Resume = true });

        Assert.Equal((true, 206, (long)Whole - Sent, (long)Whole), (result.Resumed, result.StatusCode, result.BytesTransferred, result.Length));
        Assert.Equal(data, File.ReadAllBytes(destination));
        Assert.Equal(["big.bin"], FolderContents(local.Path));
    }

    /// <summary>A server that sends the first <see cref="Sent"/> bytes of <paramref name="data"/> and then fails the way <paramref name="cut"/> says.</summary>
    internal static ScriptedServer CuttingServer(Cut cut, byte[] data, string etag) => cut switch
    {
        Cut.ShortBody => new ScriptedServer(ScriptedServer.MakeHead("200 OK", $"Content-Length: {data.Length}", $"ETag: {etag}"), data[..Sent], stallAfter: false),
        Cut.ChunkedWithoutLastChunk => new ScriptedServer(ScriptedServer.MakeHead("200 OK", "Transfer-Encoding: chunked", $"ETag: {etag}"),
            [.. Encoding.ASCII.GetBytes($"{Sent:x}\r\n"), .. data[..Sent], .. "\r\n"u8], stallAfter: false),
        _ => new ScriptedServer(ScriptedServer.MakeHead("200 OK", $"Content-Length: {data.Length}", $"ETag: {etag}"), data[..Sent], stallAfter: true),
    };

    /// <summary>A client whose idle timeout ends a stall soon, yet leaves a cold start on a busy machine time to get the head.</summary>
    private static PoolHttpClient ClientFor(Cut cut) =>
        new(new PoolClientOptions { IdleTimeout = cut == Cut.Stall ? TimeSpan.FromSeconds(1) : PoolClientOptions.DefaultIdleTimeout });

    /// <summary>The names of every file in <paramref name="folder"/>, sorted.</summary>
    internal static string[] FolderContents(string folder) =>
        Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    internal static string ETagOf(TestServer server, string path)
    {
        using var raw = server.Connect();
        raw.Write($"HEAD {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        return raw.ReadResponse(headOnly: true).Header("ETag")!;
    }
}
