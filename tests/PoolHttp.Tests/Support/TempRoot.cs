using System.Text;

namespace PoolHttp.Tests.Support;

/// <summary>A served root in a fresh temp folder whose name is hostile on purpose (spaces, Unicode, %2e, a dot).</summary>
public sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        string name = "poolhttp test ü %2e." + Guid.NewGuid().ToString("N")[..8];
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

    /// <summary>Every file under the root, relative, sorted; temp files included so tests can see leftovers.</summary>
    public IReadOnlyList<string> AllFiles() => Directory
        .EnumerateFiles(Path, "*", SearchOption.AllDirectories)
        .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace(System.IO.Path.DirectorySeparatorChar, '/'))
        .OrderBy(f => f, StringComparer.Ordinal)
        .ToList();

    /// <summary>Temporary upload files left anywhere under the root.</summary>
    public IReadOnlyList<string> TempFiles() => AllFiles().Where(f => System.IO.Path.GetFileName(f).StartsWith(".poolhttp-", StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
