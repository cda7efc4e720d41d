using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>DELETE: files, empty folders, and whole trees on request; never the root.</summary>
internal static class DeleteHandler
{
    public static void Handle(Connection c, RequestTarget target)
    {
        bool unread = c.Head.HasBody;
        var path = c.Server.Store.Resolve(target.Path);
        if (path.IsRoot) throw new HttpError(403, "The served root cannot be deleted.", unread);
        Refusals.HiddenWrite(path, unread);
        if (unread) c.CloseAfter();
        // A missing target is 404 whatever its conditions say (RFC 9110 13.2.1): they are judged only when it exists.
        var current = FileValidators.Of(path);
        if (current.Exists) Preconditions.NotModified(c.Head, current, unread);
        // WebDAV deletes a folder with its members (RFC 4918 9.6.1); ?recursive=false still asks for the 409.
        string? asked = target.QueryValue("recursive");
        bool recursive = string.Equals(asked, "true", StringComparison.OrdinalIgnoreCase) || (c.Server.Options.WebDav && asked is null);
        try
        {
            if (Directory.Exists(path.FullPath))
            {
                if (new FileInfo(path.FullPath).LinkTarget is not null) File.Delete(path.FullPath);
                else if (recursive) Directory.Delete(path.FullPath, recursive: true);
                else if (Directory.EnumerateFileSystemEntries(path.FullPath).Any())
                    throw new HttpError(409, "The folder is not empty; add ?recursive=true to delete it with its contents.");
                else Directory.Delete(path.FullPath);
            }
            else if (File.Exists(path.FullPath) && !path.HasTrailingSlash) File.Delete(path.FullPath);
            else throw new HttpError(404, "Not found.");
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw Refusal(e, path.FullPath, recursive);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new HttpError(404, "Not found.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new HttpError(403, "The server may not delete that.");
        }
        DavLockHandler.Deleted(c, path.UrlPath);
        c.Respond(204, ReadOnlySpan<byte>.Empty, null);
    }

    private const int EROFS = 30;

    /// <summary>
    /// Only a folder that filled up before a plain delete reached it is the request's fault (409). Anything else is
    /// the disk refusing, and a 4xx would tell the client to change a request that was right: a 500.
    /// </summary>
    private static HttpError Refusal(IOException e, string fullPath, bool recursive)
    {
        if (!recursive && Directory.Exists(fullPath) && Directory.EnumerateFileSystemEntries(fullPath).Any())
            return new HttpError(409, "The folder is not empty; add ?recursive=true to delete it with its contents.");
        return (e.HResult & 0xFFFF) == EROFS
            ? new HttpError(500, "The server's disk is read-only; nothing was deleted.")
            : new HttpError(500, "The server's disk refused to delete it.");
    }
}
