using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>The lock rule for the plain write methods (PUT, POST, DELETE) on a WebDAV server: 423 without the token.</summary>
internal static class DavWrites
{
    public static void Enforce(Connection c, RequestTarget target)
    {
        if (!c.Server.Options.WebDav) return;
        var path = c.Server.Store.Resolve(target.Path);
        if (path.IsHidden) return; // the handler refuses it
        bool folder = Directory.Exists(path.FullPath);
        switch (c.Head.Method)
        {
            case "DELETE":
                DavConditions.Enforce(c, path.UrlPath, membership: true, subtree: true);
                break;
            case "POST" when folder:
                // A multipart upload adds members to the folder: its own locks count.
                DavConditions.Enforce(c, path.UrlPath, membership: false, subtree: false);
                break;
            default:
                bool creates = !folder && !File.Exists(path.FullPath);
                DavConditions.Enforce(c, path.UrlPath, membership: creates, subtree: false);
                // A new file starts without properties, even if one of its name was removed outside the server.
                if (creates) c.Server.Dav.DeleteProperties(path.UrlPath);
                break;
        }
    }
}
