namespace PoolHttp.Engine.Files;

/// <summary>A URL path mapped onto the file system, proven to stay under the root.</summary>
/// <param name="FullPath">The absolute file-system path (no trailing separator).</param>
/// <param name="UrlPath">The decoded URL path it came from.</param>
/// <param name="IsRoot">True when the path names the root folder itself.</param>
/// <param name="IsHidden">True when any segment starts with '.'.</param>
/// <param name="HasTrailingSlash">True when the URL path ended with '/'.</param>
public sealed record ResolvedPath(string FullPath, string UrlPath, bool IsRoot, bool IsHidden, bool HasTrailingSlash)
{
    /// <summary>The last segment of the path (the file or folder name), empty for the root.</summary>
    public string Name => IsRoot ? string.Empty : Path.GetFileName(FullPath);

    /// <summary>The folder that holds this path.</summary>
    public string ParentPath => Path.GetDirectoryName(FullPath)!;
}
