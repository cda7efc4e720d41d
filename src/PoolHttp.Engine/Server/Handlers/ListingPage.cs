using System.Globalization;
using System.Net;
using System.Text;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// The HTML of a folder: breadcrumbs, search, sortable columns, human sizes, times, and the write controls. Everything
/// works as plain links and forms; <c>/.poolhttp/assets/listing.js</c> adds what needs a script (streaming uploads with
/// progress, dropping files, folders, new folder, delete, local times). Controls that only the script can drive are
/// sent <c>hidden</c> and shown by it, so a page without scripts offers nothing that does nothing.
/// </summary>
internal static class ListingPage
{
    public static string Render(string urlPath, List<ListingEntry> entries, ListingQuery query, bool complete, bool writable, bool canSignIn)
    {
        string title = Html(urlPath);
        var sb = new StringBuilder(2048 + entries.Count * 400);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"color-scheme\" content=\"light dark\">")
          .Append("<title>Index of ").Append(title).Append("</title>")
          .Append("<link rel=\"stylesheet\" href=\"").Append(WebAssets.Prefix).Append("poolhttp.css\">")
          .Append("<script src=\"").Append(WebAssets.Prefix).Append("listing.js\" defer></script></head>\n")
          .Append("<body class=\"listing\" data-writable=\"").Append(writable ? "true" : "false").Append("\">\n<header>");
        Breadcrumbs(sb, urlPath);
        sb.Append("<h1>Index of ").Append(title).Append("</h1></header>\n<main>\n");
        Tools(sb, query, writable, canSignIn);
        if (writable) Upload(sb);
        if (query.Search is { } text)
        {
            sb.Append("<p class=\"note\" id=\"search-result\">").Append(entries.Count.ToString(CultureInfo.InvariantCulture))
              .Append(entries.Count == 1 ? " match" : " matches").Append(" for “").Append(Html(text)).Append("” under ").Append(title);
            if (!complete) sb.Append(" (the search stopped early: it looks at a bounded number of names for a bounded time)");
            sb.Append(". <a href=\"./\">Show the whole folder</a></p>\n");
        }
        Table(sb, urlPath, entries, query, writable);
        sb.Append("</main>\n<footer><p>").Append(entries.Count.ToString(CultureInfo.InvariantCulture))
          // Named, not linked: a crawler (wget -r) follows every href and would store the JSON as "index.html?format=json".
          .Append(" entries · as JSON: <code>?format=json</code> or <code>Accept: application/json</code> · ")
          .Append("the worker pool: <code>/.poolhttp/</code> · PoolHttp</p></footer>\n</body></html>\n");
        return sb.ToString();
    }

    private static void Breadcrumbs(StringBuilder sb, string urlPath)
    {
        sb.Append("<nav aria-label=\"Breadcrumb\"><ol>");
        var segments = urlPath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string href = "/";
        sb.Append("<li><a href=\"/\"").Append(segments.Length == 0 ? " aria-current=\"page\"" : "").Append(">Home</a></li>");
        for (int i = 0; i < segments.Length; i++)
        {
            href += Uri.EscapeDataString(segments[i]) + "/";
            sb.Append("<li><a href=\"").Append(Html(href)).Append('"').Append(i == segments.Length - 1 ? " aria-current=\"page\"" : "")
              .Append('>').Append(Html(segments[i])).Append("</a></li>");
        }
        sb.Append("</ol></nav>\n");
    }

    private static void Tools(StringBuilder sb, ListingQuery query, bool writable, bool canSignIn)
    {
        sb.Append("<div class=\"tools\"><form role=\"search\" method=\"get\" action=\"\" class=\"search\">")
          .Append("<label for=\"q\">Search</label><input type=\"search\" id=\"q\" name=\"q\" maxlength=\"")
          .Append(ListingQuery.MaxSearchLength).Append("\" value=\"").Append(Html(query.Search ?? "")).Append("\">");
        if (query.Explicit)
        {
            sb.Append("<input type=\"hidden\" name=\"sort\" value=\"").Append(query.Sort).Append("\">")
              .Append("<input type=\"hidden\" name=\"order\" value=\"").Append(query.Descending ? "desc" : "asc").Append("\">");
        }
        sb.Append("<button type=\"submit\">Go</button></form>")
          // Forms, not links, wherever the URL has a query: a mirror (wget -r) follows every href and must get exactly the tree.
          .Append("<form method=\"get\" action=\"\"><button type=\"submit\" name=\"zip\" value=\"\">Download as zip</button></form>");
        if (writable) sb.Append("<button type=\"button\" id=\"mkdir\" hidden>New folder</button>");
        if (canSignIn) sb.Append("<form method=\"get\" action=\"\"><button type=\"submit\" name=\"login\" value=\"\">Sign in to change files</button></form>");
        sb.Append("</div>\n");
    }

    private static void Upload(StringBuilder sb)
    {
        sb.Append("<form id=\"upload\" class=\"upload\" method=\"post\" enctype=\"multipart/form-data\" action=\"\">")
          .Append("<label for=\"file\">Files to upload</label><input type=\"file\" id=\"file\" name=\"file\" multiple required>")
          .Append("<button type=\"submit\">Upload</button>")
          .Append("<button type=\"button\" id=\"pick-folder\" hidden>Upload folder</button>")
          .Append("<input type=\"file\" id=\"folder\" webkitdirectory multiple hidden aria-label=\"Folder to upload\">")
          .Append("<p class=\"hint\" id=\"drop-hint\" hidden>or drop files anywhere on this page</p></form>\n")
          .Append("<section id=\"uploads\" aria-label=\"Uploads\" hidden><ul></ul></section>\n")
          .Append("<div id=\"status\" role=\"status\" aria-live=\"polite\"></div>\n");
    }

    private static void Table(StringBuilder sb, string urlPath, List<ListingEntry> entries, ListingQuery query, bool writable)
    {
        sb.Append("<table id=\"listing\"><caption class=\"sr\">Contents of ").Append(Html(urlPath)).Append("</caption><thead><tr>");
        Header(sb, "Name", "name", query);
        Header(sb, "Size", "size", query);
        Header(sb, "Modified", "modified", query);
        if (writable) sb.Append("<th scope=\"col\"><span class=\"sr\">Actions</span></th>");
        sb.Append("</tr></thead><tbody>\n");
        if (urlPath != "/")
        {
            sb.Append("<tr class=\"up\"><td><a href=\"../\">..</a></td><td></td><td></td>").Append(writable ? "<td></td>" : "").Append("</tr>\n");
        }
        foreach (var e in entries) Row(sb, e, writable);
        sb.Append("</tbody></table>\n");
    }

    /// <summary>
    /// A column header: a GET form whose button is named after the column, so the order lands in the URL
    /// (<c>?sort=size&amp;order=desc</c>, linkable) and works without scripts, yet is no link for a mirror to follow.
    /// </summary>
    private static void Header(StringBuilder sb, string label, string key, ListingQuery query)
    {
        bool sorted = query.Sort == key;
        bool nextDesc = sorted && !query.Descending;
        sb.Append("<th scope=\"col\"");
        if (sorted) sb.Append(" aria-sort=\"").Append(query.Descending ? "descending" : "ascending").Append('"');
        sb.Append("><form method=\"get\" action=\"\" class=\"sort\"><button type=\"submit\" name=\"sort\" value=\"").Append(key).Append("\">")
          .Append(label);
        if (sorted) sb.Append("<span class=\"arrow\" aria-hidden=\"true\">").Append(query.Descending ? " ▼" : " ▲").Append("</span>");
        sb.Append("</button><input type=\"hidden\" name=\"order\" value=\"").Append(nextDesc ? "desc" : "asc").Append("\">");
        if (query.Search is { } q) sb.Append("<input type=\"hidden\" name=\"q\" value=\"").Append(Html(q)).Append("\">");
        sb.Append("</form></th>");
    }

    private static void Row(StringBuilder sb, ListingEntry e, bool writable)
    {
        // "./" first: a name like "a:b.txt" must never be read as a scheme, even by a client that decodes the href.
        string href = "./" + string.Join('/', e.Name.Split('/').Select(Uri.EscapeDataString)) + (e.IsDirectory ? "/" : "");
        string shown = Html(e.Name) + (e.IsDirectory ? "/" : "");
        sb.Append("<tr").Append(e.IsDirectory ? " class=\"dir\"" : "").Append("><td><a href=\"").Append(Html(href)).Append("\">")
          .Append(shown).Append("</a></td><td class=\"n\"");
        if (e.IsDirectory) sb.Append(">—");
        else
        {
            sb.Append(" title=\"").Append(e.Size.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes\" data-bytes=\"")
              .Append(e.Size.ToString(CultureInfo.InvariantCulture)).Append("\">").Append(HumanSize(e.Size));
        }
        string iso = e.Modified.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        sb.Append("</td><td><time datetime=\"").Append(iso).Append("\">")
          .Append(e.Modified.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC</time></td>");
        if (writable)
        {
            sb.Append("<td><button type=\"button\" class=\"delete\" hidden data-name=\"").Append(Html(e.Name)).Append('"')
              .Append(e.IsDirectory ? " data-folder=\"true\"" : "").Append(">Delete<span class=\"sr\"> ").Append(shown)
              .Append("</span></button></td>");
        }
        sb.Append("</tr>\n");
    }

    /// <summary>A size as people read it, in powers of 1024: "512 B", "2.9 MiB", "140 GiB".</summary>
    public static string HumanSize(long bytes)
    {
        if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        string[] units = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
        double value = bytes;
        int unit = -1;
        do
        {
            value /= 1024;
            unit++;
        }
        while (value >= 1024 && unit < units.Length - 1);
        string format = value < 10 ? "0.0" : "0";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + units[unit];
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
