namespace PoolHttp.Engine.Client;

/// <summary>
/// A local path as people type it: one that ends with a separator names a folder (put the file in it), even when
/// that folder does not exist yet, which then fails as missing instead of becoming a file name.
/// </summary>
public static class LocalPath
{
    /// <summary>True when <paramref name="path"/> ends with a directory separator (either kind).</summary>
    public static bool EndsWithSeparator(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar);
    }

    /// <summary>
    /// <paramref name="resolved"/>, the full path made of <paramref name="typed"/> (resolving drops a trailing
    /// separator), still ending with a separator when the typed path did, so that it still names a folder.
    /// </summary>
    public static string KeepTrailingSeparator(string typed, string resolved)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(resolved);
        return EndsWithSeparator(typed) && !EndsWithSeparator(resolved) ? resolved + Path.DirectorySeparatorChar : resolved;
    }
}
