using System.Text;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    /// <summary>Targets with dot segments or repeated slashes that stay inside the root, and the file each names.</summary>
    public static TheoryData<string, string> ResolvingTargets => new()
    {
        { "/./a:b.txt", "a:b.txt" },
        { "/sub/../a.txt", "a.txt" },
        { "/sub/./x.txt", "sub/x.txt" },
        { "/%2e/sub/%2E%2E/a.txt", "a.txt" },
        { "/sub/deeper/../../sub/x.txt", "sub/x.txt" },
        { "//a.txt", "a.txt" },
        { "//sub//x.txt", "sub/x.txt" },
        { "/sub//./..//a.txt", "a.txt" },
        { "http://t//sub/./x.txt", "sub/x.txt" },
    };

    [Theory, MemberData(nameof(ResolvingTargets))]
    public void Dot_segments_and_repeated_slashes_resolve_to_the_file_they_name(string target, string file)
    {
        if (OperatingSystem.IsWindows() && file.Contains(':', StringComparison.Ordinal)) return;
        using var s = StartServer();
        s.Root.Write("a.txt", "root a");
        s.Root.Write("a:b.txt", "colon");
        s.Root.Write("sub/x.txt", "sub x");
        Directory.CreateDirectory(s.Root.File("sub/deeper"));

        var get = s.Send(Req("GET", target));
        Assert.Equal(200, get.Status);
        Assert.Equal(s.Root.Read(file), get.Body);
        using var c = s.Connect();
        c.Write(Req("HEAD", target));
        var head = c.ReadResponse(headOnly: true);
        Assert.Equal(200, head.Status);
        Assert.Equal(get.Header("Content-Length"), head.Header("Content-Length"));
        Assert.Equal(get.Header("ETag"), head.Header("ETag"));
    }

    [Theory]
    [InlineData("//", "a.txt")]
    [InlineData("/sub/..", "a.txt")]
    [InlineData("/sub/../", "a.txt")]
    [InlineData("/./sub/.", "x.txt")]
    [InlineData("//sub//", "x.txt")]
    public void Dot_segments_and_repeated_slashes_resolve_to_the_folder_they_name(string target, string listed)
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "a");
        s.Root.Write("sub/x.txt", "x");
        var r = s.Send(Req("GET", target, null, "Accept: application/json"));
        Assert.Equal(200, r.Status);
        Assert.Contains($"\"{listed}\"", r.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//sub", "/sub/")]
    [InlineData("/a/../sub", "/sub/")]
    [InlineData("//sub?format=json", "/sub/?format=json")]
    public void A_folder_reached_through_dots_or_slashes_redirects_to_its_plain_form_never_to_another_host(string target, string location)
    {
        using var s = StartServer();
        Directory.CreateDirectory(s.Root.File("sub"));
        var r = s.Send(Req("GET", target));
        Assert.Equal(301, r.Status);
        Assert.Equal(location, r.Header("Location"));
    }

    [Fact]
    public void A_put_through_dots_and_slashes_writes_the_file_it_resolves_to_and_locates_it_plainly()
    {
        using var s = StartServer();
        var r = s.Send(Req("PUT", "//up//./deeper/../f.txt", "content"));
        Assert.Equal(201, r.Status);
        Assert.Equal("/up/f.txt", r.Header("Location"));
        Assert.Equal("content", Encoding.UTF8.GetString(s.Root.Read("up/f.txt")));
        Assert.Equal(new[] { "up/f.txt" }, s.Root.AllFiles());
    }

    [Theory]
    [InlineData("/sub%2Fx.txt")]
    [InlineData("/sub%2f..%2fa.txt")]
    public void An_encoded_slash_is_still_refused(string target)
    {
        using var s = StartServer();
        s.Root.Write("a.txt", "a");
        s.Root.Write("sub/x.txt", "x");
        AssertProblem(s.Send(Req("GET", target)), 400);
    }
}
