using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

public class PoolHttpClientListingTests
{
    [Fact]
    public async Task List_gives_typed_entries_sorted_by_name_without_hidden_ones()
    {
        using var server = new TestServer();
        server.Root.Write("b.txt", "12345");
        server.Root.Write("a dir ü/inner.txt", "x");
        server.Root.Write(".hidden", "secret");
        var modified = new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(server.Root.File("b.txt"), modified);
        using var client = new PoolHttpClient();

        var entries = await client.ListAsync(new ListOptions(server.Uri("/")));

        Assert.Equal(new[] { "a dir ü", "b.txt" }, entries.Select(e => e.Name));
        var folder = entries[0];
        var file = entries[1];
        Assert.Equal((PoolEntryType.Directory, 0L, server.Uri("/a dir ü/")), (folder.Type, folder.Size, folder.Uri));
        Assert.Equal((PoolEntryType.File, 5L, modified, DateTimeKind.Utc), (file.Type, file.Size, file.Modified, file.Modified.Kind));
        Assert.Equal(server.Uri("/b.txt"), file.Uri);
    }

    [Fact]
    public async Task Recursive_list_follows_each_folder_with_its_contents()
    {
        using var server = new TestServer();
        server.Root.Write("a.txt", "a");
        server.Root.Write("sub/b.txt", "bb");
        server.Root.Write("sub/deeper/c.txt", "ccc");
        server.Root.Write("z.txt", "z");
        using var client = new PoolHttpClient();

        var entries = await client.ListAsync(new ListOptions(server.Uri("/"), Recurse: true));

        Assert.Equal(new[] { "/a.txt", "/sub/", "/sub/b.txt", "/sub/deeper/", "/sub/deeper/c.txt", "/z.txt" },
            entries.Select(e => e.Uri.AbsolutePath));
    }

    [Fact]
    public async Task List_of_a_folder_url_without_its_slash_lists_the_folder()
    {
        using var server = new TestServer();
        server.Root.Write("sub/b.txt", "bb");
        using var client = new PoolHttpClient();

        var entries = await client.ListAsync(new ListOptions(server.Uri("/sub")));

        Assert.Equal(server.Uri("/sub/b.txt"), Assert.Single(entries).Uri);
    }

    [Fact]
    public async Task Listed_uris_can_be_downloaded_even_with_awkward_names()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("odd/50% off #1 ü?.txt", "odd");
        using var client = new PoolHttpClient();

        var entry = Assert.Single(await client.ListAsync(new ListOptions(server.Uri("/odd/"))));
        var result = await client.DownloadAsync(new DownloadOptions(entry.Uri, local.Path));

        Assert.Equal("50% off #1 ü?.txt", entry.Name);
        Assert.Equal("odd", File.ReadAllText(result.Destination));
    }

    [Fact]
    public async Task Delete_removes_a_file()
    {
        using var server = new TestServer();
        server.Root.Write("a.txt", "a");
        using var client = new PoolHttpClient();

        await client.DeleteAsync(new DeleteOptions(server.Uri("/a.txt")));

        Assert.Empty(server.Root.AllFiles());
    }

    [Fact]
    public async Task Delete_of_a_non_empty_folder_is_refused_without_recursive_and_removes_nothing()
    {
        using var server = new TestServer();
        server.Root.Write("dir/a.txt", "a");
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DeleteAsync(new DeleteOptions(server.Uri("/dir/"))));

        Assert.Equal((PoolErrorKind.Conflict, (int?)409), (e.Kind, e.StatusCode));
        Assert.Contains("recursive=true", e.Detail, StringComparison.Ordinal);
        Assert.Equal(new[] { "dir/a.txt" }, server.Root.AllFiles());
    }

    [Fact]
    public async Task Recursive_delete_removes_a_folder_with_its_contents()
    {
        using var server = new TestServer();
        server.Root.Write("dir/a.txt", "a");
        server.Root.Write("dir/sub/b.txt", "b");
        using var client = new PoolHttpClient();

        await client.DeleteAsync(new DeleteOptions(server.Uri("/dir"), Recursive: true));

        Assert.False(Directory.Exists(server.Root.File("dir")));
    }

    [Fact]
    public async Task Delete_of_an_empty_folder_needs_no_recursive()
    {
        using var server = new TestServer();
        Directory.CreateDirectory(server.Root.File("empty"));
        using var client = new PoolHttpClient();

        await client.DeleteAsync(new DeleteOptions(server.Uri("/empty/")));

        Assert.False(Directory.Exists(server.Root.File("empty")));
    }

    [Fact]
    public async Task Delete_of_a_missing_file_is_NotFound()
    {
        using var server = new TestServer();
        using var client = new PoolHttpClient();

        var e = await Assert.ThrowsAsync<PoolException>(() => client.DeleteAsync(new DeleteOptions(server.Uri("/gone.txt"))));

        Assert.Equal((PoolErrorKind.NotFound, (int?)404), (e.Kind, e.StatusCode));
    }
}
