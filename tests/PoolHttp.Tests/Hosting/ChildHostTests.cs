using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Stress;
using PoolHttp.Tests.Stress;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Hosting;

/// <summary>
/// Which program the children really run, read from <c>/proc/PID/exe</c>: by default the native child host (NativeAOT)
/// that the build lays out beside the engine, and <c>dotnet poolhttp-host.dll</c> when POOLHTTP_CHILD_HOST=dotnet.
/// The CLI runs in its own process, so that the variable is set for it alone.
/// </summary>
[Collection(nameof(StressCollection))]
public class ChildHostTests
{
    private static string Folder => AppContext.BaseDirectory;

    private static string NativeHost => Path.Combine(Folder, ChildLauncher.NativeHostFile);

    [Fact]
    public void The_build_lays_the_native_host_out_beside_the_engine_and_the_cli()
    {
        Assert.True(File.Exists(NativeHost), $"the build did not produce the native child host {NativeHost}");
        Assert.Equal(NativeHost, ChildLauncher.FindNativeHost(Path.GetDirectoryName(typeof(ChildLauncher).Assembly.Location)));
        Assert.True(File.Exists(Path.Combine(Folder, ChildLauncher.HostDll)));
        Assert.True(File.Exists(CliProcess.DllPath));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dotnet")]
    public void Process_mode_workers_run_the_chosen_host(string? choice)
    {
        using var root = new TempRoot();
        root.Write("a.txt", "hello");
        var info = Cli(choice, "serve", "--root", root.Path, "--port", "0", "--mode", "process", "--workers", "2");

        using var serve = CliProcess.Start(info);

        Assert.Equal("hello", serve.Get("/a.txt"));
        using var stats = JsonDocument.Parse(serve.Get("/.poolhttp/stats"));
        var pids = stats.RootElement.GetProperty("perWorker").EnumerateArray().Select(w => w.GetProperty("pid").GetInt32()).ToList();
        Assert.Equal(2, pids.Count);
        foreach (int pid in pids) AssertRunsHost(pid, choice, WorkerChild.Verb);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dotnet")]
    public void A_ready_child_starts_the_runtime_socket_thread_only_with_its_first_connection(string? choice)
    {
        // The child's event loop accepts from the inherited descriptor; a .NET socket, and with it the runtime's
        // socket thread, exists only once a connection came (a cost each of 50 starting children used to pay).
        using var root = new TempRoot();
        root.Write("a.txt", "hello");
        var info = Cli(choice, "serve", "--root", root.Path, "--port", "0", "--mode", "process", "--workers", "1");
        info.Environment.Remove("POOLHTTP_NO_EPOLL"); // the event loop, whatever the suite runs with
        using var serve = CliProcess.Start(info);

        int child = Assert.Single(ChildrenOf(serve.Process.Id, WorkerChild.Verb));
        var before = ThreadNames(child);
        Assert.Contains(before, name => name.StartsWith("PoolHttp worker", StringComparison.Ordinal));
        Assert.DoesNotContain(".NET Sockets", before);

        Assert.Equal("hello", serve.Get("/a.txt"));
        Assert.Contains(".NET Sockets", ThreadNames(child));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dotnet")]
    public async Task Process_stress_clients_run_the_chosen_host(string? choice)
    {
        using var server = new TestServer(workers: 2);
        using var outputs = new TempRoot();
        string json = outputs.File("run.json");
        // The clients reach the server through a relay that looks at the stress command's live clients while one of
        // them waits on its connection, then passes the bytes on.
        using var relay = new PeekingRelay(server.Port);
        var info = Cli(choice, "stress", "--uri", relay.Uri.AbsoluteUri, "--operation", "upload", "--size", "64KB",
            "--clients", "2", "--client-mode", "process", "--timeout", "60", "--json", json);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;

        using var stress = Process.Start(info)!;
        relay.Watch(stress.Id);
        var stdout = stress.StandardOutput.ReadToEndAsync();
        var stderr = stress.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            try
            {
                await stress.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                stress.Kill();
                throw;
            }
        }

        Assert.True(stress.ExitCode == 0, $"exit {stress.ExitCode}\n{await stderr}\n{await stdout}");
        using (var rows = JsonDocument.Parse(File.ReadAllText(json)))
        {
            var row = Assert.Single(rows.RootElement.EnumerateArray());
            Assert.Equal(2, row.GetProperty("ClientsSucceeded").GetInt32());
        }
        Assert.NotEmpty(relay.Seen);
        foreach (var (pid, exe, cmdline) in relay.Seen) AssertRunsHost(exe, cmdline, choice, StressClientArguments.Verb, pid);
    }

    private static ProcessStartInfo Cli(string? choice, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        info.ArgumentList.Add(CliProcess.DllPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        if (choice is null) info.Environment.Remove(ChildLauncher.HostVariable);
        else info.Environment[ChildLauncher.HostVariable] = choice;
        return info;
    }

    private static void AssertRunsHost(int pid, string? choice, string verb)
    {
        var (exe, cmdline) = Inspect(pid);
        AssertRunsHost(exe, cmdline, choice, verb, pid);
    }

    private static void AssertRunsHost(string exe, string[] cmdline, string? choice, string verb, int pid)
    {
        if (choice == "dotnet")
        {
            Assert.True(Path.GetFileName(exe) == "dotnet", $"child {pid} runs {exe}, not dotnet");
            Assert.Equal(Path.Combine(Folder, ChildLauncher.HostDll), cmdline[1]);
            Assert.Equal(verb, cmdline[2]);
        }
        else
        {
            Assert.Equal(NativeHost, exe);
            Assert.Equal(verb, cmdline[1]);
        }
    }

    /// <summary>The names of a process's threads (as the kernel keeps them: 15 characters at most).</summary>
    private static List<string> ThreadNames(int pid)
    {
        var names = new List<string>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task"))
        {
            try
            {
                names.Add(File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'));
            }
            catch (IOException)
            {
                // that thread ended while we looked
            }
        }
        return names;
    }

    /// <summary>The program a process runs (the kernel's link, not what it says of itself) and its arguments.</summary>
    internal static (string Exe, string[] CommandLine) Inspect(int pid)
    {
        string exe = new FileInfo($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/exe").LinkTarget
            ?? throw new IOException($"/proc/{pid}/exe is not a link");
        string[] cmdline = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").TrimEnd('\0').Split('\0');
        return (exe, cmdline);
    }

    /// <summary>Live children of <paramref name="parent"/> whose command line contains <paramref name="marker"/>.</summary>
    internal static IReadOnlyList<int> ChildrenOf(int parent, string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            try
            {
                string? ppid = File.ReadAllLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
                if (ppid is null || int.Parse(ppid[5..].Trim(), CultureInfo.InvariantCulture) != parent) continue;
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal) && ProcessTree.IsAlive(pid)) found.Add(pid);
            }
            catch (IOException)
            {
                // it ended while we looked
            }
        }
        return found;
    }

    /// <summary>
    /// A loopback TCP relay to a server: on each connection it first records the stress clients (children of the
    /// watched process) that are alive then, one of which is waiting on this very connection, then relays both ways.
    /// </summary>
    private sealed class PeekingRelay : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource<int> _watched = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentQueue<(int, string, string[])> _seen = new();

        public PeekingRelay(int target)
        {
            _target = target;
            _listener.Start();
            _ = AcceptAsync();
        }

        public Uri Uri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");

        public IReadOnlyCollection<(int Pid, string Exe, string[] CommandLine)> Seen => _seen;

        public void Watch(int pid) => _watched.TrySetResult(pid);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    int parent = await _watched.Task;
                    foreach (int pid in ChildrenOf(parent, StressClientArguments.Verb))
                    {
                        try
                        {
                            var (exe, cmdline) = Inspect(pid);
                            _seen.Enqueue((pid, exe, cmdline));
                        }
                        catch (IOException)
                        {
                            // that client ended while we looked
                        }
                    }
                    _ = RelayAsync(client);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }

        private async Task RelayAsync(TcpClient client)
        {
            using (client)
            using (var server = new TcpClient())
            {
                try
                {
                    await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                    var a = client.GetStream();
                    var b = server.GetStream();
                    var up = Pump(a, b, server.Client);
                    var down = Pump(b, a, client.Client);
                    await Task.WhenAll(up, down);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                }
            }
        }

        private async Task Pump(NetworkStream from, NetworkStream to, Socket toSocket)
        {
            try
            {
                await from.CopyToAsync(to, _stop.Token);
            }
            finally
            {
                if (toSocket.Connected) toSocket.Shutdown(SocketShutdown.Send);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
