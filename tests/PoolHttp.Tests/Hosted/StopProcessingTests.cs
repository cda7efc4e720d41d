using System.Diagnostics;
using System.Management.Automation;
using PoolHttp.Tests.Client;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Hosted;

public sealed class StopProcessingTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);

    [Fact]
    public void Stopping_a_stalled_download_returns_promptly_and_leaves_no_partial_file()
    {
        using var session = new HostedSession();
        using var server = new ScriptedServer(ScriptedServer.MakeHead("200 OK", "Content-Length: 1000000"), new byte[1000], stallAfter: true);
        using var local = new TempRoot();
        string destination = local.File("stalled.bin");
        using var ps = session.Create();
        ps.AddCommand("Get-PoolFile").AddParameter("Uri", server.Uri("/stalled.bin")).AddParameter("OutFile", destination).AddParameter("TimeoutSec", 0);

        var running = ps.BeginInvoke();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(destination + ".part"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the download never started");
            Assert.False(running.IsCompleted, "the download ended by itself");
            Thread.Yield();
        }
        var clock = Stopwatch.StartNew();
        ps.Stop();
        clock.Stop();

        Assert.True(clock.Elapsed < Generous, $"Stop() took {clock.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Empty(Directory.GetFileSystemEntries(local.Path));
    }
}
