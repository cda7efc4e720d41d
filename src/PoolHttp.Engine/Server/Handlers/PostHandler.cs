using System.Buffers;
using System.Text.Json;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>POST: multipart/form-data into a folder (all files or none), any other body as a PUT.</summary>
internal static class PostHandler
{
    public static void Handle(Connection c, RequestTarget target)
    {
        var path = c.Server.Store.Resolve(target.Path);
        string contentType = c.Head.Get("Content-Type") ?? string.Empty;
        if (!contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            if (path.IsRoot || path.HasTrailingSlash || Directory.Exists(path.FullPath))
                throw new HttpError(415, "A POST to a folder must be multipart/form-data.", c.Head.HasBody);
            PutHandler.Store(c, path);
            return;
        }
        bool unread = c.Head.HasBody;
        Refusals.HiddenWrite(path, unread);
        if (File.Exists(path.FullPath)) throw new HttpError(409, "Multipart uploads go to a folder, and this is a file.", unread);
        Refusals.BodyOverLimit(c.Server.Options.MaxUploadSize, c.Head.ContentLength, unread);
        string boundary = BoundaryOf(contentType) ?? throw new HttpError(400, "The multipart Content-Type has no boundary.", unread);
        Upload.CheckNames(path.FullPath, unread);
        Upload.EnsureFolder(path.FullPath, unread);

        var stored = ReceiveParts(c, path, boundary);
        string folderUrl = RequestTarget.Escape(path.UrlPath.TrimEnd('/') + "/");
        // A browser's form prefers HTML: back to the listing; a client that prefers JSON (or does not say) gets the list.
        if (AcceptHeader.Prefers(c.Head.Get("Accept"), "text/html", "application/json"))
        {
            c.Respond(303, ReadOnlySpan<byte>.Empty, null, new[] { new KeyValuePair<string, string>("Location", folderUrl) });
            return;
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var (name, size) in stored)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("size", size);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        // RFC 9110 15.3.2: Location names "the primary resource created". One stored file is that resource; of
        // several none is primary, so it names the folder they were added to (the body lists them all).
        string location = stored.Count == 1 ? folderUrl + Uri.EscapeDataString(stored[0].Name) : folderUrl;
        c.Respond(201, buffer.WrittenSpan, "application/json", new[] { new KeyValuePair<string, string>("Location", location) });
    }

    private static List<(string Name, long Size)> ReceiveParts(Connection c, ResolvedPath folder, string boundary)
    {
        var pending = new List<(string Temp, string Target, string Name, long Size)>();
        bool committed = false;
        try
        {
            using (var reader = new MultipartReader(boundary, (b, o, n) => c.ReadBody(b.AsSpan(o, n))))
            {
                string? fileName;
                while ((fileName = reader.NextPart()) is not null)
                {
                    string name = BaseName(fileName);
                    if (name.Length == 0) continue; // a form field, or a file input left empty
                    Upload.CheckNames(Path.Join(folder.FullPath, name), bodyUnread: true);
                    var target = c.Server.Store.Resolve(folder.UrlPath.TrimEnd('/') + "/" + name);
                    Refusals.HiddenWrite(target, bodyUnread: true, name);
                    if (Directory.Exists(target.FullPath)) throw new HttpError(409, $"'{name}' is a folder.", true);
                    var (temp, size) = Upload.ToTemp(c.Server.Store, folder.FullPath, 0, () => reader.ReadData());
                    pending.Add((temp, target.FullPath, name, size));
                }
            }
            c.DrainBody();
            foreach (var p in pending) Upload.Commit(p.Temp, p.Target, overwrite: true);
            committed = true;
            return pending.Select(p => (p.Name, p.Size)).ToList();
        }
        finally
        {
            if (!committed)
            {
                foreach (var p in pending) FileStore.Discard(p.Temp);
            }
        }
    }

    /// <summary>Reduces a client-supplied file name to its last segment, refusing names no file may have.</summary>
    internal static string BaseName(string fileName)
    {
        int cut = Math.Max(fileName.LastIndexOf('/'), fileName.LastIndexOf('\\'));
        string name = fileName[(cut + 1)..].Trim();
        if (name is "." or "..") throw new HttpError(400, "A file name cannot be '.' or '..'.", true);
        if (name.Contains('\0')) throw new HttpError(400, "A file name cannot contain NUL.", true);
        return name;
    }

    private static string? BoundaryOf(string contentType)
    {
        foreach (var part in contentType.Split(';'))
        {
            var p = part.Trim();
            if (p.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase)) return p[9..].Trim('"');
        }
        return null;
    }
}
