using System.Net;
using System.Net.Sockets;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Workers;

namespace PoolHttp.Engine.Hosting;

/// <summary>
/// A running file server, the listener and its pool of workers: started with <see cref="Start"/>, stopped gracefully
/// with <see cref="Stop"/>. Process-mode children are started through <see cref="ChildLauncher"/>.
/// </summary>
public sealed class PoolServer : IPoolServerSource, IDisposable
{
    private readonly IWorkerPool _workers;
    private int _stopped;

    private PoolServer(ServerOptions options, IPEndPoint endPoint, string root, IWorkerPool workers, FileStore? store, string? congestionControl)
    {
        CongestionControl = congestionControl;
        Options = options;
        EndPoint = endPoint;
        Root = root;
        _workers = workers;
        Store = store;
    }

    /// <summary>Thread mode: the store the workers serve from (tests reach its small-file cache); null in Process mode.</summary>
    internal FileStore? Store { get; }

    /// <summary>The options the server runs with.</summary>
    public ServerOptions Options { get; }

    /// <summary>The address and port actually bound (the port is the system's choice when 0 was asked).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The base URL clients use.</summary>
    public Uri BaseUri => new($"{(Options.Certificate is null ? "http" : "https")}://{(EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{EndPoint.Address}]" : EndPoint.Address.ToString())}:{EndPoint.Port}/");

    /// <summary>
    /// The TCP congestion control the connections run with, read back from the listening socket they inherit it from
    /// (see <see cref="ServerOptions.CongestionControl"/>); null where the system cannot say.
    /// </summary>
    public string? CongestionControl { get; }

    /// <summary>The absolute path of the served root.</summary>
    public string Root { get; }

    /// <summary>True until <see cref="Stop"/> has run.</summary>
    public bool IsRunning => Volatile.Read(ref _stopped) == 0;

    /// <summary>
    /// Binds the listening socket, starts the workers (threads, or child processes that all accept on the socket)
    /// and returns once the server accepts connections. Throws <see cref="SocketException"/> when the port will not bind.
    /// </summary>
    public static PoolServer Start(ServerOptions options)
    {
        options.Validate();
        string root = new FileStore(options.Root).Root;
        var listener = Listener.Bind(options.Address, options.EffectivePort, options.CongestionControl);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        try
        {
            IWorkerPool workers;
            FileStore? store = null;
            if (options.Mode == ServerMode.Process)
            {
                workers = ProcessWorkerPool.Start(listener, options, args => ChildLauncher.StartInfo(WorkerChild.ToArgs(args)));
            }
            else
            {
                var context = new ServerContext(options, new ServerCounters(options.Mode, options.Workers));
                store = context.Store;
                if (Epoll.IsSupported)
                {
                    var loop = new EpollWorkerPool(listener, context);
                    loop.Start();
                    workers = loop;
                }
                else
                {
                    var threads = new ThreadWorkerPool(listener, context);
                    threads.Start();
                    workers = threads;
                }
            }
            return new PoolServer(options, endPoint, root, workers, store, Server.CongestionControl.Read(listener));
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>The server's statistics now (the last ones once stopped).</summary>
    public ServerStatistics Statistics() => _workers.Statistics();

    /// <summary>The request and byte counts of <see cref="Statistics"/>.</summary>
    public PoolServerCounters ReadCounters()
    {
        var s = Statistics();
        return new PoolServerCounters(s.Total, s.Succeeded, s.Failed, s.Active, s.BytesReceived, s.BytesSent);
    }

    /// <summary>This server as PowerShell shows it, reading its state and statistics live.</summary>
    public PoolServerInfo Describe()
    {
        var s = Statistics();
        return new PoolServerInfo(EndPoint.Port, EndPoint.Address.ToString(), s.Mode, s.Workers, Root, BaseUri, s.StartedAt.LocalDateTime, this);
    }

    /// <summary>Stops accepting, finishes requests in progress (up to the stop timeout), then closes every connection.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _workers.Stop(Options.StopTimeout);
        (_workers as IDisposable)?.Dispose();
    }

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();
}
