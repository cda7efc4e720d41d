namespace PoolHttp.Engine.Server;

/// <summary>The live counters of one worker, kept in a <see cref="CounterBlock"/> slot and updated with Interlocked only.</summary>
public sealed class WorkerCounters
{
    private readonly CounterBlock _block;
    private readonly int _slot;

    /// <summary>Counters for worker <paramref name="id"/> (1-based) in slot id-1 of <paramref name="block"/>.</summary>
    public WorkerCounters(CounterBlock block, int id)
    {
        _block = block;
        _slot = id - 1;
        Id = id;
    }

    /// <summary>The worker's number, from 1.</summary>
    public int Id { get; }

    /// <summary>The process the worker runs in.</summary>
    public int Pid
    {
        get => (int)Volatile.Read(ref _block.Field(_slot, CounterBlock.Pid));
        set => Volatile.Write(ref _block.Field(_slot, CounterBlock.Pid), value);
    }

    internal void Begin() => Interlocked.Increment(ref _block.Field(_slot, CounterBlock.Active));

    internal void End(bool succeeded)
    {
        Interlocked.Increment(ref _block.Field(_slot, succeeded ? CounterBlock.Succeeded : CounterBlock.Failed));
        Interlocked.Decrement(ref _block.Field(_slot, CounterBlock.Active));
    }

    internal void AddBytes(long received, long sent)
    {
        if (received != 0) Interlocked.Add(ref _block.Field(_slot, CounterBlock.BytesReceived), received);
        if (sent != 0) Interlocked.Add(ref _block.Field(_slot, CounterBlock.BytesSent), sent);
    }

    /// <summary>Counts the requests a dead worker process had in progress as failed (called by the pool's parent).</summary>
    internal void AbandonActive()
    {
        long active = Interlocked.Exchange(ref _block.Field(_slot, CounterBlock.Active), 0);
        if (active > 0) Interlocked.Add(ref _block.Field(_slot, CounterBlock.Failed), active);
    }

    internal long BytesReceived => Volatile.Read(ref _block.Field(_slot, CounterBlock.BytesReceived));

    internal long BytesSent => Volatile.Read(ref _block.Field(_slot, CounterBlock.BytesSent));

    /// <summary>A copy of the counters.</summary>
    public WorkerStatistics Snapshot()
    {
        long ok = Volatile.Read(ref _block.Field(_slot, CounterBlock.Succeeded));
        long bad = Volatile.Read(ref _block.Field(_slot, CounterBlock.Failed));
        long active = Volatile.Read(ref _block.Field(_slot, CounterBlock.Active));
        return new WorkerStatistics(Id, Pid, active, ok, bad, ok + bad);
    }
}
