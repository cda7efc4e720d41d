namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    [Fact]
    public void Delete_of_a_file_is_204_and_removes_it()
    {
        using var s = StartServer();
        s.Root.Write("d/f.txt", "x");
        s.Root.Write("d/other.txt", "y");
        var r = s.Send(Req("DELETE", "/d/f.txt"));
        Assert.Equal(204, r.Status);
        AssertDateAndServer(r);
        Assert.Equal(new[] { "d/other.txt" }, s.Root.AllFiles());
    }

    [Fact]
    public void Delete_of_a_missing_file_is_404()
    {
        using var s = StartServer();
        s.Root.Write("f.txt", "x");
        AssertProblem(s.Send(Req("DELETE", "/missing.txt")), 404);
        AssertProblem(s.Send(Req("DELETE", "/no/such/thing")), 404);
        AssertProblem(s.Send(Req("DELETE", "/f.txt/")), 404);
        Assert.True(s.Root.Exists("f.txt"));
    }

    [Theory]
    [InlineData("/empty")]
    [InlineData("/empty/")]
    public void Delete_of_an_empty_folder_with_or_without_the_slash_is_204(string target)
    {
        using var s = StartServer();
        Directory.CreateDirectory(s.Root.File("empty"));
        Assert.Equal(204, s.Send(Req("DELETE", target)).Status);
        Assert.False(Directory.Exists(s.Root.File("empty")));
    }

    [Theory]
    [InlineData("/full")]
    [InlineData("/full/")]
    [InlineData("/full/?recursive=false")]
    public void Delete_of_a_non_empty_folder_is_409_and_keeps_everything(string target)
    {
        using var s = StartServer();
        s.Root.Write("full/a.txt", "a");
        s.Root.Write("full/sub/b.txt", "b");
        var before = s.Root.Snapshot();
        AssertProblem(s.Send(Req("DELETE", target)), 409);
        Assert.Equal(before, s.Root.Snapshot());
    }

    [Theory]
    [InlineData("/full?recursive=true")]
    [InlineData("/full/?recursive=true")]
    public void Delete_of_a_non_empty_folder_with_recursive_removes_the_tree(string target)
    {
        using var s = StartServer();
        s.Root.Write("full/a.txt", "a");
        s.Root.Write("full/sub/b.txt", "b");
        s.Root.Write("keep.txt", "k");
        Assert.Equal(204, s.Send(Req("DELETE", target)).Status);
        Assert.False(Directory.Exists(s.Root.File("full")));
        Assert.Equal(new[] { "keep.txt" }, s.Root.AllFiles());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/?recursive=true")]
    public void Delete_of_the_root_is_403_and_keeps_everything(string target)
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "a");
        var before = s.Root.Snapshot();
        AssertProblem(s.Send(Req("DELETE", target)), 403);
        Assert.Equal(before, s.Root.Snapshot());
        Assert.True(Directory.Exists(s.Root.Path));
    }

    [Fact]
    public void Options_lists_every_method_where_writes_are_allowed()
    {
        using var s = StartServer();
        s.Root.Write("f.txt", "x");
        foreach (var target in new[] { "/f.txt", "/", "/missing/path", "*" })
        {
            var r = s.Send(Req("OPTIONS", target));
            Assert.Equal(204, r.Status);
            Assert.Equal(new[] { "DELETE", "GET", "HEAD", "MKCOL", "OPTIONS", "POST", "PUT" }, Methods(r.Header("Allow")));
            AssertDateAndServer(r);
        }
    }

    [Fact]
    public void Options_on_a_read_only_server_lists_only_the_read_methods()
    {
        using var s = StartServer(configure: o => o with { ReadOnly = true });
        var r = s.Send(Req("OPTIONS", "/anything"));
        Assert.Equal(204, r.Status);
        Assert.Equal(new[] { "GET", "HEAD", "OPTIONS" }, Methods(r.Header("Allow")));
    }

    [Fact]
    public void Options_on_the_server_resources_lists_get_and_head()
    {
        using var s = StartServer();
        var r = s.Send(Req("OPTIONS", "/.poolhttp/stats"));
        Assert.Equal(204, r.Status);
        Assert.DoesNotContain("PUT", r.Header("Allow")!, StringComparison.Ordinal);
        Assert.Contains("GET", r.Header("Allow")!, StringComparison.Ordinal);
    }

    private static string[] Methods(string? allow) =>
        (allow ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).OrderBy(m => m, StringComparer.Ordinal).ToArray();
}
