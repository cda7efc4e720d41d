using System.Net;
using System.Net.Sockets;
using PoolHttp.Engine.Workers;

namespace PoolHttp.Engine.Server;

/// <summary>A running file server: started with <see cref="Start"/>, stopped gracefully with <see cref="Stop"/>.</summary>
public sealed class PoolServer : IDisposable
{
    private readonly ThreadWorkers _workers;
    private readonly ServerContext _context;
    private int _stopped;

    private PoolServer(ServerOptions options, IPEndPoint endPoint, ThreadWorkers workers, ServerContext context)
    {
        Options = options;
        EndPoint = endPoint;
        _workers = workers;
        _context = context;
    }

    /// <summary>The options the server runs with.</summary>
    public ServerOptions Options { get; }

    /// <summary>The address and port actually bound (the port is the system's choice when 0 was asked).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The base URL clients use.</summary>
    public Uri BaseUri => new($"http://{(EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{EndPoint.Address}]" : EndPoint.Address.ToString())}:{EndPoint.Port}/");

    /// <summary>The absolute path of the served root.</summary>
    public string Root => _context.Store.Root;

    /// <summary>True until <see cref="Stop"/> has run.</summary>
    public bool IsRunning => Volatile.Read(ref _stopped) == 0;

    /// <summary>Binds the listening socket, starts the workers and returns once the server accepts connections.</summary>
    public static PoolServer Start(ServerOptions options)
    {
        options.Validate();
        if (options.Mode != ServerMode.Thread) throw new NotSupportedException("Process mode is not available yet.");
        var stats = new ServerStats(options.Mode, options.Workers);
        var context = new ServerContext(options, stats);
        var listener = Listener.Bind(options.Address, options.EffectivePort);
        var workers = new ThreadWorkers(listener, context);
        workers.Start();
        return new PoolServer(options, (IPEndPoint)listener.LocalEndPoint!, workers, context);
    }

    /// <summary>The server's statistics now.</summary>
    public ServerStatistics Statistics() => _context.Statistics();

    /// <summary>Stops accepting, finishes requests in progress (up to the stop timeout), then closes every connection.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _workers.Stop(Options.StopTimeout);
        _workers.Dispose();
    }

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();
}
