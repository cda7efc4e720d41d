using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// MKCOL: creates one folder (RFC 4918 9.3): 201; 405 when something exists there; 409 when the parent folder is
/// missing; 415 with a body (we know no body format for it). The one implementation of folder creation.
/// </summary>
internal static class MkcolHandler
{
    public static void Handle(Connection c, RequestTarget target)
    {
        bool unread = c.Head.HasBody;
        var path = c.Server.Store.Resolve(target.Path);
        Refusals.HiddenWrite(path, unread);
        if (path.IsRoot || Directory.Exists(path.FullPath) || File.Exists(path.FullPath))
            throw new HttpError(405, "Something already exists at this name.", unread).With("Allow", "GET, HEAD, OPTIONS, PUT, DELETE");
        if (!Directory.Exists(path.ParentPath))
            throw new HttpError(409, "The parent folder does not exist; create it first.", unread);
        if (unread) throw new HttpError(415, "MKCOL takes no request body.", closeConnection: true);
        DavConditions.Enforce(c, path.UrlPath, membership: true, subtree: false);
        Upload.CheckNames(path.FullPath, bodyUnread: false);
        try
        {
            Directory.CreateDirectory(path.FullPath);
        }
        catch (IOException e)
        {
            throw Upload.DiskError(e);
        }
        catch (UnauthorizedAccessException)
        {
            throw new HttpError(500, "The server may not create that folder.");
        }
        if (c.Server.Options.WebDav) c.Server.Dav.DeleteProperties(path.UrlPath); // left by a folder removed outside the server
        c.Respond(201, Connection.Utf8("Created\n"), "text/plain; charset=utf-8",
            new[] { new KeyValuePair<string, string>("Location", DavHandler.Href(path.UrlPath, collection: true)) });
    }
}
