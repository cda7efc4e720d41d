using System.IO.MemoryMappedFiles;

namespace PoolHttp.Engine.Server;

/// <summary>
/// Per-worker counters in one block of memory: a pinned array for Thread mode, or a memory-mapped file shared by a
/// process pool, so that the parent and every child read the same live numbers without messages.
/// </summary>
public sealed unsafe class CounterBlock : IDisposable
{
    /// <summary>Longs per worker slot (one cache line).</summary>
    internal const int SlotLongs = 8;

    /// <summary>Slot field offsets.</summary>
    internal const int Pid = 0, Active = 1, Succeeded = 2, Failed = 3, BytesReceived = 4, BytesSent = 5;

    private readonly long[]? _array;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly long* _base;
    private int _disposed;

    private CounterBlock(int slots, long[]? array, MemoryMappedFile? map, MemoryMappedViewAccessor? view, long* basePointer, string? path)
    {
        Slots = slots;
        _array = array;
        _map = map;
        _view = view;
        _base = basePointer;
        Path = path;
    }

    /// <summary>How many worker slots the block has.</summary>
    public int Slots { get; }

    /// <summary>The shared file's path, or null for an in-process block.</summary>
    public string? Path { get; }

    /// <summary>A block private to this process.</summary>
    public static CounterBlock InProcess(int slots)
    {
        var array = GC.AllocateArray<long>(slots * SlotLongs, pinned: true);
        fixed (long* p = array) return new CounterBlock(slots, array, null, null, p, null);
    }

    /// <summary>Creates a shared block in a new file (the parent of a process pool).</summary>
    public static CounterBlock CreateShared(string path, int slots)
    {
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite)) file.SetLength((long)slots * SlotLongs * 8);
        return OpenShared(path, slots);
    }

    /// <summary>Opens an existing shared block (a child of a process pool).</summary>
    public static CounterBlock OpenShared(string path, int slots)
    {
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, (long)slots * SlotLongs * 8, MemoryMappedFileAccess.ReadWrite);
        var view = map.CreateViewAccessor(0, (long)slots * SlotLongs * 8, MemoryMappedFileAccess.ReadWrite);
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        return new CounterBlock(slots, null, map, view, (long*)(p + view.PointerOffset), path);
    }

    /// <summary>The field of slot <paramref name="slot"/>, for Interlocked updates.</summary>
    internal ref long Field(int slot, int field)
    {
        if ((uint)slot >= (uint)Slots || Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(CounterBlock));
        return ref _base[slot * SlotLongs + field];
    }

    /// <summary>Unmaps a shared block (the file stays until its owner deletes it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
        GC.KeepAlive(_array);
    }
}
