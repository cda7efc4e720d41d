using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace PoolHttp.Engine.Files;

/// <summary>
/// What WebDAV keeps beside the files: dead properties and locks, in the hidden folder <see cref="FolderName"/> under
/// the root. Everything lives on disk and every change is a temporary file renamed into place under one exclusive
/// file lock (<see cref="Exclusive"/>), so the worker threads of one server and the child processes of a process
/// pool see one state, and it survives a restart. The folder starts with '.', so it is never listed, served or
/// written over HTTP.
/// </summary>
/// <remarks>
/// Properties mirror the tree: those of <c>/a/b.txt</c> are in <c>props/a/b.txt/.self</c>, so a folder's properties and
/// its members' move, copy and vanish with one folder operation. <c>.self</c> starts with '.', which no resource name
/// can (hidden names are not writable), so it never collides with a member. Locks are one small file of lines.
/// </remarks>
public sealed partial class DavStore
{
    /// <summary>The hidden folder under the root.</summary>
    public const string FolderName = ".poolhttp.dav";

    private const string SelfName = ".self";
    private static readonly TimeSpan MutexWait = TimeSpan.FromSeconds(15);

    private readonly string _folder;
    private readonly string _props;
    private readonly string _locks;

    /// <summary>A store for the root of <paramref name="files"/>; nothing is created until something is kept.</summary>
    public DavStore(FileStore files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _folder = Path.Join(files.Root, FolderName);
        _props = Path.Join(_folder, "props");
        _locks = Path.Join(_folder, "locks");
    }

    /// <summary>
    /// Takes the store's exclusive lock, an flock on <c>mutex</c> through a descriptor of its own (so it excludes other
    /// threads as well as other processes, and a process that dies releases it); dispose to release. Waits while
    /// another holder has it. An explicit flock because the server's hosts switch .NET's FileShare locking off.
    /// </summary>
    public IDisposable Exclusive()
    {
        Directory.CreateDirectory(_folder);
        var deadline = DateTime.UtcNow + MutexWait;
        var stream = OpenMutex(deadline);
        if (OperatingSystem.IsWindows()) return stream;
        int fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        while (Flock(fd, LockExclusive | LockNonBlocking) != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                stream.Dispose();
                throw new IOException("The WebDAV store stayed locked by another worker.");
            }
            Thread.Sleep(1);
        }
        return stream; // closing the descriptor releases the flock
    }

    private const int LockExclusive = 2, LockNonBlocking = 4;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    /// <summary>
    /// Opens the mutex file without sharing. Where .NET's own FileShare locking is on (Windows; Unix unless switched
    /// off) that alone excludes, and a share-none open is the only kind that does not take a shared flock which would
    /// block the exclusive one; where it is off, the explicit flock that follows does the work.
    /// </summary>
    private FileStream OpenMutex(DateTime deadline)
    {
        while (true)
        {
            try
            {
                return new FileStream(Path.Join(_folder, "mutex"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(1);
            }
        }
    }

    // ---- dead properties ----

    /// <summary>The dead properties of a resource (each element is the property with its value); empty when none.</summary>
    public IReadOnlyList<XElement> ReadProperties(string urlPath)
    {
        string file = SelfOf(urlPath);
        try
        {
            // A stream, not XElement.Load(path): that reads the path as a URI and would decode a "%2e" in it.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return XElement.Load(stream).Elements().ToList();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or System.Xml.XmlException)
        {
            return Array.Empty<XElement>();
        }
    }

    /// <summary>Replaces the dead properties of a resource (call under <see cref="Exclusive"/>); none removes the file.</summary>
    public void WriteProperties(string urlPath, IReadOnlyCollection<XElement> properties)
    {
        string file = SelfOf(urlPath);
        if (properties.Count == 0)
        {
            FileStore.Discard(file);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var doc = new XElement("props", properties);
        WriteAtomically(file, doc.ToString(SaveOptions.DisableFormatting));
    }

    /// <summary>Removes the properties of a resource and of everything under it.</summary>
    public void DeleteProperties(string urlPath)
    {
        string folder = FolderOf(urlPath);
        try
        {
            if (DavPaths.Key(urlPath) == "/") Directory.Delete(folder, recursive: true);
            else if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException) { }
    }

    /// <summary>Moves the properties of a resource and its members to a new path (replacing what was there).</summary>
    public void MoveProperties(string from, string to)
    {
        DeleteProperties(to);
        string source = FolderOf(from);
        if (!Directory.Exists(source)) return;
        string target = FolderOf(to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(source, target);
    }

    /// <summary>Copies the properties of a resource, and of its members when <paramref name="members"/> is true.</summary>
    public void CopyProperties(string from, string to, bool members)
    {
        DeleteProperties(to);
        string source = FolderOf(from);
        if (!Directory.Exists(source)) return;
        CopyTree(source, FolderOf(to), members);
    }

    private static void CopyTree(string source, string target, bool members)
    {
        Directory.CreateDirectory(target);
        string self = Path.Join(source, SelfName);
        if (File.Exists(self)) File.Copy(self, Path.Join(target, SelfName), overwrite: true);
        if (!members) return;
        foreach (var dir in Directory.EnumerateDirectories(source))
            CopyTree(dir, Path.Join(target, Path.GetFileName(dir)), members: true);
    }

    private string FolderOf(string urlPath)
    {
        string key = DavPaths.Key(urlPath);
        return key == "/" ? _props : Path.Join(_props, Path.Join(key[1..].Split('/')));
    }

    private string SelfOf(string urlPath) => Path.Join(FolderOf(urlPath), SelfName);

    // ---- locks ----

    /// <summary>The locks in force now (lapsed ones left out).</summary>
    public IReadOnlyList<DavLock> ReadLocks()
    {
        string text;
        try
        {
            text = File.ReadAllText(_locks, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Array.Empty<DavLock>();
        }
        var now = DateTime.UtcNow;
        var locks = new List<DavLock>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Parse(line) is { } l && l.ExpiresUtc > now) locks.Add(l);
        }
        return locks;
    }

    /// <summary>Replaces the lock list (call under <see cref="Exclusive"/>).</summary>
    public void WriteLocks(IEnumerable<DavLock> locks)
    {
        Directory.CreateDirectory(_folder);
        var sb = new StringBuilder();
        foreach (var l in locks)
        {
            sb.Append(l.Token).Append('\t').Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(l.Path))).Append('\t')
              .Append(l.Infinite ? '1' : '0').Append('\t').Append(l.Exclusive ? '1' : '0').Append('\t')
              .Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(l.Owner))).Append('\t')
              .Append(l.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(l.ExpiresUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        WriteAtomically(_locks, sb.ToString());
    }

    private static DavLock? Parse(string line)
    {
        var f = line.Split('\t');
        if (f.Length != 7) return null;
        try
        {
            return new DavLock(f[0], Encoding.UTF8.GetString(Convert.FromBase64String(f[1])), f[2] == "1", f[3] == "1",
                Encoding.UTF8.GetString(Convert.FromBase64String(f[4])), long.Parse(f[5], CultureInfo.InvariantCulture),
                new DateTime(long.Parse(f[6], CultureInfo.InvariantCulture), DateTimeKind.Utc));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void WriteAtomically(string file, string text)
    {
        string temp = file + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(false));
            File.Move(temp, file, overwrite: true);
        }
        finally
        {
            FileStore.Discard(temp);
        }
    }
}
