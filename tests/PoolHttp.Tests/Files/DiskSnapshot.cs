namespace PoolHttp.Tests.Files;

/// <summary>Every entry under a folder (links listed, never followed), to prove that an operation left the disk as it was.</summary>
public static class DiskSnapshot
{
    public static IReadOnlyList<string> Of(params string[] folders)
    {
        var entries = new List<string>();
        foreach (var folder in folders) Walk(folder, folder, entries);
        entries.Sort(StringComparer.Ordinal);
        return entries;
    }

    private static void Walk(string top, string folder, List<string> entries)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(folder))
        {
            var info = new FileInfo(path);
            bool link = info.LinkTarget is not null;
            bool dir = !link && Directory.Exists(path);
            long size = !link && !dir ? info.Length : 0;
            entries.Add($"{top}|{Path.GetRelativePath(top, path)}|{(link ? "link->" + info.LinkTarget : dir ? "dir" : "file:" + size)}");
            if (dir) Walk(top, path, entries);
        }
    }
}
