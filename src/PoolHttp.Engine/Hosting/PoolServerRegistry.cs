using System.Globalization;
using System.Net;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Hosting;

/// <summary>
/// The servers one session started and left running in its background: started, listed with live statistics,
/// and stopped by object, by port or all at once. Thread-safe.
/// </summary>
public sealed class PoolServerRegistry : IDisposable
{
    private readonly object _gate = new();
    private readonly List<PoolServer> _servers = [];

    /// <summary>How many servers are running.</summary>
    public int Count
    {
        get { lock (_gate) return _servers.Count; }
    }

    /// <summary>Starts a server (throws what <see cref="PoolServer.Start"/> throws) and keeps it until stopped.</summary>
    public PoolServerInfo Start(ServerOptions options)
    {
        var server = PoolServer.Start(options);
        lock (_gate) _servers.Add(server);
        return server.Describe();
    }

    /// <summary>Every running server with its statistics now, in the order they were started.</summary>
    public IReadOnlyList<PoolServerInfo> List() => Snapshot().Select(s => s.Describe()).ToList();

    /// <summary>The ports asked for, or, when none is asked for, every port a running server listens on.</summary>
    public IReadOnlyList<int> SelectPorts(IReadOnlyCollection<int>? requested) =>
        requested is { Count: > 0 } ? requested.ToList() : Snapshot().Select(s => s.EndPoint.Port).Distinct().ToList();

    /// <summary>
    /// The running servers on <paramref name="port"/>, on <paramref name="address"/> only when it is given.
    /// Throws <see cref="KeyNotFoundException"/> when there is none, <see cref="ArgumentException"/> for an address
    /// that is not an IP address.
    /// </summary>
    public IReadOnlyList<PoolServerInfo> Find(int port, string? address = null)
    {
        var ip = ParseAddress(address);
        var found = Snapshot().Where(s => s.EndPoint.Port == port && (ip is null || s.EndPoint.Address.Equals(ip))).ToList();
        if (found.Count == 0) throw NotFound(port, address);
        return found.Select(s => s.Describe()).ToList();
    }

    /// <summary>Stops one server gracefully and returns its final statistics; <see cref="KeyNotFoundException"/> when it is not running.</summary>
    public PoolServerInfo Stop(PoolServerInfo server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var ip = ParseAddress(server.Address);
        return StopMatching(s => s.EndPoint.Port == server.Port && s.EndPoint.Address.Equals(ip)).SingleOrDefault()
            ?? throw NotFound(server.Port, server.Address);
    }

    /// <summary>Stops every server on <paramref name="port"/>; <see cref="KeyNotFoundException"/> when there is none.</summary>
    public IReadOnlyList<PoolServerInfo> Stop(int port)
    {
        var stopped = StopMatching(s => s.EndPoint.Port == port);
        return stopped.Count > 0 ? stopped : throw NotFound(port, null);
    }

    /// <summary>Stops every server (in parallel, each gracefully) and returns their final statistics.</summary>
    public IReadOnlyList<PoolServerInfo> StopAll() => StopMatching(_ => true);

    /// <summary>
    /// With <paramref name="foreground"/> false, returns at once and the server keeps running in the background.
    /// With it true, serves until <paramref name="cancellationToken"/> is cancelled, then stops the server
    /// gracefully, forgets it, and ends cancelled.
    /// </summary>
    public async Task ServeForegroundAsync(PoolServerInfo server, bool foreground, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!foreground) return;
        var ip = ParseAddress(server.Address);
        // Yielding keeps the graceful stop (up to StopTimeout) off the thread that cancels: PowerShell's StopProcessing.
        await Task.Delay(Timeout.Infinite, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        StopMatching(s => s.EndPoint.Port == server.Port && s.EndPoint.Address.Equals(ip));
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Stops every server; the same as <see cref="StopAll"/>.</summary>
    public void Dispose() => StopAll();

    private List<PoolServer> Snapshot()
    {
        lock (_gate) return [.. _servers];
    }

    private List<PoolServerInfo> StopMatching(Func<PoolServer, bool> match)
    {
        List<PoolServer> chosen;
        lock (_gate)
        {
            chosen = _servers.Where(match).ToList();
            _servers.RemoveAll(chosen.Contains);
        }
        // Each graceful stop may wait for requests in progress; stopping in parallel bounds the wait by the slowest.
        Parallel.ForEach(chosen, s => s.Stop());
        return chosen.Select(s => s.Describe()).ToList();
    }

    private static IPAddress? ParseAddress(string? address) =>
        address is null ? null
        : IPAddress.TryParse(address, out var ip) ? ip
        : throw new ArgumentException($"'{address}' is not an IP address.", nameof(address));

    private static KeyNotFoundException NotFound(int port, string? address) => new(address is null
        ? string.Create(CultureInfo.InvariantCulture, $"No server of this session listens on port {port}.")
        : string.Create(CultureInfo.InvariantCulture, $"No server of this session listens on {address} port {port}."));
}
