using Microsoft.Win32.SafeHandles;

namespace PoolHttp.Engine.Files;

/// <summary>
/// The served root: the one gate every path from the wire passes (<see cref="Resolve"/>), and atomic writes
/// through hidden temporary files beside their targets.
/// </summary>
public sealed class FileStore
{
    /// <summary>Prefix of the temporary files uploads are written to; a dotfile, so never listed or served.</summary>
    public const string TempPrefix = ".poolhttp-";

    /// <summary>Links followed along one path before it counts as a loop, as Linux's MAXSYMLINKS.</summary>
    private const int MaxLinks = 40;

    private readonly string _root;
    private readonly string _rootWithSeparator;

    /// <summary>Opens a store on an existing folder.</summary>
    public FileStore(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The root folder '{root}' does not exist.");
        _root = (RealPath(Path.GetFullPath(root)) ?? throw new IOException($"The root folder '{root}' is a link loop."))
            .TrimEnd(Path.DirectorySeparatorChar);
        if (_root.Length == 0) _root = Path.DirectorySeparatorChar.ToString();
        _rootWithSeparator = _root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar;
        SmallFiles = SmallFileCache.CreateIfSupported(_root);
    }

    /// <summary>The absolute, link-free path of the root folder.</summary>
    public string Root => _root;

    /// <summary>Small files answered from memory while unchanged (GET); null where not supported or turned off.</summary>
    internal SmallFileCache? SmallFiles { get; set; }

    /// <summary>
    /// Maps a decoded URL path under the root. Throws <see cref="PathRefusal"/> for a path no file could have and for
    /// one that would leave the root (dot segments, drive forms, links pointing outside).
    /// </summary>
    /// <remarks>Paths from the wire arrive normalized (<c>RequestTarget</c> merges slashes and removes dot segments),
    /// so a "." or ".." or an empty segment here is one that normalizing could not remove: a ".." above the root.</remarks>
    public ResolvedPath Resolve(string urlPath)
    {
        var path = ResolveLexically(urlPath);
        if (!path.IsRoot) CheckLinks(path.FullPath);
        return path;
    }

    /// <summary>
    /// <see cref="Resolve"/> without the link check: every refusal that needs no file-system call. Only for a caller
    /// that then opens with <see cref="OpenBeneath"/> (whose walk the kernel confines) or calls <see cref="CheckLinks"/>.
    /// </summary>
    public ResolvedPath ResolveLexically(string urlPath)
    {
        if (!urlPath.StartsWith('/')) throw Malformed("The path must start with '/'.");
        if (urlPath.Contains('\0') || urlPath.Contains('\\')) throw Malformed("The path contains a NUL or a backslash.");
        if (urlPath == "/") return new ResolvedPath(_root, "/", IsRoot: true, IsHidden: false, HasTrailingSlash: true);
        bool trailing = urlPath.EndsWith('/');
        // Only the leading slash and one trailing slash go: "//a" and "/a//" have empty segments like "/a//b".
        string trimmed = urlPath[1..(trailing ? ^1 : ^0)];

        var segments = trimmed.Split('/');
        bool hidden = false;
        foreach (var segment in segments)
        {
            if (segment.Length == 0) throw Malformed("The path has an empty segment.");
            if (segment is "." or "..") throw OutsideRoot("The path leaves the served root.");
            if (IsDriveForm(segment)) throw OutsideRoot("Drive paths are not allowed.");
            if (segment[0] == '.') hidden = true;
        }
        string full = Path.Join(_root, Path.Join(segments));
        if (!Path.GetFullPath(full).StartsWith(_rootWithSeparator, StringComparison.Ordinal))
            throw OutsideRoot("The path leaves the served root.");
        return new ResolvedPath(full, urlPath, IsRoot: false, hidden, trailing);
    }

    /// <summary>True when an absolute path is the root or inside it.</summary>
    public bool Contains(string fullPath) =>
        fullPath == _root || fullPath.StartsWith(_rootWithSeparator, StringComparison.Ordinal);

    /// <summary>True when a listed entry may be shown: visible, and any link it is stays inside the root.</summary>
    public bool IsListable(FileSystemInfo entry)
    {
        if (entry.Name.StartsWith('.')) return false;
        if (entry.LinkTarget is null) return true;
        var target = SafeRealPath(entry.FullName, _root, _rootWithSeparator);
        return target is not null && Contains(target);
    }

    /// <summary>
    /// Called with a folder before a temporary file is first created in it, so that a supervisor can remove what a
    /// killed worker process leaves behind (see <see cref="RemoveTempsOf"/>).
    /// </summary>
    public Action<string>? TempFolderUsed { get; init; }

    /// <summary>The temporary-file name prefix of this process: dotted (hidden) and carrying the PID.</summary>
    public static string TempPrefixOf(int pid) => TempPrefix + pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-";

    /// <summary>Creates a hidden temporary file in <paramref name="targetFolder"/>, creating the folders as needed.</summary>
    public (string TempPath, SafeFileHandle Handle) CreateTemp(string targetFolder, long preallocate)
    {
        Directory.CreateDirectory(targetFolder);
        TempFolderUsed?.Invoke(targetFolder);
        string temp = Path.Join(targetFolder, TempPrefixOf(Environment.ProcessId) + Guid.NewGuid().ToString("N") + ".tmp");
        var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocate);
        return (temp, handle);
    }

    /// <summary>Moves a finished temporary file into place; false when <paramref name="overwrite"/> is off and the target exists.</summary>
    public static bool Commit(string tempPath, string target, bool overwrite)
    {
        try
        {
            File.Move(tempPath, target, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(target))
        {
            return false;
        }
    }

    /// <summary>Deletes the temporary files process <paramref name="pid"/> left in <paramref name="folder"/> (it died mid-upload).</summary>
    public static void RemoveTempsOf(int pid, string folder)
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, TempPrefixOf(pid) + "*.tmp")) Discard(file);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Deletes a temporary file, ignoring one that is already gone.</summary>
    public static void Discard(string? tempPath)
    {
        if (tempPath is null) return;
        try { File.Delete(tempPath); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// A bare drive ("C:") on any system; on Windows any colon, which there makes a drive-relative path or names a
    /// data stream. Elsewhere "a:b.txt" is an ordinary name, and clients such as rclone ask for such names.
    /// </summary>
    private static bool IsDriveForm(string segment) =>
        (segment.Length == 2 && segment[1] == ':' && char.IsAsciiLetter(segment[0])) ||
        (OperatingSystem.IsWindows() && segment.Contains(':', StringComparison.Ordinal));

    private static PathRefusal Malformed(string detail) => new(PathRefusalReason.Malformed, detail);

    private static PathRefusal OutsideRoot(string detail) => new(PathRefusalReason.OutsideRoot, detail);

    /// <summary>
    /// Opens a regular file for reading in two calls where the kernel can keep the walk under the root (Linux);
    /// <see cref="BeneathOutcome.Other"/> sends the caller to <see cref="CheckLinks"/> and the ordinary calls.
    /// </summary>
    public BeneathOutcome OpenBeneath(ResolvedPath path, out SafeFileHandle? file, out OpenFileFacts facts)
    {
        ArgumentNullException.ThrowIfNull(path);
        file = null;
        facts = default;
        if (path.IsRoot) return BeneathOutcome.Other;
        var root = _rootHandle ??= BeneathOpen.OpenRoot(_root) ?? NoRoot;
        if (root == NoRoot) return BeneathOutcome.Other;
        return BeneathOpen.Open(root, path.FullPath[_rootWithSeparator.Length..], out file, out facts);
    }

    private static readonly SafeFileHandle NoRoot = new();
    private SafeFileHandle? _rootHandle;

    /// <summary>Throws <see cref="PathRefusal"/> when a link along <paramref name="full"/> leads out of the root.</summary>
    public void CheckLinks(string full)
    {
        var real = SafeRealPath(full, _root, _rootWithSeparator);
        if (real is null || !Contains(real)) throw new PathRefusal(PathRefusalReason.LinkOutsideRoot, "The path follows a link out of the served root.");
    }

    private static string? SafeRealPath(string path, string? realPrefix = null, string? realPrefixWithSeparator = null)
    {
        try { return RealPath(path, realPrefix, realPrefixWithSeparator); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// Resolves every link along an absolute path as the kernel does: a link is replaced by its target, which is
    /// resolved in turn, and ".." steps out of the folder reached so far. Normalizing a link's target text instead
    /// would read "link/../x" as "x" when the kernel goes to the parent of wherever "link" points. Parts that do
    /// not exist are kept as written. Null when the links loop.
    /// </summary>
    /// <remarks>A path under <paramref name="realPrefix"/> (the root, resolved once at start) is walked from there:
    /// one readlink per segment below the root rather than per segment from "/", on every request.</remarks>
    private static string? RealPath(string path, string? realPrefix = null, string? realPrefixWithSeparator = null)
    {
        bool under = realPrefixWithSeparator is not null && path.StartsWith(realPrefixWithSeparator, StringComparison.Ordinal);
        string current = under ? realPrefix! : Path.GetPathRoot(path) ?? "/";
        var pending = new Stack<string>();
        Push(pending, path[(under ? realPrefixWithSeparator!.Length : current.Length)..]);
        int links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            string next = Path.Join(current, part);
            string? target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) return null;
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }
            Push(pending, target);
        }
        return current;
    }

    private static void Push(Stack<string> pending, string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }
}
