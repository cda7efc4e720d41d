using System.IO.MemoryMappedFiles;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// Process mode's <see cref="CounterBlock"/>: a memory-mapped file the parent and every child map, so that all of
/// them read and write the same live numbers without messages.
/// </summary>
public sealed unsafe class SharedCounterBlock : CounterBlock
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;

    private SharedCounterBlock(int slots, MemoryMappedFile map, MemoryMappedViewAccessor view, long* basePointer, string path)
        : base(slots, basePointer)
    {
        _map = map;
        _view = view;
        Path = path;
    }

    /// <summary>The shared file's path.</summary>
    public string Path { get; }

    /// <summary>Creates a shared block in a new file (the parent of a process pool).</summary>
    public static SharedCounterBlock Create(string path, int slots)
    {
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite)) file.SetLength(BytesFor(slots));
        return Open(path, slots);
    }

    /// <summary>Opens an existing shared block (a child of a process pool).</summary>
    public static SharedCounterBlock Open(string path, int slots)
    {
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, BytesFor(slots), MemoryMappedFileAccess.ReadWrite);
        var view = map.CreateViewAccessor(0, BytesFor(slots), MemoryMappedFileAccess.ReadWrite);
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        return new SharedCounterBlock(slots, map, view, (long*)(p + view.PointerOffset), path);
    }

    /// <summary>Unmaps the block (the file stays until its owner deletes it).</summary>
    protected override void Release()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
