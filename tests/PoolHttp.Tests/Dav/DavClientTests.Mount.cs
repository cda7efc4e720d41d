namespace PoolHttp.Tests.Dav;

public abstract partial class DavClientTests
{
    /// <summary>
    /// davfs2 with its own configuration (no prompts: no credential, no interactive question). <c>buf_size 64</c>: with
    /// the default buffer, davfs2 1.6 cannot list a folder under Linux 6.16 and later (readdir fails with EINVAL).
    /// </summary>
    private static string DavfsConfig(string folder)
    {
        string secrets = Path.Join(folder, "secrets");
        File.WriteAllText(secrets, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(secrets, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string conf = Path.Join(folder, "davfs2.conf");
        File.WriteAllText(conf, $"use_locks 1\ndelay_upload 0\nask_auth 0\nbuf_size 64\nsecrets {secrets}\n");
        return conf;
    }

    [Fact]
    public void A_davfs2_mount_works_with_cp_ls_mv_and_rm_byte_for_byte()
    {
        ClientTools.Ensure();
        using var s = Dav();
        Directory.CreateDirectory(s.Root.File("m"));
        // davfs2 reads its paths from a configuration file: a plain folder name, not the hostile test roots.
        string folder = Path.Join(Path.GetTempPath(), "poolhttp-davfs-" + Guid.NewGuid().ToString("N")[..8]);
        string mnt = Path.Join(folder, "mnt");
        Directory.CreateDirectory(mnt);
        var bytes = new byte[2_500_000];
        new Random(7).NextBytes(bytes);
        string local = Path.Join(folder, "local.bin"), back = Path.Join(folder, "back.bin");
        File.WriteAllBytes(local, bytes);
        File.WriteAllText(Path.Join(folder, "gone.txt"), "to be removed\n");
        try
        {
            Ok(ClientTools.Run("mount", new[] { "-t", "davfs", "-o", "conf=" + DavfsConfig(folder), $"http://127.0.0.1:{s.Port}/m/", mnt }), "mount -t davfs");
            Ok(ClientTools.Run("cp", new[] { local, Path.Join(mnt, "a.bin") }), "cp to the mount");
            Ok(ClientTools.Run("cp", new[] { Path.Join(folder, "gone.txt"), Path.Join(mnt, "gone.txt") }), "cp a second file");
            Ok(ClientTools.Run("mkdir", new[] { Path.Join(mnt, "dir") }), "mkdir");
            Ok(ClientTools.Run("mv", new[] { Path.Join(mnt, "a.bin"), Path.Join(mnt, "dir", "b.bin") }), "mv");
            Ok(ClientTools.Run("rm", new[] { Path.Join(mnt, "gone.txt") }), "rm");
            var listed = Ok(ClientTools.Run("ls", new[] { "-1", mnt, Path.Join(mnt, "dir") }), "ls");
            Assert.Contains("b.bin", listed);
            Assert.DoesNotContain("gone.txt", listed);
            Assert.DoesNotContain("a.bin", listed);
            Ok(ClientTools.Run("cp", new[] { Path.Join(mnt, "dir", "b.bin"), back }), "cp from the mount");
            Assert.Equal(bytes, File.ReadAllBytes(back));
            Ok(ClientTools.Run("umount", new[] { mnt }), "umount");
            Assert.Equal(bytes, File.ReadAllBytes(s.Root.File("m/dir/b.bin")));
            Assert.False(File.Exists(s.Root.File("m/a.bin")));
            Assert.False(File.Exists(s.Root.File("m/gone.txt")));
            Assert.Empty(s.Root.TempFiles());
        }
        finally
        {
            if (File.ReadAllText("/proc/mounts").Contains(" " + mnt + " ", StringComparison.Ordinal)) ClientTools.Run("umount", new[] { mnt });
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }
}
