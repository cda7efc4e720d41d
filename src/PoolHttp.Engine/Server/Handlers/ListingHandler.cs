using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// A folder as JSON (for programs) or as an HTML page (for people), sorted or searched as the query asks; with
/// <c>?zip</c> the folder as a zip instead.
/// </summary>
internal static class ListingHandler
{
    public static void Handle(Connection c, ResolvedPath folder, RequestTarget target)
    {
        if (target.QueryValue("zip") is not null)
        {
            ZipHandler.Handle(c, folder);
            return;
        }
        // "Sign in": a reader let in anonymously asks for the challenge, so that the browser sends its credential from now on.
        if (target.QueryValue("login") is not null && c.Server.Options.Authentication is { } auth && !auth.Verify(c.Head.Get("Authorization")))
        {
            throw new HttpError(401, "Sign in with a user name and password to upload, create and delete.")
                .With("WWW-Authenticate", Security.BasicAuthenticator.Challenge);
        }
        var query = ListingQuery.From(target);
        // Equal preference (no Accept, */*, or both named alike) is the people's page: JSON only when it is preferred.
        bool json = target.QueryValue("format") == "json" ||
            AcceptHeader.Prefers(c.Head.GetList("Accept"), "application/json", over: "text/html");
        List<ListingEntry> entries;
        bool complete = true;
        if (query.Search is { } text) (entries, complete) = FolderReader.Search(c.Server.Store, folder.FullPath, text);
        else entries = FolderReader.Read(c.Server.Store, folder.FullPath);
        if (json && !query.Explicit) entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        else query.Apply(entries, foldersFirst: true);

        ReadOnlyMemory<byte> body = json ? Json(entries)
            : Encoding.UTF8.GetBytes(ListingPage.Render(folder.UrlPath, entries, query, complete, WebPage.CanWrite(c), WebPage.CanSignIn(c)));
        string etag = ETagOf(body.Span);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Vary", "Accept"), new("Cache-Control", "no-cache"), new("ETag", etag),
        };
        if (!complete) headers.Add(new("X-PoolHttp-Search", "incomplete"));
        if (!json) headers.AddRange(WebPage.SecurityHeaders);
        if (Preconditions.NotModified(c.Head, new ResourceValidators(true, etag, null), bodyUnread: false))
        {
            c.Respond(304, ReadOnlySpan<byte>.Empty, null, headers);
            return;
        }
        c.Respond(200, body.Span, json ? "application/json" : "text/html; charset=utf-8", headers);
    }

    /// <summary>
    /// A strong tag of the very bytes sent, so it changes with anything the listing shows (entries, sizes, times, the
    /// format, the order) and differs between the HTML and the JSON of one folder. Hashing what was just built costs
    /// little next to reading the folder.
    /// </summary>
    private static string ETagOf(ReadOnlySpan<byte> body) => "\"" + Convert.ToHexString(SHA256.HashData(body), 0, 12) + "\"";

    private static ReadOnlyMemory<byte> Json(List<ListingEntry> entries)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + entries.Count * 96);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteString("type", e.IsDirectory ? "directory" : "file");
                w.WriteNumber("size", e.Size);
                w.WriteString("modified", e.Modified.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return buffer.WrittenMemory;
    }
}
