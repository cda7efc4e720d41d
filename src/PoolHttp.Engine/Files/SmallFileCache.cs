using System.Collections.Concurrent;

namespace PoolHttp.Engine.Files;

/// <summary>
/// One version of a file as <c>statx</c> tells it: a file with the same device, inode, size, modification time and
/// change time holds the same bytes. The change time cannot be set by anyone (any write, chmod, rename or link sets it
/// to the clock), so an old one that still matches means nothing has touched the file since.
/// </summary>
internal readonly record struct FileVersion(ulong Device, ulong Inode, long Length, long WrittenSeconds, uint WrittenNanoseconds,
    long ChangedSeconds, uint ChangedNanoseconds)
{
    public DateTime ChangedUtc => DateTime.UnixEpoch.AddTicks(ChangedSeconds * TimeSpan.TicksPerSecond + ChangedNanoseconds / 100);
}

/// <summary>A small file's bytes as they were read beneath the root, with the parts of its response they decide.</summary>
internal sealed class CachedFile(FileVersion version, byte[] content, DateTime lastWriteUtc, string contentType)
{
    public FileVersion Version { get; } = version;
    public byte[] Content { get; } = content;
    public DateTime LastWriteUtc { get; } = lastWriteUtc;
    public string ContentType { get; } = contentType;
}

/// <summary>
/// Small files served from memory: a GET of a cached file costs one <c>statx</c> of its path instead of an
/// <c>openat2</c>, a <c>statx</c>, a <c>pread</c> and a <c>close</c>. Every hit is checked against the file on disk
/// first, so a change, a removal or a rename over the path is seen at once; only files whose change time is at least
/// a second old are taken, so that a later write cannot leave the change time as it was (file times advance in
/// clock ticks). What is served is always what an open beneath the root read: a path that now leads elsewhere (a
/// link put in its place) finds another inode and goes the ordinary way, where the kernel confines the walk.
/// Bounded (1024 files, 2 MiB); when full it starts over. <c>POOLHTTP_NO_FILE_CACHE=1</c> turns it off.
/// </summary>
internal sealed class SmallFileCache
{
    /// <summary>The largest file kept.</summary>
    public const int MaxFileBytes = 16 * 1024;

    private const int MaxFiles = 1024;
    private const long MaxBytes = 2 * 1024 * 1024;
    private static readonly TimeSpan SettledAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, CachedFile> _files = new(StringComparer.Ordinal);
    private readonly object _gate = new(); // changes (rare: a miss) keep the byte count exact; hits take no lock
    private readonly Func<DateTime> _utcNow;
    private long _bytes; // under _gate
    private long _hits;

    /// <param name="utcNow">The clock a file's change time is compared with (tests move it).</param>
    public SmallFileCache(Func<DateTime>? utcNow = null) => _utcNow = utcNow ?? (() => DateTime.UtcNow);

    /// <summary>
    /// Null where there is no <c>statx</c> to check a hit with, where the root is not on a local file system (a
    /// network or FUSE one may answer from an attribute cache, or keep coarse times), or where it is turned off.
    /// </summary>
    public static SmallFileCache? CreateIfSupported(string root) =>
        BeneathOpen.CanStat && Environment.GetEnvironmentVariable("POOLHTTP_NO_FILE_CACHE") is null or "" or "0" &&
        BeneathOpen.IsLocalFileSystem(root) ? new SmallFileCache() : null;

    /// <summary>How many requests were answered from memory.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>The cached file at <paramref name="fullPath"/> if the file there is still that version.</summary>
    public CachedFile? Find(string fullPath)
    {
        if (!_files.TryGetValue(fullPath, out var file)) return null;
        if (BeneathOpen.TryStat(fullPath, out var version) && version == file.Version)
        {
            Interlocked.Increment(ref _hits);
            return file;
        }
        lock (_gate)
        {
            if (_files.TryRemove(new KeyValuePair<string, CachedFile>(fullPath, file))) _bytes -= file.Content.Length;
        }
        return null;
    }

    /// <summary>Whether a file just opened beneath the root with these facts is one to keep: small, and settled.</summary>
    public bool Takes(in OpenFileFacts facts) =>
        facts.Version is { } version && facts.Length <= MaxFileBytes && _utcNow() - version.ChangedUtc >= SettledAfter;

    /// <summary>Keeps a file that <see cref="Takes"/> accepted, with all its bytes as read from the open file.</summary>
    public CachedFile Keep(string fullPath, in OpenFileFacts facts, byte[] content, string contentType)
    {
        if (facts.Version is not { } version || content.Length != facts.Length) throw new ArgumentException("Not the file those facts describe.", nameof(content));
        var cached = new CachedFile(version, content, facts.LastWriteUtc, contentType);
        lock (_gate)
        {
            if (_files.TryRemove(fullPath, out var old)) _bytes -= old.Content.Length;
            if (_files.Count >= MaxFiles || _bytes + content.Length > MaxBytes)
            {
                _files.Clear();
                _bytes = 0;
            }
            _files[fullPath] = cached;
            _bytes += content.Length;
        }
        return cached;
    }
}
