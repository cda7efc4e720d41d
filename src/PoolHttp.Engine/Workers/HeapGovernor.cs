namespace PoolHttp.Engine.Workers;

/// <summary>
/// Keeps a Thread-mode server's heap small. The GC sizes its gen0 budget from the L3 cache, and virtual machines
/// report huge ones (480 MiB on our 2-core test machine), so a busy server's heap would grow past 100 MiB before the
/// first collection. Where nobody set <c>DOTNET_GCgen0size</c>, workers ask for a gen0 collection after every
/// <see cref="Budget"/> bytes allocated; gen0 collections of a server's short-lived garbage take microseconds.
/// Checked by the workers after each request rather than by a timer, so an idle or streaming server wakes nothing.
/// </summary>
internal sealed class HeapGovernor
{
    /// <summary>Bytes allocated between collections.</summary>
    public const long Budget = 4L << 20;

    private readonly bool _enabled = Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is null;
    private long _lastAllocated = GC.GetTotalAllocatedBytes(precise: false);

    /// <summary>Called by a worker after it served a request.</summary>
    public void AfterRequest()
    {
        if (!_enabled) return;
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        long last = Volatile.Read(ref _lastAllocated);
        if (allocated - last < Budget || Interlocked.CompareExchange(ref _lastAllocated, allocated, last) != last) return;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
    }
}
