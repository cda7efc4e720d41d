using System.Text;

namespace PoolHttp.Tests.Support;

/// <summary>A served root in a fresh temp folder whose name is hostile on purpose (spaces, Unicode, %2e, a dot, a newline).</summary>
public sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        string newline = OperatingSystem.IsWindows() ? "" : "\n";
        string name = "poolhttp test ü %2e." + newline + Guid.NewGuid().ToString("N")[..8];
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), name);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Full path of a file under the root.</summary>
    public string File(string relative) => System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Writes a file (creating folders) and returns its full path.</summary>
    public string Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    public string Write(string relative, byte[] content)
    {
        string full = File(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    /// <summary>The bytes of a file under the root.</summary>
    public byte[] Read(string relative) => System.IO.File.ReadAllBytes(File(relative));

    /// <summary>True when a file (not a folder) exists under the root.</summary>
    public bool Exists(string relative) => System.IO.File.Exists(File(relative));

    /// <summary>Every file under the root, relative, sorted; temp files included so tests can see leftovers.</summary>
    public IReadOnlyList<string> AllFiles() => Directory
        .EnumerateFiles(Path, "*", SearchOption.AllDirectories)
        .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace(System.IO.Path.DirectorySeparatorChar, '/'))
        .OrderBy(f => f, StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// Every entry under the root as "path|kind|SHA-256" lines, sorted, without following links: two equal
    /// snapshots mean nothing was created, changed or deleted in between.
    /// </summary>
    public IReadOnlyList<string> Snapshot() => SnapshotOf(Path);

    /// <summary>The <see cref="Snapshot"/> of any folder, for roots a test sees from elsewhere (another mount namespace).</summary>
    public static IReadOnlyList<string> SnapshotOf(string path)
    {
        var lines = new List<string>();
        Walk(path, new DirectoryInfo(path), lines);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static void Walk(string root, DirectoryInfo folder, List<string> lines)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            string relative = System.IO.Path.GetRelativePath(root, entry.FullName);
            if (entry.LinkTarget is not null) lines.Add($"{relative}|link|{entry.LinkTarget}");
            else if (entry is DirectoryInfo dir)
            {
                lines.Add($"{relative}|dir|");
                Walk(root, dir, lines);
            }
            else lines.Add($"{relative}|file|{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(entry.FullName)))}");
        }
    }

    /// <summary>Temporary upload files left anywhere under the root.</summary>
    public IReadOnlyList<string> TempFiles() => AllFiles().Where(f => System.IO.Path.GetFileName(f).StartsWith(".poolhttp-", StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
