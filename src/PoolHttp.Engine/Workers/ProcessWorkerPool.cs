using System.Diagnostics;
using System.Net.Sockets;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// Process mode, the parent's side: owns the listening socket, starts N children that accept on it, replaces a
/// child that dies (counting its request in progress as failed), and stops them gracefully. Bytes never pass through
/// the parent; counters live in a memory-mapped block every process reads and writes.
/// </summary>
internal sealed class ProcessWorkerPool : IWorkerPool
{
    private const int MaxQuickRestarts = 10;
    private const int Launchers = 8;
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly Socket _listener;
    private readonly ServerOptions _options;
    private readonly Func<WorkerArguments, ProcessStartInfo> _startInfo;
    private readonly SharedCounterBlock _block;
    private readonly ServerCounters _counters;
    private readonly long _handle;
    private readonly ConnectionHandoff? _handoff = ConnectionHandoff.IsSupported ? ConnectionHandoff.Create() : null;
    private readonly Child?[] _children;
    private readonly object _gate = new();
    private readonly CountdownEvent _startup;
    private volatile bool _stopping;
    private volatile string? _startupError;
    private ServerStatistics? _final;

    private sealed class Child(int id, bool initial)
    {
        public int Id { get; } = id;
        public WorkerProcess Process { get; set; } = null!;
        public bool Initial { get; } = initial;
        public long StartedMs { get; } = Environment.TickCount64;
        public int Ready;
        public HashSet<string> TempFolders { get; } = new(StringComparer.Ordinal);

        /// <summary>Removes what the child, now dead, left in the folders it wrote temporary files to.</summary>
        public void RemoveLeftovers()
        {
            int pid = Process.Id;
            string[] folders;
            lock (TempFolders) folders = TempFolders.ToArray();
            foreach (var folder in folders) Files.FileStore.RemoveTempsOf(pid, folder);
        }
    }

    private ProcessWorkerPool(Socket listener, ServerOptions options, SharedCounterBlock block, Func<WorkerArguments, ProcessStartInfo> startInfo)
    {
        _listener = listener;
        _options = options;
        _startInfo = startInfo;
        _block = block;
        _counters = new ServerCounters(ServerMode.Process, block, DateTimeOffset.UtcNow, ownId: 1);
        _children = new Child?[options.Workers];
        _startup = new CountdownEvent(options.Workers);
        _handle = ListenerHandoff.Prepare(listener);
    }

    /// <summary>
    /// Starts every child (how a child process is started is <paramref name="startInfo"/>'s business) and returns once
    /// all of them accept connections.
    /// </summary>
    public static ProcessWorkerPool Start(Socket listener, ServerOptions options, Func<WorkerArguments, ProcessStartInfo> startInfo)
    {
        string path = Path.Combine(SharedFolder(), $"poolhttp-{Environment.ProcessId}-{Guid.NewGuid():N}.counters");
        var pool = new ProcessWorkerPool(listener, options, SharedCounterBlock.Create(path, options.Workers), startInfo);
        try
        {
            pool.LaunchAll();
            if (!pool._startup.Wait(StartupTimeout)) throw new TimeoutException("The worker processes did not become ready in time.");
            if (pool._startupError is string error) throw new IOException(error);
            return pool;
        }
        catch
        {
            pool.Stop(TimeSpan.Zero);
            throw;
        }
    }

    public ServerStatistics Statistics() => _final ?? _counters.Snapshot();

    /// <summary>
    /// Launches the first children from several threads: a start waits until its child runs (the vfork of an exec),
    /// and with dozens of children already starting on two cores that wait, not the parent's work, was what made
    /// every later child wait behind the one before it.
    /// </summary>
    private void LaunchAll()
    {
        int workers = _options.Workers;
        int launchers = Math.Min(workers, Launchers);
        Exception? failure = null;
        void LaunchEvery(int first)
        {
            try
            {
                for (int id = first; id <= workers && Volatile.Read(ref failure) is null; id += launchers) Launch(id, initial: true, quickRestarts: 0);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null); // rethrown below, on the caller's thread
            }
        }
        var threads = Enumerable.Range(2, launchers - 1)
            .Select(first => new Thread(() => LaunchEvery(first)) { IsBackground = true, Name = "PoolHttp launcher" })
            .ToList();
        foreach (var thread in threads) thread.Start();
        LaunchEvery(1);
        foreach (var thread in threads) thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    private void Launch(int id, bool initial, int quickRestarts)
    {
        if (_stopping) return;
        var args = new WorkerArguments(_handle, id, _options.Workers, _block.Path, _counters.StartedAt, _options with { AccessLog = null })
        {
            AccessLog = _options.AccessLog is not null,
            HandoffSend = _handoff?.SendFd ?? -1,
            HandoffReceive = _handoff?.ReceiveFd ?? -1,
        };
        var child = new Child(id, initial);
        // The exit can be reported before Start returns (a child that fails at once): OnExited waits for this lock.
        lock (child)
        {
            var process = child.Process = WorkerProcess.Start(_startInfo(args), _listener, _handoff is null ? [] : [_handoff.SendFd, _handoff.ReceiveFd],
                (_, line) => OnOutput(child, line), _ => OnExited(child, quickRestarts));
            lock (_gate)
            {
                if (!_stopping)
                {
                    _counters.Worker(id - 1).Pid = process.Id;
                    _children[id - 1] = child;
                }
            }
            if (_stopping && !ReferenceEquals(Volatile.Read(ref _children[id - 1]), child))
            {
                // Stop took its list of children before this one was in it: ending it is this thread's business.
                process.Kill();
                process.WaitForExit(-1);
                process.Dispose();
                return;
            }
            if (ListenerHandoff.HandoffLine(_listener, process.Id) is string line)
            {
                process.StandardInput.WriteLine(line);
                process.StandardInput.Flush();
            }
            WorkerSecrets.Write(process.StandardInput, _options);
        }
    }

    private void OnOutput(Child child, string line)
    {
        if (line.StartsWith("log ", StringComparison.Ordinal))
        {
            if (_options.AccessLog is { } log && AccessLogEntry.FromWire(line[4..]) is { } entry)
            {
                try { log(entry); }
                catch (Exception) { /* a failing logger must not stop supervision */ }
            }
            return;
        }
        if (line.StartsWith("temp ", StringComparison.Ordinal))
        {
            lock (child.TempFolders) child.TempFolders.Add(Uri.UnescapeDataString(line[5..]));
            return;
        }
        if (!line.StartsWith("ready", StringComparison.Ordinal)) return;
        if (Interlocked.Exchange(ref child.Ready, 1) == 0 && child.Initial) _startup.Signal();
    }

    private void OnExited(Child child, int quickRestarts)
    {
        try
        {
            lock (child) { } // Launch has stored the child (its exit can be reported before Start returns)
            if (_stopping) return;
            child.RemoveLeftovers(); // every "temp" line has been seen: the exit comes after the last line
            _counters.Worker(child.Id - 1).AbandonActive();
            if (child.Initial && Volatile.Read(ref child.Ready) == 0)
            {
                _startupError = $"Worker {child.Id} exited with code {child.Process.ExitCode} before it was ready.";
                _startup.Signal();
                return;
            }
            bool quick = Environment.TickCount64 - child.StartedMs < 1000;
            int next = quick ? quickRestarts + 1 : 0;
            if (next > MaxQuickRestarts) return; // a worker that keeps dying at start is not restarted forever
            Launch(child.Id, initial: false, next);
        }
        catch (Exception)
        {
            // boundary: supervision runs on a thread-pool thread and must never take the process down
        }
    }

    public void Stop(TimeSpan timeout)
    {
        Child?[] children;
        lock (_gate)
        {
            _stopping = true;
            children = (Child?[])_children.Clone();
        }
        foreach (var child in children)
        {
            try
            {
                child?.Process.StandardInput.WriteLine("stop");
                child?.Process.StandardInput.Close();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException) { }
        }
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        foreach (var child in children)
        {
            if (child is null) continue;
            try
            {
                int left = (int)Math.Max(0, deadline - Environment.TickCount64);
                if (!child.Process.WaitForExit(left))
                {
                    child.Process.Kill();
                    child.Process.WaitForExit(-1); // the exit comes after the last line: every "temp" line has been seen
                }
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
            if (child.Process.HasExited)
            {
                _counters.Worker(child.Id - 1).AbandonActive();
                child.RemoveLeftovers();
            }
            child.Process.Dispose();
        }
        _final = _counters.Snapshot();
        _listener.Dispose();
        _handoff?.Dispose();
        _block.Dispose();
        try { File.Delete(_block.Path); }
        catch (IOException) { }
        _startup.Dispose();
    }

    private static string SharedFolder() =>
        OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
}
