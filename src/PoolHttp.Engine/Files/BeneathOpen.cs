using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PoolHttp.Engine.Files;

/// <summary>What <see cref="FileStore.OpenBeneath"/> found.</summary>
public enum BeneathOutcome
{
    /// <summary>A regular file, opened for reading.</summary>
    File,

    /// <summary>Nothing by that name (or a path through a file).</summary>
    Missing,

    /// <summary>Anything else (a folder, a link the kernel would not follow beneath the root, no support): take the full path.</summary>
    Other,
}

/// <summary>The facts of an open file that a response needs, read with the open in one more call.</summary>
/// <param name="Length">The size in bytes.</param>
/// <param name="LastWriteUtc">The modification time, as <see cref="File.GetLastWriteTimeUtc(SafeFileHandle)"/> gives it.</param>
public readonly record struct OpenFileFacts(long Length, DateTime LastWriteUtc)
{
    /// <summary>What tells this version of the file from any other (Linux), for <see cref="SmallFileCache"/>.</summary>
    internal FileVersion? Version { get; init; }
}

/// <summary>
/// Linux: opens a path under the root with <c>openat2(RESOLVE_BENEATH)</c>, so the kernel itself refuses any step
/// (a "..", an absolute link, a link that climbs) out of the root, then reads size and time with one <c>statx</c>. Two
/// calls instead of a readlink per segment, a stat and an open with three fstats.
/// </summary>
internal static partial class BeneathOpen
{
    private const long SYS_openat2 = 437; // the same on x86-64 and arm64
    private const int O_RDONLY = 0, O_NOCTTY = 0x100, O_CLOEXEC = 0x80000, O_PATH = 0x200000, O_DIRECTORY = 0x10000;
    private const ulong RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_BENEATH = 0x08;
    private const int AT_EMPTY_PATH = 0x1000, STATX_TYPE = 0x1, STATX_MTIME = 0x40, STATX_CTIME = 0x80, STATX_INO = 0x100,
        STATX_SIZE = 0x200, AT_FDCWD = -100, AT_STATX_FORCE_SYNC = 0x2000;
    private const uint VersionMask = STATX_TYPE | STATX_SIZE | STATX_MTIME | STATX_CTIME | STATX_INO;
    private const int ENOENT = 2, ENOTDIR = 20, EINTR = 4, ENOSYS = 38;
    private const ushort S_IFMT = 0xF000, S_IFREG = 0x8000;

    private static volatile bool s_unsupported = !OperatingSystem.IsLinux() ||
        RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64) ||
        Environment.GetEnvironmentVariable("POOLHTTP_NO_OPENAT2") is not null;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial long Syscall(long number, long dirFd, byte* path, OpenHow* how, nuint size);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int Statx(int dirFd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static unsafe partial int OpenPath(byte* path, int flags);

    /// <summary>Opens the root folder for later walks (a path-only descriptor); null where this is not supported.</summary>
    public static unsafe SafeFileHandle? OpenRoot(string root)
    {
        if (s_unsupported) return null;
        var bytes = Utf8Z(root);
        fixed (byte* p = bytes)
        {
            int fd = OpenPath(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
            return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
        }
    }

    /// <summary>Opens <paramref name="relative"/> (no leading separator) beneath <paramref name="root"/>.</summary>
    public static unsafe BeneathOutcome Open(SafeFileHandle root, string relative, out SafeFileHandle? file, out OpenFileFacts facts)
    {
        file = null;
        facts = default;
        if (s_unsupported) return BeneathOutcome.Other;
        // Per request: the path's bytes on the stack unless it is long (names up to 255 bytes, paths rarely past 1 KiB).
        int size = System.Text.Encoding.UTF8.GetMaxByteCount(relative.Length) + 1;
        Span<byte> bytes = size <= 1024 ? stackalloc byte[size] : new byte[size];
        bytes[System.Text.Encoding.UTF8.GetBytes(relative, bytes)] = 0;
        bool added = false;
        try
        {
            root.DangerousAddRef(ref added);
            long fd;
            var how = new OpenHow { Flags = O_RDONLY | O_NOCTTY | O_CLOEXEC, Resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
            fixed (byte* p = bytes)
            {
                do fd = Syscall(SYS_openat2, root.DangerousGetHandle(), p, &how, (nuint)sizeof(OpenHow));
                while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);
            }
            if (fd < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == ENOSYS) s_unsupported = true;
                return errno is ENOENT or ENOTDIR ? BeneathOutcome.Missing : BeneathOutcome.Other;
            }
            var handle = new SafeFileHandle((nint)fd, ownsHandle: true);
            byte* stx = stackalloc byte[256];
            byte empty = 0;
            if (Statx((int)fd, &empty, AT_EMPTY_PATH, VersionMask, stx) != 0 || (*(ushort*)(stx + 28) & S_IFMT) != S_IFREG)
            {
                handle.Dispose();
                return BeneathOutcome.Other;
            }
            var version = VersionOf(stx);
            facts = new OpenFileFacts(version.Length, DateTime.UnixEpoch.AddTicks(version.WrittenSeconds * TimeSpan.TicksPerSecond +
                version.WrittenNanoseconds / 100)) { Version = HasVersion(stx) ? version : null };
            file = handle;
            return BeneathOutcome.File;
        }
        finally
        {
            if (added) root.DangerousRelease();
        }
    }

    /// <summary>Whether <see cref="TryStat"/> works here.</summary>
    public static bool CanStat => !s_unsupported;

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true)]
    private static unsafe partial int Statfs(byte* path, byte* buffer);

    // f_type of file systems that keep exact change times for every write, on this machine's disks: ext2/3/4, xfs,
    // btrfs, tmpfs, overlayfs, zfs, f2fs, bcachefs. Network, FUSE and FAT file systems are not among them.
    private static readonly long[] LocalFileSystems = [0xEF53, 0x58465342, 0x9123683E, 0x01021994, 0x794C7630, 0x2FC12FC1, 0xF2F52010, 0xCA451A4E];

    /// <summary>Whether the folder is on a local file system whose change times can be trusted to move with every write.</summary>
    public static unsafe bool IsLocalFileSystem(string folder)
    {
        if (s_unsupported) return false;
        var bytes = Utf8Z(folder);
        byte* buffer = stackalloc byte[256]; // struct statfs is 120 bytes on 64-bit Linux; f_type comes first
        fixed (byte* p = bytes)
        {
            return Statfs(p, buffer) == 0 && Array.IndexOf(LocalFileSystems, *(long*)buffer) >= 0;
        }
    }

    /// <summary>The version of the regular file at an absolute path (links followed); false for anything else.</summary>
    public static unsafe bool TryStat(string fullPath, out FileVersion version)
    {
        version = default;
        int size = System.Text.Encoding.UTF8.GetMaxByteCount(fullPath.Length) + 1;
        Span<byte> bytes = size <= 1024 ? stackalloc byte[size] : new byte[size];
        bytes[System.Text.Encoding.UTF8.GetBytes(fullPath, bytes)] = 0;
        byte* stx = stackalloc byte[256];
        fixed (byte* p = bytes)
        {
            // Forced: a network or FUSE file system answers from the server, not from an attribute cache.
            if (Statx(AT_FDCWD, p, AT_STATX_FORCE_SYNC, VersionMask, stx) != 0 || (*(ushort*)(stx + 28) & S_IFMT) != S_IFREG || !HasVersion(stx)) return false;
        }
        version = VersionOf(stx);
        return true;
    }

    /// <summary>Whether the file system filled in every field of a version (stx_mask).</summary>
    private static unsafe bool HasVersion(byte* stx) => (*(uint*)stx & VersionMask) == VersionMask;

    // struct statx: ino at 32, size at 40, ctime at 96 and mtime at 112 (seconds, then nanoseconds), dev at 136 and 140.
    private static unsafe FileVersion VersionOf(byte* stx) => new(
        ((ulong)*(uint*)(stx + 136) << 32) | *(uint*)(stx + 140), *(ulong*)(stx + 32), *(long*)(stx + 40),
        *(long*)(stx + 112), *(uint*)(stx + 120), *(long*)(stx + 96), *(uint*)(stx + 104));

    private static byte[] Utf8Z(string text)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
