using System.Text.RegularExpressions;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Dav;

/// <summary>
/// Clients no one here wrote, against our server in both modes: litmus (the WebDAV compliance suite), rclone's
/// webdav and http remotes, and a davfs2 mount used with cp, ls, mv and rm. Any failed check fails the test.
/// </summary>
public abstract partial class DavClientTests
{
    protected abstract ServerMode Mode { get; }

    private TestServer Dav() => new(Mode, 4, o => o with { WebDav = true });

    [Fact]
    public void Litmus_passes_every_test_of_basic_copymove_props_http_and_locks()
    {
        ClientTools.Ensure();
        using var s = Dav();
        Directory.CreateDirectory(s.Root.File("litmus"));
        using var work = new TempRoot();
        var (exit, output) = ClientTools.Run("litmus", new[] { $"http://127.0.0.1:{s.Port}/litmus/" }, folder: work.Path, deadline: TimeSpan.FromMinutes(4));
        foreach (var suite in new[] { "basic", "copymove", "props", "http", "locks" })
        {
            var summary = Regex.Match(output, $@"summary for `{suite}': of (\d+) tests run: (\d+) passed, (\d+) failed");
            Assert.True(summary.Success, $"litmus did not run {suite}:\n{output}");
            Assert.True(summary.Groups[3].Value == "0" && summary.Groups[1].Value == summary.Groups[2].Value, $"litmus {suite}: {summary.Value}\n{output}");
        }
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("WARNING", output);
    }

    private static Dictionary<string, string> Rclone(int port) => new()
    {
        ["RCLONE_CONFIG"] = "/dev/null",
        ["RCLONE_CONFIG_DAV_TYPE"] = "webdav", ["RCLONE_CONFIG_DAV_URL"] = $"http://127.0.0.1:{port}/up", ["RCLONE_CONFIG_DAV_VENDOR"] = "other",
        ["RCLONE_CONFIG_WEB_TYPE"] = "http", ["RCLONE_CONFIG_WEB_URL"] = $"http://127.0.0.1:{port}/up/",
    };

    private static string Ok((int Exit, string Output) run, string what)
    {
        Assert.True(run.Exit == 0, $"{what} failed ({run.Exit}):\n{run.Output}");
        return run.Output;
    }

    private static void WriteTree(string folder)
    {
        Directory.CreateDirectory(Path.Join(folder, "sub", "deeper"));
        File.WriteAllText(Path.Join(folder, "a.txt"), "alpha\n");
        File.WriteAllText(Path.Join(folder, "name with:colon.txt"), "colon\n");
        File.WriteAllText(Path.Join(folder, "sub", "ü € %2e.txt"), "unicode\n");
        var big = new byte[3_000_000];
        new Random(16).NextBytes(big);
        File.WriteAllBytes(Path.Join(folder, "sub", "deeper", "big.bin"), big);
    }

    [Fact]
    public void Rclone_webdav_copies_a_tree_up_and_down_lists_moves_deletes_and_checks_clean()
    {
        ClientTools.Ensure();
        using var s = Dav();
        using var local = new TempRoot();
        string src = Path.Join(local.Path, "src"), down = Path.Join(local.Path, "down");
        WriteTree(src);
        var env = Rclone(s.Port);
        Ok(ClientTools.Run("rclone", new[] { "copy", src, "dav:" }, env), "rclone copy up");
        Ok(ClientTools.Run("rclone", new[] { "check", src, "dav:" }, env), "rclone check after the upload");
        var listed = Ok(ClientTools.Run("rclone", new[] { "lsf", "-R", "dav:" }, env), "rclone lsf").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new[] { "a.txt", "name with:colon.txt", "sub/", "sub/deeper/", "sub/deeper/big.bin", "sub/ü € %2e.txt" }, listed.Order(StringComparer.Ordinal));
        Ok(ClientTools.Run("rclone", new[] { "copy", "dav:", down }, env), "rclone copy down");
        foreach (var file in Directory.EnumerateFiles(src, "*", SearchOption.AllDirectories))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Join(down, Path.GetRelativePath(src, file))));
        Ok(ClientTools.Run("rclone", new[] { "check", src, "dav:" }, env), "rclone check");

        Ok(ClientTools.Run("rclone", new[] { "moveto", "dav:a.txt", "dav:sub/moved.txt" }, env), "rclone moveto");
        Assert.False(File.Exists(s.Root.File("up/a.txt")));
        Assert.Equal("alpha\n", File.ReadAllText(s.Root.File("up/sub/moved.txt")));
        Ok(ClientTools.Run("rclone", new[] { "delete", "dav:sub/deeper" }, env), "rclone delete");
        Assert.False(File.Exists(s.Root.File("up/sub/deeper/big.bin")));
        Ok(ClientTools.Run("rclone", new[] { "purge", "dav:sub" }, env), "rclone purge");
        Assert.False(Directory.Exists(s.Root.File("up/sub")));
        Assert.Empty(s.Root.TempFiles());
    }

    [Fact]
    public void Rclone_http_lists_and_copies_a_name_with_a_colon()
    {
        ClientTools.Ensure();
        using var s = Dav();
        s.Root.Write("up/name with:colon.txt", "colon\n");
        s.Root.Write("up/plain.txt", "plain\n");
        using var local = new TempRoot();
        var env = Rclone(s.Port);
        var listed = Ok(ClientTools.Run("rclone", new[] { "lsf", "web:" }, env), "rclone lsf (http)").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new[] { "name with:colon.txt", "plain.txt" }, listed.Order(StringComparer.Ordinal));
        Ok(ClientTools.Run("rclone", new[] { "copy", "web:", local.Path }, env), "rclone copy (http)");
        Assert.Equal("colon\n", File.ReadAllText(Path.Join(local.Path, "name with:colon.txt")));
    }
}

/// <summary>The clients against a Thread-mode server.</summary>
public sealed class ThreadModeDavClientTests : DavClientTests
{
    protected override ServerMode Mode => ServerMode.Thread;
}

/// <summary>The clients against child processes sharing the socket.</summary>
public sealed class ProcessModeDavClientTests : DavClientTests
{
    protected override ServerMode Mode => ServerMode.Process;
}
