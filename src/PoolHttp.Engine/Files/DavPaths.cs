namespace PoolHttp.Engine.Files;

/// <summary>Decoded URL paths as the WebDAV stores key them: no trailing slash, "/" for the root.</summary>
public static class DavPaths
{
    /// <summary>The key of a URL path: a trailing slash removed (a folder and its slash form are one resource).</summary>
    public static string Key(string urlPath) => urlPath.Length > 1 && urlPath.EndsWith('/') ? urlPath[..^1] : urlPath;

    /// <summary>True when <paramref name="path"/> lies strictly inside the folder <paramref name="folder"/>.</summary>
    public static bool IsInside(string path, string folder)
    {
        path = Key(path);
        folder = Key(folder);
        if (folder == "/") return path != "/";
        return path.Length > folder.Length + 1 && path.StartsWith(folder, StringComparison.Ordinal) && path[folder.Length] == '/';
    }

    /// <summary>The key of the folder holding <paramref name="path"/>; "/" for a top-level name and for the root.</summary>
    public static string Parent(string path)
    {
        path = Key(path);
        int slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
