namespace PoolHttp.Engine.Server;

/// <summary>
/// Keeps a Thread-mode server's heap small. The GC sizes its gen0 budget from the L3 cache, and virtual machines
/// report huge ones (480 MiB on our 2-core test machine), so a busy server's heap would grow past 100 MiB before the
/// first collection. Where nobody set <c>DOTNET_GCgen0size</c>, this asks for a gen0 collection after every
/// <see cref="Budget"/> bytes allocated; gen0 collections of a server's short-lived garbage take microseconds.
/// </summary>
internal sealed class HeapGovernor : IDisposable
{
    /// <summary>Bytes allocated between collections.</summary>
    public const long Budget = 8L << 20;

    private readonly Timer? _timer;
    private long _lastAllocated;

    public HeapGovernor()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is not null) return;
        _lastAllocated = GC.GetTotalAllocatedBytes(precise: false);
        _timer = new Timer(_ => Check(), null, 20, 20);
    }

    private void Check()
    {
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        if (allocated - _lastAllocated < Budget) return;
        _lastAllocated = allocated;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
    }

    public void Dispose() => _timer?.Dispose();
}
