namespace PoolHttp.Engine.Server;

/// <summary>Counts requests and bytes for one server (or one child of a process pool).</summary>
public sealed class ServerStats
{
    private readonly WorkerCounters[] _workers;
    private long _bytesReceived, _bytesSent;

    /// <summary>Creates counters for <paramref name="workers"/> workers, numbered from <paramref name="firstId"/>.</summary>
    public ServerStats(ServerMode mode, int workers, int firstId = 1)
    {
        Mode = mode;
        StartedAt = DateTimeOffset.UtcNow;
        int pid = Environment.ProcessId;
        _workers = Enumerable.Range(firstId, workers).Select(id => new WorkerCounters(id, pid)).ToArray();
    }

    /// <summary>The server's mode.</summary>
    public ServerMode Mode { get; }

    /// <summary>When the server started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The counters of the worker at <paramref name="index"/> (0-based).</summary>
    public WorkerCounters Worker(int index) => _workers[index];

    internal void AddReceived(long bytes) => Interlocked.Add(ref _bytesReceived, bytes);

    internal void AddSent(long bytes) => Interlocked.Add(ref _bytesSent, bytes);

    /// <summary>A copy of every counter.</summary>
    public ServerStatistics Snapshot()
    {
        var perWorker = _workers.Select(w => w.Snapshot()).ToArray();
        return ServerStatistics.FromWorkers(Mode, StartedAt, perWorker, Interlocked.Read(ref _bytesReceived), Interlocked.Read(ref _bytesSent));
    }
}
