namespace PoolHttp.Engine.Server;

/// <summary>The live counters of one worker; updated with <see cref="Interlocked"/> only.</summary>
public sealed class WorkerCounters
{
    private long _active, _succeeded, _failed;

    /// <summary>Creates counters for worker <paramref name="id"/> in process <paramref name="pid"/>.</summary>
    public WorkerCounters(int id, int pid)
    {
        Id = id;
        Pid = pid;
    }

    /// <summary>The worker's number, from 1.</summary>
    public int Id { get; }

    /// <summary>The process the worker runs in.</summary>
    public int Pid { get; set; }

    internal void Begin() => Interlocked.Increment(ref _active);

    internal void End(bool succeeded)
    {
        Interlocked.Increment(ref succeeded ? ref _succeeded : ref _failed);
        Interlocked.Decrement(ref _active);
    }

    /// <summary>A consistent-enough copy of the counters.</summary>
    public WorkerStatistics Snapshot()
    {
        long ok = Interlocked.Read(ref _succeeded), bad = Interlocked.Read(ref _failed);
        return new WorkerStatistics(Id, Pid, Interlocked.Read(ref _active), ok, bad, ok + bad);
    }
}
