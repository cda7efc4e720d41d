namespace PoolHttp.Engine.Results;

/// <summary>
/// A server as PowerShell shows it: where it listens and how it runs, fixed when it started, and its state and
/// statistics, read from the server each time they are read, so that an object held in a variable shows the server
/// as it is now (Stopped, with its final statistics, once it has stopped). Flat, in the column order
/// <c>Export-Csv</c> writes.
/// </summary>
public sealed class PoolServerInfo
{
    /// <summary>The <see cref="State"/> of a server that accepts connections.</summary>
    public const string Running = "Running";

    /// <summary>The <see cref="State"/> of a server that has been stopped.</summary>
    public const string Stopped = "Stopped";

    // Not a property: Export-Csv and ConvertTo-Json see only the flat values read through it.
    private readonly IPoolServerSource _source;

    /// <summary>A server object whose state and statistics are read from <paramref name="source"/>.</summary>
    public PoolServerInfo(int port, string address, ServerMode mode, int workers, string root, Uri uri, DateTime startedAt, IPoolServerSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Port = port;
        Address = address;
        Mode = mode;
        Workers = workers;
        Root = root;
        Uri = uri;
        StartedAt = startedAt;
        _source = source;
    }

    /// <summary>The port actually bound.</summary>
    public int Port { get; }

    /// <summary>The address listened on.</summary>
    public string Address { get; }

    /// <summary>Thread or Process workers.</summary>
    public ServerMode Mode { get; }

    /// <summary>How many workers.</summary>
    public int Workers { get; }

    /// <summary>The absolute path of the served folder.</summary>
    public string Root { get; }

    /// <summary>The base URL clients use.</summary>
    public Uri Uri { get; }

    /// <summary>When the server started, local time.</summary>
    public DateTime StartedAt { get; }

    /// <summary>Requests whose exchange has ended, now.</summary>
    public long Requests => _source.ReadCounters().Requests;

    /// <summary>Requests answered whole with a status below 500, now.</summary>
    public long Succeeded => _source.ReadCounters().Succeeded;

    /// <summary>Requests answered 5xx or broken off, now.</summary>
    public long Failed => _source.ReadCounters().Failed;

    /// <summary>Requests in progress now.</summary>
    public long Active => _source.ReadCounters().Active;

    /// <summary>Bytes read from clients, now.</summary>
    public long BytesReceived => _source.ReadCounters().BytesReceived;

    /// <summary>Bytes written to clients, now.</summary>
    public long BytesSent => _source.ReadCounters().BytesSent;

    /// <summary><see cref="Running"/> or <see cref="Stopped"/>, now.</summary>
    public string State => _source.IsRunning ? Running : Stopped;

    /// <summary>"http://127.0.0.1:8885/ (Running)".</summary>
    public override string ToString() => $"{Uri} ({State})";
}
