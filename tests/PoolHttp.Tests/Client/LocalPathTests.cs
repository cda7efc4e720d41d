using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

/// <summary>A local destination typed with a trailing separator names a folder, also once a shell has resolved it.</summary>
public class LocalPathTests
{
    [Theory]
    [InlineData("out.bin", "/home/u/out.bin", "/home/u/out.bin")]
    [InlineData("dl/", "/home/u/dl", "/home/u/dl/")]
    [InlineData("dl/", "/home/u/dl/", "/home/u/dl/")]
    [InlineData(".", "/home/u", "/home/u")]
    [InlineData("~/", "/home/u/", "/home/u/")]
    public void Download_destination_keeps_a_typed_trailing_separator(string typed, string resolved, string expected) =>
        Assert.Equal(expected, LocalPath.KeepTrailingSeparator(typed, resolved));

    [Fact]
    public async Task Download_to_a_missing_folder_typed_with_a_slash_fails_and_writes_nothing()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("f.txt", "content");
        using var client = new PoolHttpClient();
        string destination = LocalPath.KeepTrailingSeparator("missing/", Path.Combine(local.Path, "missing"));

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DownloadAsync(new DownloadOptions(server.Uri("/f.txt"), destination)));

        Assert.Equal(PoolErrorKind.NotFound, e.Kind);
        Assert.Empty(local.AllFiles());
    }

    [Fact]
    public async Task Download_to_the_current_location_keeps_the_remote_name()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("sub/r é.txt", "remote");
        using var client = new PoolHttpClient();

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/sub/r%20%C3%A9.txt"), LocalPath.KeepTrailingSeparator(".", local.Path)));

        Assert.Equal(local.File("r é.txt"), result.Destination);
        Assert.Equal("remote", System.IO.File.ReadAllText(local.File("r é.txt")));
    }
}
