namespace PoolHttp.Engine.Server;

/// <summary>A <see cref="CounterBlock"/> in a pinned array of this process (Thread mode).</summary>
internal sealed unsafe class PinnedCounterBlock : CounterBlock
{
    private readonly long[] _array;

    private PinnedCounterBlock(int slots, long[] array, long* basePointer) : base(slots, basePointer) => _array = array;

    public static PinnedCounterBlock Create(int slots)
    {
        var array = GC.AllocateArray<long>(slots * SlotLongs, pinned: true);
        fixed (long* p = array) return new PinnedCounterBlock(slots, array, p);
    }

    protected override void Release() => GC.KeepAlive(_array);
}
