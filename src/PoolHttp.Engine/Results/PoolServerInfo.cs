using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Results;

/// <summary>
/// A server as PowerShell shows it: where it listens, how it runs, and its statistics at the moment the object
/// was made. Flat, in the column order <c>Export-Csv</c> writes.
/// </summary>
/// <param name="Port">The port actually bound.</param>
/// <param name="Address">The address listened on.</param>
/// <param name="Mode">Thread or Process workers.</param>
/// <param name="Workers">How many workers.</param>
/// <param name="Root">The absolute path of the served folder.</param>
/// <param name="Uri">The base URL clients use.</param>
/// <param name="StartedAt">When the server started, local time.</param>
/// <param name="Requests">Requests whose exchange has ended.</param>
/// <param name="Succeeded">Requests answered whole with a status below 500.</param>
/// <param name="Failed">Requests answered 5xx or broken off.</param>
/// <param name="Active">Requests in progress.</param>
/// <param name="BytesReceived">Bytes read from clients.</param>
/// <param name="BytesSent">Bytes written to clients.</param>
/// <param name="State"><see cref="Running"/> or <see cref="Stopped"/>.</param>
public sealed record PoolServerInfo(
    int Port, string Address, ServerMode Mode, int Workers, string Root, Uri Uri, DateTime StartedAt,
    long Requests, long Succeeded, long Failed, long Active, long BytesReceived, long BytesSent, string State)
{
    /// <summary>The <see cref="State"/> of a server that accepts connections.</summary>
    public const string Running = "Running";

    /// <summary>The <see cref="State"/> of a server that has been stopped.</summary>
    public const string Stopped = "Stopped";

    /// <summary>A snapshot of <paramref name="server"/> and its statistics now.</summary>
    public static PoolServerInfo From(PoolServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var s = server.Statistics();
        return new PoolServerInfo(server.EndPoint.Port, server.EndPoint.Address.ToString(), s.Mode, s.Workers, server.Root,
            server.BaseUri, s.StartedAt.LocalDateTime, s.Total, s.Succeeded, s.Failed, s.Active, s.BytesReceived,
            s.BytesSent, server.IsRunning ? Running : Stopped);
    }
}
