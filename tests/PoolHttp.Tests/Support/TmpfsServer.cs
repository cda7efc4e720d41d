using System.Diagnostics;
using System.Globalization;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Tests.Support;

/// <summary>
/// <c>poolhttp serve</c> over a real, small tmpfs that can fill up or be read-only, without being root: the server
/// runs in its own user and mount namespace (<c>unshare --user --map-root-user --mount</c>), where the tmpfs is
/// mounted over an empty folder. unshare and sh exec in place, so the started process is the server, and the test
/// sees the namespace's disk through <c>/proc/PID/root</c> (the folder itself stays empty out here).
/// </summary>
public sealed class TmpfsServer : IDisposable
{
    /// <summary>Mounts the tmpfs, copies the prepared files in, makes it read-only when asked, then becomes the server.</summary>
    private const string Script = """
        set -e
        mount -t tmpfs -o "size=$3" tmpfs "$1"
        cp -a "$2/." "$1"
        if [ "$4" = ro ]; then mount -o remount,ro "$1"; fi
        shift 4
        exec "$@"
        """;

    private readonly TempRoot _mountPoint;
    private readonly CliProcess _cli;

    private TmpfsServer(TempRoot mountPoint, CliProcess cli)
    {
        _mountPoint = mountPoint;
        _cli = cli;
    }

    /// <summary>The loopback port the server reported.</summary>
    public int Port => _cli.BaseUri.Port;

    /// <summary>The served root as the server sees it, read from outside its namespace.</summary>
    public string Disk => $"/proc/{_cli.Process.Id.ToString(CultureInfo.InvariantCulture)}/root{_mountPoint.Path}";

    /// <summary>
    /// Starts a server in <paramref name="mode"/> on a tmpfs of <paramref name="sizeBytes"/> holding what
    /// <paramref name="prepare"/> writes, read-only when <paramref name="readOnly"/>; healthy when returned.
    /// </summary>
    public static TmpfsServer Start(ServerMode mode, long sizeBytes, bool readOnly, Action<TempRoot> prepare)
    {
        string unshare = FindOnPath("unshare") ?? throw new Xunit.Sdk.XunitException(
            "Disk-fault tests need 'unshare' (util-linux) on PATH to mount a small tmpfs in a user namespace; install util-linux.");
        var mountPoint = new TempRoot();
        try
        {
            using var staging = new TempRoot();
            prepare(staging);
            var info = new ProcessStartInfo(unshare);
            foreach (var a in new[] { "--user", "--map-root-user", "--mount", "sh", "-c", Script, "sh" }) info.ArgumentList.Add(a);
            foreach (var a in new[] { mountPoint.Path, staging.Path, sizeBytes.ToString(CultureInfo.InvariantCulture), readOnly ? "ro" : "rw" })
                info.ArgumentList.Add(a);
            foreach (var a in new[] { Environment.ProcessPath!, CliProcess.DllPath, "serve", "--root", mountPoint.Path, "--port", "0",
                         "--mode", mode.ToString().ToLowerInvariant(), "--workers", "2", "--quiet" })
                info.ArgumentList.Add(a);
            var server = new TmpfsServer(mountPoint, CliProcess.Start(info));
            server.WaitUntilHealthy();
            return server;
        }
        catch
        {
            mountPoint.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of a file on the server's disk.</summary>
    public byte[] Read(string relative) => File.ReadAllBytes(Path.Join(Disk, relative));

    /// <summary>Every entry on the server's disk (see <see cref="TempRoot.Snapshot"/>).</summary>
    public IReadOnlyList<string> Snapshot() => TempRoot.SnapshotOf(Disk);

    /// <summary>Hidden entries anywhere on the server's disk: temporary upload files are dot-files beside their target.</summary>
    public IReadOnlyList<string> HiddenEntries() => Directory
        .EnumerateFileSystemEntries(Disk, ".*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        .Select(p => Path.GetRelativePath(Disk, p))
        .ToList();

    private void WaitUntilHealthy()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var c = new RawHttp(Port);
                c.Write("GET /.poolhttp/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
                if (c.ReadResponse().Status == 200) return;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The server in the namespace never became healthy.");
            Thread.Yield();
        }
    }

    private static string? FindOnPath(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Join(dir, name))
        .FirstOrDefault(File.Exists);

    /// <summary>Ends the server and its children by PID; the tmpfs goes with the last process of its namespace.</summary>
    public void Dispose()
    {
        try
        {
            if (!_cli.Process.HasExited) _cli.Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        _cli.Dispose();
        _mountPoint.Dispose();
    }
}
