using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Stress;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Stress;

/// <summary>Small matrices, and what a run may leave behind: files in its temp folder, child processes.</summary>
internal static class StressKit
{
    /// <summary>Upload and Download x 1 KiB, 64 KiB x 1, 3 clients x 1, 2 server workers: 16 rows.</summary>
    public static StressOptions Small(TempRoot temp) => new()
    {
        FileSizes = new[] { 1024L, 64 * 1024L },
        ClientWorkers = new[] { 1, 3 },
        ServerWorkers = new[] { 1, 2 },
        IdleTimeout = TimeSpan.FromSeconds(20),
        TempFolder = temp.Path,
    };

    public static async Task<List<PoolStressResult>> RunAllAsync(StressOptions options, StressProgress? progress = null, CancellationToken cancellationToken = default)
    {
        var rows = new List<PoolStressResult>();
        await foreach (var row in StressRunner.RunAsync(options, progress, cancellationToken)) rows.Add(row);
        return rows;
    }

    /// <summary>Everything under a folder (files and folders), relative.</summary>
    public static IReadOnlyList<string> Entries(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(folder, e)).ToList();

    /// <summary>Live (not zombie) children of this test process whose command line contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> LiveChildren(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            try
            {
                string status = File.ReadAllText(Path.Combine(dir, "status"));
                string? ppid = status.Split('\n').FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
                if (ppid is null || int.Parse(ppid[5..].Trim(), CultureInfo.InvariantCulture) != Environment.ProcessId) continue;
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.Contains(marker, StringComparison.Ordinal) && ProcessTree.IsAlive(pid)) found.Add(pid);
            }
            catch (IOException)
            {
                // it ended while we looked
            }
        }
        return found;
    }

    /// <summary>Asserts the run's invariants on every row: the client counts add up, and a server's counts are the clients'.</summary>
    public static void AssertClean(IReadOnlyList<PoolStressResult> rows, bool serverCounts = true)
    {
        foreach (var r in rows)
        {
            Assert.Equal(r.ClientWorkers, r.ClientsSucceeded + r.ClientsFailed);
            Assert.True(r.ClientsFailed == 0, $"row {r.Number}: {string.Join("; ", r.GetFailures().Select(f => f.Message))}");
            Assert.Empty(r.GetFailures());
            if (serverCounts)
            {
                Assert.Equal(r.ClientWorkers, r.ServerSucceeded);
                Assert.Equal(0, r.ServerFailed);
            }
            Assert.True(r.WallSeconds > 0 && r.AggregateThroughput > 0 && r.ThroughputPerClient > 0, $"row {r.Number} has no timing");
            Assert.True(r.SecondsP50 <= r.SecondsP95 && r.SecondsP95 <= r.SecondsMax);
        }
    }
}

/// <summary>A "server" that accepts every connection and closes it at once, before any answer.</summary>
internal sealed class DroppingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _loop;

    public DroppingServer()
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var socket = await _listener.AcceptSocketAsync();
                    socket.LingerState = new LingerOption(true, 0);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        });
    }

    public Uri Uri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public void Dispose()
    {
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
