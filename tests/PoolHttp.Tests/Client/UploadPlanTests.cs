using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

/// <summary>Which remote file each local file of one upload call goes to, as the files arrive (Send-PoolFile, poolhttp upload).</summary>
public sealed class UploadPlanTests : IDisposable
{
    private static readonly Uri Folder = new("http://127.0.0.1:8885/up/");
    private static readonly Uri File = new("http://127.0.0.1:8885/up/name.bin");

    private readonly TempRoot _local = new();

    private static Uri Remote(string path) => new(Folder, path);

    [Fact]
    public void One_file_to_a_file_uri_waits_for_the_end_then_goes_to_that_remote_file()
    {
        var plan = new UploadPlan(File);

        Assert.Empty(plan.Add("/tmp/a.bin"));
        Assert.False(plan.IntoFolder);

        var step = Assert.Single(plan.Finish());
        Assert.Equal(new UploadOptions("/tmp/a.bin", File), step.Upload);
        Assert.Null(step.Refusal);
        Assert.Empty(plan.Finish());
    }

    [Fact]
    public void Files_to_a_folder_uri_are_planned_as_each_arrives()
    {
        var plan = new UploadPlan(Folder);

        Assert.True(plan.IntoFolder);
        Assert.Equal(Remote("a%20%C3%BC.bin"), Assert.Single(plan.Add("/tmp/a ü.bin")).Target);
        Assert.Equal(Remote("b.bin"), Assert.Single(plan.Add("/tmp/b.bin")).Target);
        Assert.Empty(plan.Finish());
    }

    [Fact]
    public void A_second_file_to_a_file_uri_sends_both_into_a_folder_of_that_name()
    {
        var plan = new UploadPlan(File);

        Assert.Empty(plan.Add("/tmp/a.bin"));
        var both = plan.Add("/tmp/b.bin").ToList();
        var third = Assert.Single(plan.Add("/tmp/c.bin"));

        Assert.Equal(["/tmp/a.bin", "/tmp/b.bin"], both.Select(s => s.Source));
        Assert.Equal([new Uri(File + "/a.bin"), new Uri(File + "/b.bin"), new Uri(File + "/c.bin")], [.. both.Select(s => s.Target), third.Target]);
        Assert.True(plan.IntoFolder);
        Assert.Empty(plan.Finish());
    }

    [Theory]
    [InlineData("http://127.0.0.1:8885/up/")]
    [InlineData("http://127.0.0.1:8885/up/name.bin")]
    public void The_same_local_file_given_twice_is_sent_once(string destination)
    {
        var plan = new UploadPlan(new Uri(destination));
        string a = _local.Write("a.bin", "a");
        string again = Path.Combine(_local.Path, ".", "a.bin");

        var steps = plan.Add(a).Concat(plan.Add(again)).Concat(plan.Finish()).ToList();

        var step = Assert.Single(steps);
        Assert.Null(step.Refusal);
        Assert.Equal(a, step.Source);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8885/up/", "http://127.0.0.1:8885/up/x.bin")]
    [InlineData("http://127.0.0.1:8885/up/name.bin", "http://127.0.0.1:8885/up/name.bin/x.bin")]
    public void A_second_file_bound_for_a_taken_remote_name_is_refused_naming_both_files_and_the_uri(string destination, string remote)
    {
        var plan = new UploadPlan(new Uri(destination));

        var steps = plan.Add("/tmp/a/x.bin").Concat(plan.Add("/tmp/b/x.bin")).Concat(plan.Finish()).ToList();

        Assert.Equal(2, steps.Count);
        Assert.Null(steps[0].Refusal);
        Assert.Equal(new Uri(remote), steps[0].Target);
        var refusal = Assert.IsType<PoolException>(steps[1].Refusal);
        Assert.Equal(PoolErrorKind.Conflict, refusal.Kind);
        Assert.Equal("/tmp/b/x.bin", refusal.Target);
        Assert.Contains("'/tmp/a/x.bin'", refusal.Detail, StringComparison.Ordinal);
        Assert.Contains("'/tmp/b/x.bin'", refusal.Detail, StringComparison.Ordinal);
        Assert.Contains(remote, refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Recursion_mirrors_a_folder_under_its_own_name_leaving_out_dot_names()
    {
        _local.Write("dir/b.txt", "b");
        _local.Write("dir/a é.txt", "a");
        _local.Write("dir/sub/c.txt", "c");
        _local.Write("dir/sub/deeper/d.txt", "d");
        _local.Write("dir/.hidden", "h");
        _local.Write("dir/.git/config", "g");
        _local.Write("dir/sub/.x/e.txt", "e");
        Directory.CreateDirectory(_local.File("dir/empty"));
        var plan = new UploadPlan(Folder, recurse: true);

        var steps = plan.Add(_local.File("dir")).ToList();

        Assert.All(steps, s => Assert.Null(s.Refusal));
        Assert.Equal([Remote("dir/a%20%C3%A9.txt"), Remote("dir/b.txt"), Remote("dir/sub/c.txt"), Remote("dir/sub/deeper/d.txt")],
            steps.Select(s => s.Target));
        Assert.Equal(_local.File("dir/sub/deeper/d.txt"), steps[3].Source);
    }

    [Fact]
    public void Recursion_makes_the_destination_a_folder_at_once_and_sends_files_given_beside_folders()
    {
        string a = _local.Write("a.txt", "a");
        _local.Write("dir/b.txt", "b");
        var plan = new UploadPlan(File, recurse: true);

        Assert.True(plan.IntoFolder);
        Assert.Equal(new Uri(File + "/a.txt"), Assert.Single(plan.Add(a)).Target);
        Assert.Equal(new Uri(File + "/dir/b.txt"), Assert.Single(plan.Add(_local.File("dir"))).Target);
        Assert.Empty(plan.Finish());
    }

    [Fact]
    public void Two_folders_of_one_name_collide_file_by_file()
    {
        _local.Write("x/dir/same.txt", "1");
        _local.Write("x/dir/only-x.txt", "1");
        _local.Write("y/dir/same.txt", "2");
        var plan = new UploadPlan(Folder, recurse: true);

        var first = plan.Add(_local.File("x/dir")).ToList();
        var second = Assert.Single(plan.Add(_local.File("y/dir")));

        Assert.Equal(2, first.Count);
        Assert.Equal(PoolErrorKind.Conflict, second.Refusal?.Kind);
        Assert.Equal(_local.File("y/dir/same.txt"), second.Refusal?.Target);
        Assert.Empty(plan.Add(_local.File("x/dir")));   // the same files again: already sent
    }

    [Fact]
    public void A_folder_without_recursion_is_refused_as_an_invalid_argument()
    {
        _local.Write("dir/a.txt", "a");
        var plan = new UploadPlan(File);

        var step = Assert.Single(plan.Add(_local.File("dir")));

        Assert.Equal(PoolErrorKind.InvalidArgument, step.Refusal?.Kind);
        Assert.Equal(_local.File("dir"), step.Refusal?.Target);
        Assert.Contains("folder", step.Refusal?.Detail, StringComparison.Ordinal);
        Assert.Empty(plan.Finish());   // a refused folder is not the one file sent to the remote file name
    }

    [Fact]
    public void A_link_to_a_folder_below_is_refused_not_followed_and_a_link_to_a_file_is_sent()
    {
        if (OperatingSystem.IsWindows()) return;   // symbolic links need a privilege there
        string target = _local.Write("elsewhere/inside.txt", "i");
        _local.Write("dir/a.txt", "a");
        Directory.CreateSymbolicLink(_local.File("dir/linked"), _local.File("elsewhere"));
        System.IO.File.CreateSymbolicLink(_local.File("dir/file-link.txt"), target);
        var plan = new UploadPlan(Folder, recurse: true);

        var steps = plan.Add(_local.File("dir")).ToList();

        Assert.Equal([Remote("dir/a.txt"), Remote("dir/file-link.txt"), Remote("dir/linked/")], steps.Select(s => s.Target));
        Assert.Null(steps[1].Refusal);
        Assert.Equal(PoolErrorKind.InvalidArgument, steps[2].Refusal?.Kind);
    }

    [Fact]
    public void Steps_carry_the_switches_and_name_source_and_destination()
    {
        var put = Assert.Single(new UploadPlan(Folder, noOverwrite: true).Add("/tmp/a.bin"));
        var form = Assert.Single(new UploadPlan(Folder, multipart: true).Add("/tmp/a.bin"));

        Assert.True(put.Upload.NoOverwrite && !put.Upload.Multipart);
        Assert.True(form.Upload.Multipart && !form.Upload.NoOverwrite);
        Assert.Equal("/tmp/a.bin", put.Source);   // -WhatIf's text names it: WhatIfTextTests
    }

    [Theory]
    [InlineData("up/")]
    [InlineData("ftp://127.0.0.1/up/")]
    [InlineData("file:///tmp/up/")]
    public void A_uri_that_is_not_absolute_http_is_refused_before_any_file(string uri)
    {
        var e = Assert.Throws<PoolException>(() => new UploadPlan(new Uri(uri, UriKind.RelativeOrAbsolute)));
        Assert.Equal(PoolErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void NoOverwrite_with_Multipart_is_refused_before_any_file()
    {
        var e = Assert.Throws<PoolException>(() => new UploadPlan(Folder, noOverwrite: true, multipart: true));
        Assert.Equal(PoolErrorKind.InvalidArgument, e.Kind);
    }

    [Theory]
    [InlineData("\"1a-2b\"", "\"1a-2b\"")]
    [InlineData("1a-2b", "\"1a-2b\"")]
    [InlineData(" W/\"x\" ", "W/\"x\"")]
    [InlineData("*", "*")]
    public void An_if_match_tag_is_sent_quoted_however_it_was_typed(string typed, string sent)
    {
        var step = Assert.Single(new UploadPlan(Folder, ifMatch: typed).Add("/tmp/a.bin"));
        Assert.Equal(sent, step.Upload.IfMatch);
    }

    [Theory]
    [InlineData("", false, false, false)]
    [InlineData("two words", false, false, false)]
    [InlineData("\"unclosed", false, false, false)]
    [InlineData("\"a\", \"b\"", false, false, false)]
    [InlineData("\"a\"", true, false, false)]
    [InlineData("\"a\"", false, true, false)]
    [InlineData("\"a\"", false, false, true)]
    public void An_unusable_if_match_is_refused_before_any_file(string tag, bool noOverwrite, bool multipart, bool recurse)
    {
        var e = Assert.Throws<PoolException>(() => new UploadPlan(Folder, recurse, noOverwrite, multipart, ifMatch: tag));
        Assert.Equal(PoolErrorKind.InvalidArgument, e.Kind);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8885/up/")]
    [InlineData("http://127.0.0.1:8885/up/name.bin")]
    public void If_match_goes_with_one_file_only_and_a_second_is_refused(string destination)
    {
        var plan = new UploadPlan(new Uri(destination), ifMatch: "\"v1\"");

        var steps = plan.Add("/tmp/a.bin").Concat(plan.Add("/tmp/b.bin")).Concat(plan.Finish()).ToList();

        Assert.Equal(2, steps.Count);
        var sent = Assert.Single(steps, s => s.Refusal is null);
        Assert.Equal(("/tmp/a.bin", "\"v1\""), (sent.Source, sent.Upload.IfMatch));
        Assert.Equal(destination.EndsWith('/') ? Remote("a.bin") : File, sent.Target);
        var refused = Assert.Single(steps, s => s.Refusal is not null);
        Assert.Equal(("/tmp/b.bin", PoolErrorKind.InvalidArgument), (refused.Source, refused.Refusal!.Kind));
    }

    [Theory]
    [InlineData(ServerMode.Thread)]
    [InlineData(ServerMode.Process)]
    public async Task A_planned_tree_lands_on_the_server_as_it_is_on_disk(ServerMode mode)
    {
        using var server = new TestServer(mode, workers: 2);
        _local.Write("tree/a ü.bin", "aaa");
        _local.Write("tree/sub/b.bin", "bbbb");
        _local.Write("tree/.secret", "no");
        using var client = new PoolHttpClient();
        var plan = new UploadPlan(server.Uri("/new folder"), recurse: true);

        foreach (var step in plan.Add(_local.File("tree")))
            await client.UploadAsync(step.Upload);

        Assert.Equal(["new folder/tree/a ü.bin", "new folder/tree/sub/b.bin"], server.Root.AllFiles());
        Assert.Equal("bbbb", System.IO.File.ReadAllText(server.Root.File("new folder/tree/sub/b.bin")));
    }

    public void Dispose() => _local.Dispose();
}
