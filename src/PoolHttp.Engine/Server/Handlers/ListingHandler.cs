using System.Buffers;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>A folder as JSON (for programs) or as an HTML page with links and an upload form (for people).</summary>
internal static class ListingHandler
{
    private readonly record struct Entry(string Name, bool IsDirectory, long Size, DateTime Modified);

    public static void Handle(Connection c, ResolvedPath folder, RequestTarget target)
    {
        var entries = Read(c.Server.Store, folder.FullPath);
        // Equal preference (no Accept, */*, or both named alike) is the people's page: JSON only when it is preferred.
        bool json = target.QueryValue("format") == "json" ||
            AcceptHeader.Prefers(c.Head.GetList("Accept"), "application/json", over: "text/html");
        ReadOnlyMemory<byte> body = json ? Json(entries) : Encoding.UTF8.GetBytes(Html(folder.UrlPath, entries, !c.Server.Options.ReadOnly));
        string etag = ETagOf(body.Span);
        var headers = new[]
        {
            new KeyValuePair<string, string>("Vary", "Accept"), new KeyValuePair<string, string>("Cache-Control", "no-cache"),
            new KeyValuePair<string, string>("ETag", etag),
        };
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

    private static List<Entry> Read(FileStore store, string folder)
    {
        var list = new List<Entry>();
        try
        {
            foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                if (!store.IsListable(info)) continue;
                try
                {
                    bool dir = (info.Attributes & FileAttributes.Directory) != 0;
                    list.Add(new Entry(info.Name, dir, dir ? 0 : ((FileInfo)info).Length, info.LastWriteTimeUtc));
                }
                catch (IOException) { /* vanished or a dangling link: not listed */ }
            }
        }
        catch (UnauthorizedAccessException)
        {
            throw new HttpError(403, "The folder cannot be read.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new HttpError(404, "Not found.");
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    private static ReadOnlyMemory<byte> Json(List<Entry> entries)
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

    private static string Html(string urlPath, List<Entry> entries, bool writable)
    {
        string title = WebUtility.HtmlEncode(urlPath);
        var sb = new StringBuilder(1024 + entries.Count * 200);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
          .Append("<title>Index of ").Append(title).Append("</title><style>")
          .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;min-width:40rem}")
          .Append("th,td{padding:.3rem .8rem;text-align:left;border-bottom:1px solid #ddd}td.n{text-align:right;font-variant-numeric:tabular-nums}")
          .Append("form{margin:1.5rem 0;padding:1rem;border:1px dashed #888;max-width:38rem}a{text-decoration:none}</style></head><body>\n")
          .Append("<h1>Index of ").Append(title).Append("</h1>\n");
        if (writable)
        {
            sb.Append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"\"><input type=\"file\" name=\"file\" multiple required> ")
              .Append("<button type=\"submit\">Upload</button></form>\n");
        }
        sb.Append("<table><thead><tr><th>Name</th><th>Size</th><th>Modified (UTC)</th></tr></thead><tbody>\n");
        if (urlPath != "/") sb.Append("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
        foreach (var e in entries)
        {
            // "./" first: a name like "a:b.txt" must never be read as a scheme, even by a client that decodes the href.
            string href = "./" + Uri.EscapeDataString(e.Name) + (e.IsDirectory ? "/" : "");
            string shown = WebUtility.HtmlEncode(e.Name) + (e.IsDirectory ? "/" : "");
            sb.Append("<tr><td><a href=\"").Append(href).Append("\">").Append(shown).Append("</a></td><td class=\"n\">")
              .Append(e.IsDirectory ? "-" : e.Size.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td>")
              .Append(e.Modified.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        sb.Append("</tbody></table>\n<p><small>PoolHttp · ").Append(entries.Count.ToString(CultureInfo.InvariantCulture))
          // Named, not linked: a crawler (wget -r) follows every href and would store the JSON as "index.html?format=json".
          .Append(" entries · as JSON: <code>?format=json</code> or <code>Accept: application/json</code></small></p></body></html>\n");
        return sb.ToString();
    }
}
