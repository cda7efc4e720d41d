using System.Globalization;
using System.Net.Sockets;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// One process-pool child: on Linux an <see cref="EpollWorkerPool"/> with one thread and the pool's hand-over socket;
/// elsewhere accept on the shared socket, serve that connection to its end, repeat.
/// It stops gracefully when the parent says "stop" or its control pipe closes (the parent died): no orphans.
/// </summary>
public static class ChildWorker
{
    /// <summary>
    /// Runs until stopped; returns the process exit code. Its connections wait with a <see cref="BlockingWaitStrategy"/>,
    /// so the whole run happens on the calling thread and the task is complete when this returns.
    /// </summary>
    /// <param name="args">What the parent passed.</param>
    /// <param name="control">The parent's control pipe (standard input).</param>
    /// <param name="report">Where readiness is announced (standard output).</param>
    public static async Task<int> RunAsync(WorkerArguments args, TextReader control, TextWriter report)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(report);
        if (ConnectionHandoff.IsSupported && args.HandoffSend >= 0 && args.HandoffReceive >= 0)
        {
            // Linux: an event loop whose idle connections wait in epoll and move to an idle child when this one is
            // busy. The listener stays a bare descriptor (see AcceptSource.Descriptor) and this thread then only reads
            // the control pipe (one thread fewer to start in each of 50 children).
            using var accepting = AcceptSource.Descriptor((int)args.ListenHandle);
            ListenerHandoff.KeepPrivate(args.ListenHandle);
            // Not disposed: a worker still inside a long exchange past the stop timeout may yet count it, and the
            // shared counters are unmapped with the process.
            var child = ChildContext.Read(args, control, report);
            ListenerHandoff.KeepPrivate(args.HandoffSend);
            ListenerHandoff.KeepPrivate(args.HandoffReceive);
            using var handoff = new ConnectionHandoff((int)args.HandoffSend, (int)args.HandoffReceive);
            using var loop = new EpollWorkerPool(accepting, child.Server, [child.Own], handoff);
            loop.Start();
            child.ReportReady();
            WatchControl(control, child.Server, args.CountersPath);
            loop.Stop(child.Server.Options.StopTimeout);
            return 0;
        }

        using var listener = ListenerHandoff.Adopt(args.ListenHandle, control);
        listener.Blocking = false; // every child polls, one wins each accept, the others see EWOULDBLOCK
        using var portable = ChildContext.Read(args, control, report);
        var context = portable.Server;
        var controlThread = new Thread(() => WatchControl(control, context, args.CountersPath)) { IsBackground = true, Name = "PoolHttp control" };
        controlThread.Start();
        portable.ReportReady();

        while (!context.Stopping)
        {
            Socket socket;
            try
            {
                if (!listener.Poll(200_000, SelectMode.SelectRead)) continue;
                socket = listener.Accept();
            }
            catch (SocketException) { continue; } // another child won this connection
            await ServeConnectionAsync(socket, context, portable.Own).ConfigureAwait(false);
        }
        return 0;
    }

    /// <summary>
    /// What a child serves with: the server context over the shared counters (mapped until disposed), its own
    /// counters, and the report pipe, whose lines are written under one lock.
    /// </summary>
    private sealed class ChildContext : IDisposable
    {
        private readonly SharedCounterBlock _block;
        private readonly TextWriter _report;
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal); // also the report's lock

        private ChildContext(WorkerArguments args, SharedCounterBlock block, TextWriter report)
        {
            _block = block;
            _report = report;
            var counters = new ServerCounters(ServerMode.Process, block, args.StartedAt, ownId: args.Id);
            Own = counters.Worker(args.Id - 1);
            Own.Pid = Environment.ProcessId;
            var options = !args.AccessLog ? args.Options : args.Options with { AccessLog = entry => Report("log " + entry.ToWire()) };
            Server = new ServerContext(options, counters, tempFolderUsed: folder =>
            {
                // The parent removes this process's temporary files from these folders if it is killed mid-upload.
                lock (_reported)
                {
                    if (_reported.Add(folder)) Report("temp " + Uri.EscapeDataString(folder)); // ASCII-safe whatever the console encoding
                }
            });
        }

        public ServerContext Server { get; }

        /// <summary>This child's counters.</summary>
        public WorkerCounters Own { get; }

        /// <summary>Reads the secrets that follow on the control pipe, then maps the counters and builds the context.</summary>
        public static ChildContext Read(WorkerArguments args, TextReader control, TextWriter report)
        {
            args = args with { Options = WorkerSecrets.Read(control, args.Options) };
            var block = SharedCounterBlock.Open(args.CountersPath, args.Workers);
            try
            {
                return new ChildContext(args, block, report);
            }
            catch
            {
                block.Dispose();
                throw;
            }
        }

        /// <summary>Tells the parent this child accepts connections.</summary>
        public void ReportReady() => Report("ready " + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

        private void Report(string line)
        {
            lock (_reported)
            {
                _report.WriteLine(line);
                _report.Flush();
            }
        }

        public void Dispose() => _block.Dispose();
    }

    private static async Task ServeConnectionAsync(Socket socket, ServerContext context, WorkerCounters counters)
    {
        try
        {
            socket.Blocking = true;
            using var connection = new Connection(socket, context, new BlockingWaitStrategy(context));
            while (await connection.ReadHeadAsync().ConfigureAwait(false))
            {
                if (!connection.Serve(counters)) break;
            }
        }
        catch (Exception)
        {
            // boundary: one connection's failure never ends the worker
            socket.Dispose();
        }
    }

    private static void WatchControl(TextReader control, ServerContext context, string countersPath)
    {
        bool told = false;
        try
        {
            string? line;
            while ((line = control.ReadLine()) is not null)
            {
                if (line != "stop") continue;
                told = true;
                break;
            }
        }
        catch (IOException) { }
        context.BeginStop();
        if (told) return;
        // The pipe closed without a word: the parent died, so nobody else will remove the shared counters.
        try { File.Delete(countersPath); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
