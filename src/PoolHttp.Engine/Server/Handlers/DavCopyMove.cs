using System.Xml.Linq;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;
using static PoolHttp.Engine.Server.Handlers.DavXml;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// COPY and MOVE (RFC 4918 9.8, 9.9) within this server's root: <c>Destination</c>, <c>Overwrite</c> (412 when F and
/// the destination exists), <c>Depth</c> (0 or infinity for a folder's COPY); 201 when the destination is new, 204 when
/// it was replaced, 207 naming the members that failed. Files are copied through a temporary file renamed into place;
/// a MOVE is a rename. Dead properties go along; locks do not.
/// </summary>
internal static class DavCopyMove
{
    public static void Handle(Connection c, RequestTarget target)
    {
        bool move = c.Head.Method == "MOVE";
        bool unread = c.Head.HasBody;
        var source = DavHandler.Visible(c, target);
        if (move && source.IsRoot) throw new HttpError(403, "The served root cannot be moved.", unread);
        if (!DavHandler.Exists(source)) throw new HttpError(404, "Not found.", unread);
        if (unread) c.CloseAfter();
        var destination = Destination(c);
        bool collection = Directory.Exists(source.FullPath);
        int depth = DavHandler.Depth(c, absent: int.MaxValue);
        if (collection && depth == 1 || move && collection && depth != int.MaxValue)
            throw new HttpError(400, "A folder is copied with Depth 0 or infinity and moved with infinity.");
        string from = DavPaths.Key(source.UrlPath), to = DavPaths.Key(destination.UrlPath);
        if (from == to) throw new HttpError(403, "The source and the destination are the same.");
        if (collection && DavPaths.IsInside(to, from)) throw new HttpError(403, "A folder cannot be copied or moved into itself.");
        Preconditions.NotModified(c.Head, FileValidators.Of(source), bodyUnread: false);
        bool exists = Directory.Exists(destination.FullPath) || File.Exists(destination.FullPath);
        bool overwrite = !string.Equals(c.Head.Get("Overwrite")?.Trim(), "F", StringComparison.OrdinalIgnoreCase);
        if (exists && !overwrite) throw new HttpError(412, "The destination exists and Overwrite: F forbids replacing it.");
        if (!Directory.Exists(destination.ParentPath)) throw new HttpError(409, "The destination's parent folder does not exist.");
        if (move) DavConditions.Enforce(c, source.UrlPath, membership: true, subtree: true);
        DavConditions.Enforce(c, destination.UrlPath, membership: true, subtree: true);
        Upload.CheckNames(destination.FullPath, bodyUnread: false);

        if (exists) Remove(c, destination);
        var failures = new List<string>();
        try
        {
            if (move) Move(c, source, destination, from, to, collection);
            else if (collection) CopyFolder(c, source.FullPath, destination.FullPath, to, depth == int.MaxValue, failures);
            else CopyFile(c, source.FullPath, destination.FullPath);
        }
        catch (IOException e)
        {
            throw Upload.DiskError(e);
        }
        catch (UnauthorizedAccessException)
        {
            throw new HttpError(500, "The server may not write there.");
        }
        if (!move)
        {
            using (c.Server.Dav.Exclusive()) c.Server.Dav.CopyProperties(from, to, members: depth == int.MaxValue);
        }
        if (failures.Count > 0)
        {
            var body = Root("multistatus", failures.Select(f => new XElement(D + "response",
                new XElement(D + "href", DavHandler.Href(f, false)), new XElement(D + "status", DavPropfind.StatusLine(500)))));
            DavXml.Respond(c, 207, body);
            return;
        }
        if (exists) c.Respond(204, ReadOnlySpan<byte>.Empty, null);
        else c.Respond(201, Connection.Utf8("Created\n"), "text/plain; charset=utf-8",
            new[] { new KeyValuePair<string, string>("Location", DavHandler.Href(to, collection)) });
    }

    /// <summary>
    /// The Destination header as a path of this server: an absolute URI whose authority is this request's Host (else
    /// 502, another server), or an absolute path; resolved and confined like the request's own path.
    /// </summary>
    private static ResolvedPath Destination(Connection c)
    {
        string header = c.Head.Get("Destination")?.Trim() ?? throw new HttpError(400, "COPY and MOVE need a Destination header.");
        if (!header.StartsWith('/'))
        {
            if (!Uri.TryCreate(header, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                throw new HttpError(400, "The Destination header is not an absolute URI or path.");
            string? host = c.Head.Get("Host");
            if (host is not null && !string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase) &&
                !string.Equals(uri.Host + ":" + uri.Port, host, StringComparison.OrdinalIgnoreCase))
                throw new HttpError(502, "The Destination is on another server.");
            int start = header.IndexOf('/', header.IndexOf("//", StringComparison.Ordinal) + 2);
            header = start < 0 ? "/" : header[start..];
        }
        var path = c.Server.Store.Resolve(RequestTarget.Parse(header).Path);
        Refusals.HiddenWrite(path, bodyUnread: false);
        if (path.IsRoot) throw new HttpError(403, "The served root cannot be replaced.");
        return path;
    }

    /// <summary>Deletes what stands at the destination before it is replaced (Overwrite: T), with its properties and locks.</summary>
    private static void Remove(Connection c, ResolvedPath destination)
    {
        try
        {
            if (Directory.Exists(destination.FullPath) && new FileInfo(destination.FullPath).LinkTarget is null)
                Directory.Delete(destination.FullPath, recursive: true);
            else File.Delete(destination.FullPath);
        }
        catch (IOException e)
        {
            throw Upload.DiskError(e);
        }
        DavLockHandler.Forget(c, destination.UrlPath);
    }

    private static void Move(Connection c, ResolvedPath source, ResolvedPath destination, string from, string to, bool collection)
    {
        if (collection) Directory.Move(source.FullPath, destination.FullPath);
        else File.Move(source.FullPath, destination.FullPath, overwrite: true);
        using (c.Server.Dav.Exclusive()) c.Server.Dav.MoveProperties(from, to);
        DavLockHandler.Forget(c, from);
    }

    private static void CopyFile(Connection c, string source, string destination)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var buffer = new byte[Upload.CopyBufferSize];
        var (temp, _) = Upload.ToTemp(c.Server.Store, Path.GetDirectoryName(destination)!, input.Length, () => buffer.AsSpan(0, input.Read(buffer)));
        Upload.Commit(temp, destination, overwrite: true);
    }

    private static void CopyFolder(Connection c, string source, string destination, string to, bool members, List<string> failures)
    {
        Directory.CreateDirectory(destination);
        if (!members) return;
        foreach (var entry in DavPropfind.Members(c, source))
        {
            string target = Path.Join(destination, entry.Name);
            string href = to + "/" + entry.Name;
            try
            {
                if (entry is DirectoryInfo) CopyFolder(c, entry.FullName, target, href, members: true, failures);
                else CopyFile(c, entry.FullName, target);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpError)
            {
                failures.Add(href);
            }
        }
    }
}
