using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Server;

/// <summary>Counts requests and bytes for a server: every worker's slot of one <see cref="CounterBlock"/>.</summary>
public sealed class ServerStats
{
    private readonly WorkerCounters[] _workers;
    private readonly WorkerCounters _bytesTo;

    /// <summary>Counters for <paramref name="workers"/> workers in a private block (Thread mode).</summary>
    public ServerStats(ServerMode mode, int workers)
        : this(mode, CounterBlock.InProcess(workers), DateTimeOffset.UtcNow, ownId: 1)
    {
        foreach (var w in _workers) w.Pid = Environment.ProcessId;
    }

    /// <summary>Counters over a block that may be shared; bytes this process moves are counted in worker <paramref name="ownId"/>.</summary>
    public ServerStats(ServerMode mode, CounterBlock block, DateTimeOffset startedAt, int ownId)
    {
        Mode = mode;
        Block = block;
        StartedAt = startedAt;
        _workers = Enumerable.Range(1, block.Slots).Select(id => new WorkerCounters(block, id)).ToArray();
        _bytesTo = _workers[ownId - 1];
    }

    /// <summary>The server's mode.</summary>
    public ServerMode Mode { get; }

    /// <summary>When the server started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The memory the counters live in.</summary>
    public CounterBlock Block { get; }

    /// <summary>The counters of the worker at <paramref name="index"/> (0-based).</summary>
    public WorkerCounters Worker(int index) => _workers[index];

    internal void AddReceived(long bytes) => _bytesTo.AddBytes(bytes, 0);

    internal void AddSent(long bytes) => _bytesTo.AddBytes(0, bytes);

    /// <summary>A copy of every counter.</summary>
    public ServerStatistics Snapshot()
    {
        var perWorker = _workers.Select(w => w.Snapshot()).ToArray();
        return ServerStatistics.FromWorkers(Mode, StartedAt, perWorker, _workers.Sum(w => w.BytesReceived), _workers.Sum(w => w.BytesSent));
    }
}
