using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using PoolHttp.Engine.Workers;

namespace PoolHttp.Tests.Workers;

/// <summary>
/// The posix_spawn path of Process mode (Linux), driven with /bin/sh as the child: output lines before the exit,
/// the control pipe, exit codes, kill, the environment, and which descriptors the child gets.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SpawnedWorkerProcessTests
{
    private sealed class Run
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ManualResetEventSlim Exited { get; } = new();
        public int LinesAtExit = -1;

        public void OnLine(WorkerProcess _, string line) => Lines.Enqueue(line);

        public void OnExit(WorkerProcess _)
        {
            LinesAtExit = Lines.Count;
            Exited.Set();
        }
    }

    private static ProcessStartInfo Shell(string script)
    {
        var info = new ProcessStartInfo("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        return info;
    }

    private static (SpawnedWorkerProcess Child, Run Run) Start(ProcessStartInfo info, params int[] shared)
    {
        Assert.True(SpawnedWorkerProcess.IsSupported, "this machine's glibc should start children with posix_spawn");
        var run = new Run();
        return (SpawnedWorkerProcess.Start(info, shared, run.OnLine, run.OnExit), run);
    }

    [Fact]
    public void Every_output_line_arrives_before_the_exit_with_its_code()
    {
        var (child, run) = Start(Shell("echo one; echo two; exit 3"));
        using (child)
        {
            Assert.True(child.WaitForExit(10_000));
            Assert.True(run.Exited.Wait(10_000));
            Assert.Equal(["one", "two"], run.Lines.ToArray());
            Assert.Equal(2, run.LinesAtExit);
            Assert.True(child.HasExited);
            Assert.Equal(3, child.ExitCode);
        }
    }

    [Fact]
    public void The_control_pipe_reaches_the_child_and_its_end_is_seen()
    {
        var (child, run) = Start(Shell("read a; echo \"got $a\"; while read b; do :; done; echo eof"));
        using (child)
        {
            child.StandardInput.WriteLine("hello");
            child.StandardInput.Flush();
            child.StandardInput.Close(); // the child sees the end of its input, as a worker does when its parent dies
            Assert.True(child.WaitForExit(10_000));
            Assert.Equal(["got hello", "eof"], run.Lines.ToArray());
            Assert.Equal(0, child.ExitCode);
        }
    }

    [Fact]
    public void Kill_ends_the_child_and_reports_the_signal()
    {
        var (child, run) = Start(Shell("echo started; exec sleep 30"));
        using (child)
        {
            Assert.True(SpinWait.SpinUntil(() => !run.Lines.IsEmpty, 10_000), "the child never said it started");
            Assert.False(child.HasExited);
            Assert.Throws<InvalidOperationException>(() => child.ExitCode);
            child.Kill();
            Assert.True(child.WaitForExit(10_000));
            Assert.Equal(128 + 9, child.ExitCode);
            child.Kill(); // after the reap: nothing, whoever has that process id now
        }
    }

    [Fact]
    public void The_environment_of_the_start_information_is_the_childs()
    {
        var info = Shell("echo \"$POOLHTTP_SPAWN_TEST\"");
        info.Environment["POOLHTTP_SPAWN_TEST"] = "a value with spaces";
        var (child, run) = Start(info);
        using (child)
        {
            Assert.True(child.WaitForExit(10_000));
            Assert.Equal(["a value with spaces"], run.Lines.ToArray());
        }
    }

    [Fact]
    public void Only_the_shared_descriptors_are_open_in_the_child()
    {
        // Both ends are close-on-exec here, as everything .NET opens; only the one given to the child is open there.
        // (No echo through it: dash redirects only descriptors 0 to 9.)
        var (shared, kept) = Pair();
        using (shared)
        using (kept)
        {
            int sharedFd = (int)shared.SafeHandle.DangerousGetHandle();
            int keptFd = (int)kept.SafeHandle.DangerousGetHandle();
            var (child, run) = Start(Shell($"readlink /proc/$$/fd/{sharedFd}; ls /proc/$$/fd"), sharedFd);
            using (child)
            {
                Assert.True(child.WaitForExit(10_000));
                var lines = run.Lines.ToArray();
                // The same socket, not just a descriptor of that number.
                Assert.Equal(new FileInfo($"/proc/self/fd/{sharedFd}").LinkTarget, lines[0]);
                var open = lines.Skip(1).Select(int.Parse).ToHashSet();
                Assert.Contains(sharedFd, open);
                Assert.DoesNotContain(keptFd, open);
                Assert.Contains(0, open);
                Assert.Contains(1, open);
            }
        }
    }

    [Fact]
    public void A_program_that_cannot_be_run_is_an_IOException_naming_it()
    {
        Assert.True(SpawnedWorkerProcess.IsSupported);
        var run = new Run();
        var e = Assert.Throws<IOException>(() => SpawnedWorkerProcess.Start(new ProcessStartInfo("/nonexistent/poolhttp-host"), [], run.OnLine, run.OnExit));
        Assert.Contains("/nonexistent/poolhttp-host", e.Message, StringComparison.Ordinal);
    }

    private static (Socket, Socket) Pair()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        string path = Path.Combine(Path.GetTempPath(), $"poolhttp-spawn-{Guid.NewGuid():N}.sock");
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            var a = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            a.Connect(new UnixDomainSocketEndPoint(path));
            var b = listener.Accept();
            return (a, b);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
