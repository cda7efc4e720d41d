namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    [Theory]
    [InlineData("/.hidden")]
    [InlineData("/.hidden-dir/")]
    [InlineData("/.hidden-dir")]
    [InlineData("/.hidden-dir/visible.txt")]
    [InlineData("/sub/.git/config")]
    [InlineData("/sub/.poolhttp-0123.tmp")]
    [InlineData("/%2ehidden")]
    public void A_hidden_name_is_not_served(string target)
    {
        using var s = StartServer();
        s.Root.Write(".hidden", "secret");
        s.Root.Write(".hidden-dir/visible.txt", "secret");
        s.Root.Write("sub/.git/config", "secret");
        s.Root.Write("sub/.poolhttp-0123.tmp", "secret");
        foreach (var method in new[] { "GET", "HEAD" })
        {
            using var c = s.Connect();
            c.Write(Req(method, target));
            var r = c.ReadResponse(headOnly: method == "HEAD");
            Assert.Equal(404, r.Status);
            Assert.DoesNotContain("secret", r.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/.hidden")]
    [InlineData("/.new-hidden")]
    [InlineData("/.hidden-dir/visible.txt")]
    [InlineData("/.new-dir/file.txt")]
    [InlineData("/sub/.git/config")]
    [InlineData("/%2enew")]
    public void A_hidden_name_is_not_writable(string target)
    {
        using var s = StartServer();
        s.Root.Write(".hidden", "secret");
        s.Root.Write(".hidden-dir/visible.txt", "secret");
        s.Root.Write("sub/.git/config", "secret");
        var before = s.Root.Snapshot();
        foreach (var request in new[] { Req("PUT", target, "overwritten"), Req("POST", target, "posted"), Req("DELETE", target) })
        {
            var r = s.Send(request);
            AssertProblem(r, 403);
        }
        Assert.Equal(before, s.Root.Snapshot());
    }

    [Fact]
    public void A_folder_holding_only_hidden_files_is_not_deleted_without_recursive()
    {
        using var s = StartServer();
        s.Root.Write("dir/.keep", "");
        var before = s.Root.Snapshot();
        AssertProblem(s.Send(Req("DELETE", "/dir/")), 409);
        Assert.Equal(before, s.Root.Snapshot());
    }
}
