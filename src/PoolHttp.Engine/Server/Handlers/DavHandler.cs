using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// WebDAV (RFC 4918, class 1 and 2) on the same store and rules as the other methods: paths through
/// <see cref="FileStore.Resolve"/>, hidden names neither listed nor reachable, writes through temporary files.
/// </summary>
internal static class DavHandler
{
    /// <summary>The methods only a WebDAV server answers (MKCOL is served either way).</summary>
    public const string Methods = "PROPFIND, PROPPATCH, COPY, MOVE, LOCK, UNLOCK";

    /// <summary>The value of the <c>DAV</c> header: class 1 and 2.</summary>
    public const string Compliance = "1, 2";

    /// <summary>True for the methods <see cref="Handle"/> serves.</summary>
    public static bool Serves(string method) => method is "PROPFIND" or "PROPPATCH" or "COPY" or "MOVE" or "LOCK" or "UNLOCK";

    /// <summary>Serves one WebDAV request.</summary>
    public static void Handle(Connection c, RequestTarget target)
    {
        switch (c.Head.Method)
        {
            case "PROPFIND": DavPropfind.Handle(c, target); break;
            case "PROPPATCH": DavProppatch.Handle(c, target); break;
            case "COPY" or "MOVE": DavCopyMove.Handle(c, target); break;
            case "LOCK": DavLockHandler.Lock(c, target); break;
            default: DavLockHandler.Unlock(c, target); break;
        }
    }

    /// <summary>The href of a resource: its path percent-encoded segment by segment (a ':' too), a folder with its slash.</summary>
    public static string Href(string urlPath, bool collection)
    {
        string key = DavPaths.Key(urlPath);
        string href = RequestTarget.Escape(key);
        return collection && key != "/" ? href + "/" : href;
    }

    /// <summary>The Depth header: 0, 1 or <see cref="int.MaxValue"/> (infinity); <paramref name="absent"/> when missing; 400 otherwise.</summary>
    public static int Depth(Connection c, int absent)
    {
        string? value = c.Head.Get("Depth")?.Trim();
        return value switch
        {
            null => absent,
            "0" => 0,
            "1" => 1,
            _ when string.Equals(value, "infinity", StringComparison.OrdinalIgnoreCase) => int.MaxValue,
            _ => throw new HttpError(400, "The Depth header must be 0, 1 or infinity.", c.Head.HasBody),
        };
    }

    /// <summary>Resolves a path that WebDAV may touch: a hidden name is not there (404), as for GET.</summary>
    public static ResolvedPath Visible(Connection c, RequestTarget target)
    {
        var path = c.Server.Store.Resolve(target.Path);
        if (path.IsHidden) throw new HttpError(404, "Not found.", c.Head.HasBody);
        return path;
    }

    /// <summary>True when a file or a folder is at the path (a file named with a trailing slash is not).</summary>
    public static bool Exists(ResolvedPath path) =>
        Directory.Exists(path.FullPath) || (!path.HasTrailingSlash && File.Exists(path.FullPath));
}
