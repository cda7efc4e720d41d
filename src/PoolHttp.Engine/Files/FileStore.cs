using Microsoft.Win32.SafeHandles;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Files;

/// <summary>
/// The served root: the one gate every path from the wire passes (<see cref="Resolve"/>), and atomic writes
/// through hidden temporary files beside their targets.
/// </summary>
public sealed class FileStore
{
    /// <summary>Prefix of the temporary files uploads are written to; a dotfile, so never listed or served.</summary>
    public const string TempPrefix = ".poolhttp-";

    private readonly string _root;
    private readonly string _rootWithSeparator;

    /// <summary>Opens a store on an existing folder.</summary>
    public FileStore(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The root folder '{root}' does not exist.");
        _root = RealPath(Path.GetFullPath(root)).TrimEnd(Path.DirectorySeparatorChar);
        if (_root.Length == 0) _root = Path.DirectorySeparatorChar.ToString();
        _rootWithSeparator = _root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar;
    }

    /// <summary>The absolute, link-free path of the root folder.</summary>
    public string Root => _root;

    /// <summary>
    /// Maps a decoded URL path under the root. Throws <see cref="HttpError"/> 400 for a path no file could have and
    /// 403 for one that would leave the root (dot segments, drive forms, links pointing outside).
    /// </summary>
    public ResolvedPath Resolve(string urlPath)
    {
        if (!urlPath.StartsWith('/')) throw new HttpError(400, "The path must start with '/'.");
        if (urlPath.Contains('\0') || urlPath.Contains('\\')) throw new HttpError(400, "The path contains a NUL or a backslash.");
        if (urlPath == "/") return new ResolvedPath(_root, "/", IsRoot: true, IsHidden: false, HasTrailingSlash: true);
        bool trailing = urlPath.EndsWith('/');
        // Only the leading slash and one trailing slash go: "//a" and "/a//" have empty segments like "/a//b".
        string trimmed = urlPath[1..(trailing ? ^1 : ^0)];

        var segments = trimmed.Split('/');
        bool hidden = false;
        foreach (var segment in segments)
        {
            if (segment.Length == 0) throw new HttpError(400, "The path has an empty segment.");
            if (segment is "." or "..") throw new HttpError(403, "The path leaves the served root.");
            if (segment.Length >= 2 && segment[1] == ':' && char.IsAsciiLetter(segment[0]))
                throw new HttpError(403, "Drive paths are not allowed.");
            if (segment[0] == '.') hidden = true;
        }
        string full = Path.Join(_root, Path.Join(segments));
        if (!Path.GetFullPath(full).StartsWith(_rootWithSeparator, StringComparison.Ordinal))
            throw new HttpError(403, "The path leaves the served root.");
        CheckLinks(segments);
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
        var target = SafeFinalTarget(entry);
        return target is not null && Contains(target);
    }

    /// <summary>Creates a hidden temporary file in <paramref name="targetFolder"/>, creating the folders as needed.</summary>
    public (string TempPath, SafeFileHandle Handle) CreateTemp(string targetFolder, long preallocate)
    {
        Directory.CreateDirectory(targetFolder);
        string temp = Path.Join(targetFolder, TempPrefix + Guid.NewGuid().ToString("N") + ".tmp");
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

    /// <summary>Deletes a temporary file, ignoring one that is already gone.</summary>
    public static void Discard(string? tempPath)
    {
        if (tempPath is null) return;
        try { File.Delete(tempPath); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private void CheckLinks(string[] segments)
    {
        string current = _root;
        foreach (var segment in segments)
        {
            current = Path.Join(current, segment);
            FileSystemInfo info = new FileInfo(current);
            if (!info.Exists && !Directory.Exists(current))
            {
                if (info.LinkTarget is null) return; // nothing further exists; a dangling link is still checked
            }
            if (info.LinkTarget is null) continue;
            var target = SafeFinalTarget(info);
            if (target is null || !Contains(target)) throw new HttpError(403, "The path follows a link out of the served root.");
        }
    }

    private static string? SafeFinalTarget(FileSystemInfo link)
    {
        try
        {
            var target = link.ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? null : RealPath(target.FullName);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Resolves every link along an absolute path.</summary>
    private static string RealPath(string path)
    {
        string root = Path.GetPathRoot(path) ?? "/";
        string current = root;
        foreach (var part in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Join(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is null) continue;
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null) current = Path.GetFullPath(target.FullName);
        }
        return current;
    }
}
