using System.Diagnostics;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>Reads what a listing, a search or a zip shows of a folder: visible names only, links only within the root.</summary>
internal static class FolderReader
{
    /// <summary>A search stops after this many matches ...</summary>
    public const int MaxMatches = 1000;

    /// <summary>... or after looking at this many names ...</summary>
    public const int MaxVisited = 200_000;

    /// <summary>... or after this long, whichever comes first; the answer then says it is incomplete.</summary>
    public static readonly TimeSpan MaxSearchTime = TimeSpan.FromSeconds(3);

    /// <summary>The visible entries of one folder.</summary>
    public static List<ListingEntry> Read(FileStore store, string folder)
    {
        var list = new List<ListingEntry>();
        foreach (var (info, entry) in Visible(store, new DirectoryInfo(folder), string.Empty)) list.Add(entry);
        return list;
    }

    /// <summary>
    /// The entries under <paramref name="folder"/> (at any depth, breadth first) whose names contain
    /// <paramref name="text"/> (case-insensitive), named by their path relative to the folder. Hidden folders are
    /// not entered and links to folders are not followed (a loop could not end). Bounded by
    /// <see cref="MaxMatches"/>, <see cref="MaxVisited"/> and <see cref="MaxSearchTime"/>.
    /// </summary>
    public static (List<ListingEntry> Matches, bool Complete) Search(FileStore store, string folder, string text)
    {
        var matches = new List<ListingEntry>();
        var pending = new Queue<(DirectoryInfo Dir, string Prefix)>();
        pending.Enqueue((new DirectoryInfo(folder), string.Empty));
        long started = Stopwatch.GetTimestamp();
        int visited = 0;
        bool top = true;
        while (pending.Count > 0)
        {
            var (dir, prefix) = pending.Dequeue();
            IEnumerable<(FileSystemInfo, ListingEntry)> children;
            try { children = Visible(store, dir, prefix).ToList(); }
            catch (HttpError) when (!top) { continue; } // a subfolder we may not read is left out, as find does
            top = false;
            foreach (var (info, entry) in children)
            {
                if (++visited > MaxVisited || Stopwatch.GetElapsedTime(started) > MaxSearchTime) return (matches, false);
                if (info.Name.Contains(text, StringComparison.OrdinalIgnoreCase))
                {
                    matches.Add(entry);
                    if (matches.Count >= MaxMatches) return (matches, false);
                }
                if (entry.IsDirectory && info.LinkTarget is null) pending.Enqueue(((DirectoryInfo)info, entry.Name + "/"));
            }
        }
        return (matches, true);
    }

    /// <summary>Every visible file under a folder, depth first, with its path relative to it; folders too, for empty ones.</summary>
    public static IEnumerable<(FileSystemInfo Info, ListingEntry Entry)> Tree(FileStore store, string folder)
    {
        var pending = new Stack<(DirectoryInfo Dir, string Prefix)>();
        pending.Push((new DirectoryInfo(folder), string.Empty));
        bool top = true;
        while (pending.Count > 0)
        {
            var (dir, prefix) = pending.Pop();
            List<(FileSystemInfo, ListingEntry)> children;
            try { children = Visible(store, dir, prefix).ToList(); }
            catch (HttpError) when (!top) { continue; }
            top = false;
            children.Sort((a, b) => string.CompareOrdinal(a.Item2.Name, b.Item2.Name));
            for (int i = children.Count - 1; i >= 0; i--)
            {
                var (info, entry) = children[i];
                if (entry.IsDirectory && info.LinkTarget is null) pending.Push(((DirectoryInfo)info, entry.Name + "/"));
            }
            foreach (var child in children) yield return child;
        }
    }

    private static IEnumerable<(FileSystemInfo, ListingEntry)> Visible(FileStore store, DirectoryInfo dir, string prefix)
    {
        FileSystemInfo[] infos;
        try
        {
            infos = dir.GetFileSystemInfos();
        }
        catch (UnauthorizedAccessException)
        {
            throw new HttpError(403, "The folder cannot be read.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new HttpError(404, "Not found.");
        }
        foreach (var info in infos)
        {
            if (!store.IsListable(info)) continue;
            ListingEntry entry;
            try
            {
                bool isDir = (info.Attributes & FileAttributes.Directory) != 0;
                entry = new ListingEntry(prefix + info.Name, isDir, isDir ? 0 : ((FileInfo)info).Length, info.LastWriteTimeUtc);
            }
            catch (IOException) { continue; } // vanished or a dangling link: not listed
            yield return (info, entry);
        }
    }
}
