using System.Diagnostics;
using System.Net.Http;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Workers;

/// <summary>
/// The paths other platforms take, run here through their switches on a real <c>poolhttp serve</c>: children started
/// with Process.Start instead of posix_spawn (POOLHTTP_NO_SPAWN), and the pools without epoll (POOLHTTP_NO_EPOLL).
/// Each serves, uploads and downloads, replaces a killed child and leaves no child behind.
/// </summary>
public sealed class PortablePathTests
{
    // A connection per request: a kept-alive one may belong to the child the test kills, and dies with it.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30), DefaultRequestHeaders = { ConnectionClose = true } };

    private static async Task<ServerStatistics> StatsAsync(CliProcess server) =>
        ServerStatistics.Parse(await Http.GetStringAsync(new Uri(server.BaseUri, "/.poolhttp/stats")));

    private static CliProcess Serve(string root, string mode, params string[] switches)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!);
        foreach (var a in new[] { CliProcess.DllPath, "serve", "--root", root, "--mode", mode, "--workers", "2", "--port", "0", "--quiet" })
            info.ArgumentList.Add(a);
        foreach (var s in switches) info.Environment[s] = "1";
        return CliProcess.Start(info);
    }

    [Theory]
    [InlineData("POOLHTTP_NO_SPAWN")]
    [InlineData("POOLHTTP_NO_SPAWN", "POOLHTTP_NO_EPOLL")]
    public async Task Process_mode_children_started_without_posix_spawn_serve_and_are_replaced(params string[] switches)
    {
        using var root = new TempRoot();
        var body = new byte[300_000];
        new Random(3).NextBytes(body);
        List<int> pids;
        using (var server = Serve(root.Path, "process", switches))
        {
            using (var put = await Http.PutAsync(new Uri(server.BaseUri, "/up/a.bin"), new ByteArrayContent(body)))
                Assert.Equal(System.Net.HttpStatusCode.Created, put.StatusCode);
            Assert.Equal(body, await Http.GetByteArrayAsync(new Uri(server.BaseUri, "/up/a.bin")));

            var stats = await StatsAsync(server);
            pids = stats.PerWorker.Select(w => w.Pid).ToList();
            Assert.Equal(2, pids.Distinct().Count());
            Assert.All(pids, pid => Assert.Equal(server.Process.Id, ParentOf(pid)));

            Process.GetProcessById(pids[0]).Kill();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await StatsAsync(server)).PerWorker[0].Pid == pids[0])
            {
                if (DateTime.UtcNow > deadline) Assert.Fail("the killed child was not replaced");
                await Task.Delay(20);
            }
            int replacement = (await StatsAsync(server)).PerWorker[0].Pid;
            pids.Add(replacement);
            Assert.Equal(server.Process.Id, ParentOf(replacement));
            for (int i = 0; i < 4; i++)
                Assert.Equal(body, await Http.GetByteArrayAsync(new Uri(server.BaseUri, "/up/a.bin")));
        }
        var gone = DateTime.UtcNow.AddSeconds(30);
        while (pids.Any(ProcessTree.IsAlive))
        {
            if (DateTime.UtcNow > gone) Assert.Fail("children outlived their server: " + string.Join(",", pids.Where(ProcessTree.IsAlive)));
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Thread_mode_without_epoll_serves_uploads_and_downloads()
    {
        using var root = new TempRoot();
        var body = new byte[300_000];
        new Random(4).NextBytes(body);
        using var server = Serve(root.Path, "thread", "POOLHTTP_NO_EPOLL");
        using (var put = await Http.PutAsync(new Uri(server.BaseUri, "/b.bin"), new ByteArrayContent(body)))
            Assert.Equal(System.Net.HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(body, await Http.GetByteArrayAsync(new Uri(server.BaseUri, "/b.bin")));
        Assert.Contains("b.bin", await Http.GetStringAsync(new Uri(server.BaseUri, "/?format=json")), StringComparison.Ordinal);
    }

    private static int ParentOf(int pid)
    {
        string text = File.ReadAllText($"/proc/{pid}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
