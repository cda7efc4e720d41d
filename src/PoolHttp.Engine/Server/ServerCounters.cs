using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Server;

/// <summary>
/// The live request and byte counters of a server: one <see cref="WorkerCounters"/> per slot of a <see cref="CounterBlock"/>.
/// <see cref="Snapshot"/> copies them into a <see cref="ServerStatistics"/>.
/// </summary>
public sealed class ServerCounters
{
    private readonly WorkerCounters[] _workers;
    private readonly WorkerCounters _bytesTo;

    /// <summary>Counters for <paramref name="workers"/> workers in a private block (Thread mode).</summary>
    public ServerCounters(ServerMode mode, int workers)
        : this(mode, CounterBlock.InProcess(workers), DateTimeOffset.UtcNow, ownId: 1)
    {
        foreach (var w in _workers) w.Pid = Environment.ProcessId;
    }

    /// <summary>Counters over a block that may be shared; bytes this process moves are counted in worker <paramref name="ownId"/>.</summary>
    public ServerCounters(ServerMode mode, CounterBlock block, DateTimeOffset startedAt, int ownId)
    {
        Mode = mode;
        StartedAt = startedAt;
        // A loop, not Range().Select(): in a NativeAOT child that generic virtual call is resolved at run time, by the
        // type loader, a measurable part of a child's start.
        _workers = new WorkerCounters[block.Slots];
        for (int i = 0; i < _workers.Length; i++) _workers[i] = new WorkerCounters(block, i + 1);
        _bytesTo = _workers[ownId - 1];
    }

    /// <summary>The server's mode.</summary>
    public ServerMode Mode { get; }

    /// <summary>When the server started.</summary>
    public DateTimeOffset StartedAt { get; }

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
