namespace PoolHttp.Engine.Server;

/// <summary>
/// Per-worker counters in one block of memory, one cache line per worker slot, updated with Interlocked only.
/// Where the memory lives is the pool's business: a pinned array for threads in one process
/// (<see cref="InProcess"/>), or memory that several processes map.
/// </summary>
public abstract unsafe class CounterBlock : IDisposable
{
    /// <summary>Longs per worker slot (one cache line).</summary>
    internal const int SlotLongs = 8;

    /// <summary>Slot field offsets.</summary>
    internal const int Pid = 0, Active = 1, Succeeded = 2, Failed = 3, BytesReceived = 4, BytesSent = 5;

    private readonly long* _base;
    private int _disposed;

    /// <summary>A block of <paramref name="slots"/> slots at <paramref name="basePointer"/>, which the subclass keeps valid until <see cref="Release"/>.</summary>
    protected CounterBlock(int slots, long* basePointer)
    {
        Slots = slots;
        _base = basePointer;
    }

    /// <summary>How many worker slots the block has.</summary>
    public int Slots { get; }

    /// <summary>The bytes a block of <paramref name="slots"/> slots occupies.</summary>
    public static long BytesFor(int slots) => (long)slots * SlotLongs * sizeof(long);

    /// <summary>A block private to this process.</summary>
    public static CounterBlock InProcess(int slots) => PinnedCounterBlock.Create(slots);

    /// <summary>The field of slot <paramref name="slot"/>, for Interlocked updates.</summary>
    internal ref long Field(int slot, int field)
    {
        if ((uint)slot >= (uint)Slots || Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(CounterBlock));
        return ref _base[slot * SlotLongs + field];
    }

    /// <summary>Gives the memory back; the block is unusable afterwards.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees or unmaps the memory, once.</summary>
    protected abstract void Release();
}
