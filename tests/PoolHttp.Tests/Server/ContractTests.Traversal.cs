using System.Text;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    private const string Secret = "TOP-SECRET-SENTINEL";

    /// <summary>A root with a folder, a link to a folder outside and a link to a file outside; the outside holds a sentinel.</summary>
    private sealed class Escape : IDisposable
    {
        public Escape(TestServer server)
        {
            Server = server;
            Outside = new TempRoot();
            Outside.Write("secret.txt", Secret);
            OutsideName = Path.GetFileName(Outside.Path);
            server.Root.Write("inside.txt", "inside");
            server.Root.Write("sub/deeper/x.txt", "x");
            Directory.CreateSymbolicLink(server.Root.File("out"), Outside.Path);
            File.CreateSymbolicLink(server.Root.File("secret-link.txt"), Outside.File("secret.txt"));
            RootBefore = server.Root.Snapshot();
            OutsideBefore = Outside.Snapshot();
        }

        public TestServer Server { get; }

        public TempRoot Outside { get; }

        /// <summary>The outside folder's name, a sibling of the root: "/../" + this reaches it.</summary>
        public string OutsideName { get; }

        public IReadOnlyList<string> RootBefore { get; }

        public IReadOnlyList<string> OutsideBefore { get; }

        /// <summary>The outside name percent-encoded for a request target (it holds spaces, Unicode and a newline).</summary>
        public string Encoded => Uri.EscapeDataString(OutsideName);

        public void AssertUntouched()
        {
            Assert.Equal(OutsideBefore, Outside.Snapshot());
            Assert.Equal(RootBefore, Server.Root.Snapshot());
            Assert.Equal(Secret, Encoding.UTF8.GetString(Outside.Read("secret.txt")));
        }

        public void Dispose() => Outside.Dispose();
    }

    /// <summary>Targets that try to reach the sentinel file; {o} is the outside folder's encoded name.</summary>
    public static TheoryData<string> EscapingTargets => new()
    {
        "/../{o}/secret.txt",
        "/sub/../../{o}/secret.txt",
        "/sub/deeper/../../../{o}/secret.txt",
        "/%2e%2e/{o}/secret.txt",
        "/%2E%2E/{o}/secret.txt",
        "/sub/%2e%2e/%2e%2e/{o}/secret.txt",
        "/.%2e/{o}/secret.txt",
        "/..%2f{o}%2fsecret.txt",
        "/sub/..%2F..%2F{o}%2Fsecret.txt",
        "/..%5c{o}%5csecret.txt",
        "/..\\{o}\\secret.txt",
        "/sub\\..\\..\\{o}\\secret.txt",
        "/inside.txt%00/../../{o}/secret.txt",
        "/%c0%ae%c0%ae/{o}/secret.txt",
        "/%2F..%2F{o}%2Fsecret.txt",
        "/C:/{o}/secret.txt",
        "/c:%5c{o}%5csecret.txt",
        "/out/secret.txt",
        "/secret-link.txt",
        "/sub/../out/secret.txt",
        "/./../{o}/secret.txt",
        "//../{o}/secret.txt",
        "/sub/./../../{o}/secret.txt",
        "/sub/..//../{o}/secret.txt",
        "/sub/deeper/../../../../{o}/../{o}/secret.txt",
        "http://t/../{o}/secret.txt",
        "../{o}/secret.txt",
    };

    [Theory, MemberData(nameof(EscapingTargets))]
    public void A_read_that_escapes_the_root_is_refused_and_reads_nothing(string pattern)
    {
        using var s = StartServer();
        using var escape = new Escape(s);
        string target = pattern.Replace("{o}", escape.Encoded, StringComparison.Ordinal);
        foreach (var method in new[] { "GET", "HEAD" })
        {
            using var c = s.Connect();
            c.Write(Req(method, target));
            var r = c.ReadResponse(headOnly: method == "HEAD");
            Assert.True(r.Status is 400 or 403, $"{method} {target}: {r.Status}");
            Assert.DoesNotContain(Secret, r.Text, StringComparison.Ordinal);
        }
        escape.AssertUntouched();
    }

    [Theory, MemberData(nameof(EscapingTargets))]
    public void A_write_or_delete_that_escapes_the_root_is_refused_and_touches_nothing(string pattern)
    {
        using var s = StartServer();
        using var escape = new Escape(s);
        string target = pattern.Replace("{o}", escape.Encoded, StringComparison.Ordinal);
        string newTarget = target.Replace("secret.txt", "created.txt", StringComparison.Ordinal);
        foreach (var request in new[]
        {
            Req("PUT", target, "overwritten"), Req("PUT", newTarget, "created"), Req("POST", target, "posted"),
            Req("DELETE", target), Req("DELETE", target + "?recursive=true"),
        })
        {
            var r = s.Send(request);
            Assert.True(r.Status is 400 or 403, $"{request.Split('\r')[0]}: {r.Status}");
        }
        escape.AssertUntouched();
    }

    [Theory]
    [InlineData("/out")]
    [InlineData("/out/")]
    [InlineData("/out/?recursive=true")]
    [InlineData("/out?recursive=true")]
    public void A_link_to_a_folder_outside_cannot_be_listed_written_through_or_emptied(string target)
    {
        using var s = StartServer();
        using var escape = new Escape(s);
        Assert.True(s.Send(Req("GET", target, null, "Accept: application/json")).Status is 403 or 404);
        Assert.True(s.Send(Req("DELETE", target)).Status is 403 or 404);
        var post = s.Send(PostMultipart(target, Multipart(("file", "dropped.txt", "x"u8.ToArray()))));
        Assert.True(post.Status is 403 or 404, $"POST {target}: {post.Status}");
        escape.AssertUntouched();
    }

    [Fact]
    public void Links_out_of_the_root_are_not_listed()
    {
        using var s = StartServer();
        using var escape = new Escape(s);
        var r = s.Send(Req("GET", "/?format=json"));
        Assert.DoesNotContain("\"out\"", r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-link", r.Text, StringComparison.Ordinal);
        Assert.Contains("inside.txt", r.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multipart_file_name_that_climbs_is_stored_inside_the_target_folder_by_its_base_name()
    {
        using var s = StartServer();
        using var escape = new Escape(s);
        var r = s.Send(PostMultipart("/sub/", Multipart(("file", $"../../{escape.OutsideName}/secret.txt", "pwned"u8.ToArray()))));
        Assert.Equal(201, r.Status);
        Assert.Equal("pwned", Encoding.UTF8.GetString(s.Root.Read("sub/secret.txt")));
        Assert.Equal(escape.OutsideBefore, escape.Outside.Snapshot());
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("..\\..")]
    public void A_multipart_file_name_of_dot_segments_is_refused(string name)
    {
        using var s = StartServer();
        using var escape = new Escape(s);
        var r = s.Send(PostMultipart("/sub/", Multipart(("file", name, "x"u8.ToArray()))));
        Assert.True(r.Status is 400 or 403, $"{name}: {r.Status}");
        escape.AssertUntouched();
    }

    [Fact]
    public void A_recursive_delete_removes_links_inside_the_tree_without_following_them()
    {
        using var s = StartServer();
        using var escape = new Escape(s);
        s.Root.Write("tree/a.txt", "a");
        Directory.CreateSymbolicLink(s.Root.File("tree/escape-dir"), escape.Outside.Path);
        File.CreateSymbolicLink(s.Root.File("tree/escape-file"), escape.Outside.File("secret.txt"));
        Assert.Equal(204, s.Send(Req("DELETE", "/tree/?recursive=true")).Status);
        Assert.False(Directory.Exists(s.Root.File("tree")));
        Assert.Equal(escape.OutsideBefore, escape.Outside.Snapshot());
    }
}
