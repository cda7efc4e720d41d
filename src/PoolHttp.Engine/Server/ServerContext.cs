using System.Globalization;
using System.Text;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server;

/// <summary>What every connection of one server shares: options, the file store, counters and the Date cache.</summary>
public sealed class ServerContext
{
    private byte[] _dateLine = Array.Empty<byte>();
    private long _dateSecond = -1;
    private volatile bool _stopping;

    /// <summary>Creates the shared state for a server with <paramref name="options"/>.</summary>
    /// <param name="options">The server's options.</param>
    /// <param name="counters">This process's live counters.</param>
    /// <param name="statistics">What the stats resource reports; default: a snapshot of <paramref name="counters"/>.</param>
    /// <param name="tempFolderUsed">Told of each folder an upload writes a temporary file to (process-pool children).</param>
    public ServerContext(ServerOptions options, ServerCounters counters, Func<ServerStatistics>? statistics = null, Action<string>? tempFolderUsed = null)
    {
        Options = options;
        Store = new FileStore(options.Root) { TempFolderUsed = tempFolderUsed };
        Dav = new DavStore(Store);
        Counters = counters;
        Statistics = statistics ?? counters.Snapshot;
        TlsOptions = options.Certificate is { } certificate ? Security.TlsCertificate.ServerOptions(certificate) : null;
    }

    /// <summary>The TLS handshake settings, or null for plain HTTP.</summary>
    internal System.Net.Security.SslServerAuthenticationOptions? TlsOptions { get; }

    /// <summary>The options the server was started with.</summary>
    public ServerOptions Options { get; }

    /// <summary>The served root.</summary>
    public FileStore Store { get; }

    /// <summary>WebDAV's dead properties and locks, kept on disk beside the files.</summary>
    public DavStore Dav { get; }

    /// <summary>This process's live counters (in Process mode, a view of the whole pool's shared block).</summary>
    public ServerCounters Counters { get; }

    /// <summary>A snapshot of the numbers <c>/.poolhttp/stats</c> answers with (the whole pool's, in Process mode).</summary>
    public Func<ServerStatistics> Statistics { get; }

    /// <summary>The parser's limits.</summary>
    public ParserLimits Limits { get; } = ParserLimits.Default;

    /// <summary>True once a graceful stop began: responses then close their connections.</summary>
    public bool Stopping => _stopping;

    internal void BeginStop() => _stopping = true;

    /// <summary>The current <c>Date: ...\r\n</c> line, rebuilt at most once a second.</summary>
    internal byte[] DateLine()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (Volatile.Read(ref _dateSecond) == now) return Volatile.Read(ref _dateLine);
        var line = Encoding.ASCII.GetBytes("Date: " + DateTimeOffset.FromUnixTimeSeconds(now).ToString("r", CultureInfo.InvariantCulture) + "\r\n");
        Volatile.Write(ref _dateLine, line);
        Volatile.Write(ref _dateSecond, now);
        return line;
    }
}
