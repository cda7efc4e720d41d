using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>PUT (and POST of a plain body): an atomic upload to one file.</summary>
internal static class PutHandler
{
    public static void Handle(Connection c, RequestTarget target) => Store(c, c.Server.Store.Resolve(target.Path));

    public static void Store(Connection c, ResolvedPath path)
    {
        var head = c.Head;
        bool unread = head.HasBody;
        Refusals.HiddenWrite(path, unread);
        if (path.IsRoot || path.HasTrailingSlash || Directory.Exists(path.FullPath))
            throw new HttpError(409, "The target is a folder; upload to a file name inside it.", unread);
        var current = FileValidators.Of(path);
        Preconditions.NotModified(head, current, unread);
        bool noOverwrite = head.GetList("If-None-Match")?.Trim() == "*";
        bool existed = current.Exists;
        Refusals.BodyOverLimit(c.Server.Options.MaxUploadSize, head.ContentLength, unread);
        Upload.CheckNames(path.FullPath, unread);
        Upload.EnsureFolder(path.ParentPath, unread);

        var (source, lease) = Upload.FromBody(c);
        string temp;
        using (lease)
        {
            (temp, _) = Upload.ToTemp(c.Server.Store, path.ParentPath, head.ContentLength ?? 0, source);
        }
        StillHolds(c, path, temp);
        if (!Upload.Commit(temp, path.FullPath, overwrite: !noOverwrite))
        {
            throw new HttpError(412, "The file was created meanwhile and If-None-Match: * forbids replacing it.");
        }
        if (existed)
        {
            c.Respond(204, ReadOnlySpan<byte>.Empty, null);
            return;
        }
        c.Respond(201, Connection.Utf8("Created\n"), "text/plain; charset=utf-8",
            new[] { new KeyValuePair<string, string>("Location", RequestTarget.Escape(path.UrlPath)) });
    }

    /// <summary>
    /// Judges the preconditions again once the body is in: the file may have changed while it arrived, and a stale
    /// If-Match must not win then either. On failure the temporary file goes and nothing changes.
    /// </summary>
    private static void StillHolds(Connection c, ResolvedPath path, string temp)
    {
        if (c.Head.GetList("If-Match") is null && c.Head.Get("If-Unmodified-Since") is null && c.Head.GetList("If-None-Match") is null) return;
        try
        {
            Preconditions.NotModified(c.Head, FileValidators.Of(path), bodyUnread: false);
        }
        catch (HttpError)
        {
            FileStore.Discard(temp);
            throw;
        }
    }
}
