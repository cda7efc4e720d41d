using System.Runtime.InteropServices;
using System.Text;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>Streams an upload into a hidden temporary file beside its target.</summary>
internal static partial class Upload
{
    private const int EEXIST = 17;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeLink(string existing, string newPath);

    /// <summary>
    /// The upload buffer. It is filled with what has arrived before it is written: the disk then takes few large
    /// writes (a 100 MB upload went from about 730 writes of 137 KB to a fifth as many), as nginx's 1 MiB body buffer
    /// does.
    /// </summary>
    public const int CopyBufferSize = 512 * 1024;

    /// <summary>Writes every chunk to a new temporary file in <paramref name="folder"/> and returns its path and length.
    /// On any failure the temporary file is removed and the exception propagates (disk errors as 507/500).</summary>
    public static (string TempPath, long Length) ToTemp(FileStore store, string folder, long preallocate, ChunkSource next)
    {
        string? temp = null;
        bool ok = false;
        try
        {
            var (path, handle) = store.CreateTemp(folder, preallocate);
            temp = path;
            long offset = 0;
            using (handle)
            {
                while (true)
                {
                    var chunk = next();
                    if (chunk.IsEmpty) break;
                    RandomAccess.Write(handle, chunk, offset);
                    offset += chunk.Length;
                }
            }
            ok = true;
            return (temp, offset);
        }
        catch (IOException) when (temp is null && preallocate > 0 && !HasRoom(folder, preallocate))
        {
            // .NET reports a refused preallocation (ENOSPC) without its errno: ask the disk what it has left.
            throw new HttpError(507, "The server's disk has no room for the announced length; nothing was stored.", closeConnection: true);
        }
        catch (IOException e)
        {
            throw DiskError(e);
        }
        catch (UnauthorizedAccessException)
        {
            throw new HttpError(500, "The server may not write to that folder.", closeConnection: true);
        }
        finally
        {
            if (!ok) FileStore.Discard(temp);
        }
    }

    private static bool HasRoom(string folder, long length)
    {
        try { return new DriveInfo(folder).AvailableFreeSpace >= length; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return true; }
    }

    /// <summary>A source that reads the request body into a pooled buffer; dispose the returned lease after use.</summary>
    public static (ChunkSource Source, IDisposable Lease) FromBody(Connection c)
    {
        var lease = new BufferLease(CopyBufferSize);
        c.ReadBodyInPieces(CopyBufferSize);
        return (() =>
        {
            var buffer = lease.Buffer;
            int n = c.ReadBody(buffer);
            while (n > 0 && n < buffer.Length && c.ReadBodyNow(buffer.AsSpan(n)) is int more and > 0) n += more;
            return buffer.AsSpan(0, n);
        }, lease);
    }

    /// <summary>The longest file or folder name (in UTF-8 bytes) that common file systems hold.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The longest whole path (in UTF-8 bytes) we create: Linux's PATH_MAX less its terminating NUL.</summary>
    public const int MaxPathBytes = 4095;

    /// <summary>
    /// Refuses, before any folder is created or body byte read, a full path that no file system here could store:
    /// otherwise the refusal would come half-way, after parent folders were made.
    /// </summary>
    public static void CheckNames(string fullPath, bool bodyUnread)
    {
        if (Encoding.UTF8.GetByteCount(fullPath) > MaxPathBytes)
            throw new HttpError(400, $"The path is longer than {MaxPathBytes} bytes on the server's disk.", bodyUnread);
        foreach (var segment in fullPath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
        {
            if (Encoding.UTF8.GetByteCount(segment) > MaxNameBytes)
                throw new HttpError(400, $"A file or folder name is longer than {MaxNameBytes} bytes.", bodyUnread);
        }
    }

    /// <summary>
    /// Renames a finished temporary file into place (see <see cref="FileStore.Commit"/>). When the rename fails the
    /// temporary file is removed and the failure becomes a 4xx/5xx, so nothing partial is ever left.
    /// </summary>
    public static bool Commit(string temp, string target, bool overwrite)
    {
        bool done = false;
        try
        {
            done = overwrite ? FileStore.Commit(temp, target, overwrite: true) : CommitIfAbsent(temp, target);
            return done;
        }
        catch (PathTooLongException)
        {
            throw new HttpError(400, "The file name is too long for the server's file system.");
        }
        catch (IOException) when (Directory.Exists(target))
        {
            throw new HttpError(409, "A folder of that name was created while the upload arrived; nothing was stored.");
        }
        catch (IOException e)
        {
            throw DiskError(e);
        }
        catch (UnauthorizedAccessException)
        {
            throw new HttpError(500, "The server may not write that file; nothing was stored.");
        }
        finally
        {
            if (!done) FileStore.Discard(temp);
        }
    }

    /// <summary>
    /// Moves a temporary file to a target that must not exist yet, atomically. .NET's File.Move without overwrite
    /// checks and then renames on Unix, so two uploads with If-None-Match: * could both "create" the file; a hard
    /// link fails with EEXIST instead, and only one of them wins.
    /// </summary>
    private static bool CommitIfAbsent(string temp, string target)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return FileStore.Commit(temp, target, overwrite: false);
        if (NativeLink(temp, target) == 0)
        {
            FileStore.Discard(temp);
            return true;
        }
        if (Marshal.GetLastPInvokeError() == EEXIST) return false;
        return FileStore.Commit(temp, target, overwrite: false); // no hard links here: the best the platform offers
    }

    /// <summary>Creates the folders above a target; a file in the way is a conflict, any other refusal the disk's.</summary>
    public static void EnsureFolder(string folder, bool bodyUnread)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (IOException) when (FileInTheWay(folder))
        {
            throw new HttpError(409, "A file stands where a folder of the path would be.", bodyUnread);
        }
        catch (IOException e)
        {
            throw DiskError(e);
        }
        catch (UnauthorizedAccessException)
        {
            throw new HttpError(500, "The server may not create that folder.", bodyUnread);
        }
    }

    private static bool FileInTheWay(string folder)
    {
        for (string? dir = folder; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir)) return true;
        }
        return false;
    }

    private const int EROFS = 30;

    /// <summary>Maps a file-system failure during a write to the contract's 507 (no space) or 500.</summary>
    public static HttpError DiskError(IOException e)
    {
        int code = e.HResult & 0xFFFF;
        bool full = code is 28 or 122 or 112 or 39 || e.Message.Contains("space", StringComparison.OrdinalIgnoreCase);
        if (full) return new HttpError(507, "The server's disk is full; nothing was stored.", closeConnection: true);
        return code == EROFS
            ? new HttpError(500, "The server's disk is read-only; nothing was stored.", closeConnection: true)
            : new HttpError(500, "The server could not write the file; nothing was stored.", closeConnection: true);
    }
}
