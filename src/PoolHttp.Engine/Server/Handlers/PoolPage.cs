using System.Text;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// The live page of the pool (<c>GET /.poolhttp/</c>): a fixed document that <c>/.poolhttp/assets/pool.js</c> fills
/// from <c>/.poolhttp/stats</c> every second (mode, workers, one row per worker, request and byte rates over the
/// last minute as a chart). Without scripts it says where the numbers are.
/// </summary>
internal static class PoolPage
{
    /// <summary>The page's bytes; the same for every request, so built once.</summary>
    public static readonly byte[] Bytes = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"color-scheme\" content=\"light dark\">" +
        "<title>PoolHttp worker pool</title>" +
        "<link rel=\"stylesheet\" href=\"" + WebAssets.Prefix + "poolhttp.css\">" +
        "<script src=\"" + WebAssets.Prefix + "pool.js\" defer></script></head>\n" +
        "<body class=\"pool\">\n<header><nav aria-label=\"Breadcrumb\"><ol><li><a href=\"/\">Home</a></li>" +
        "<li><a href=\"/.poolhttp/\" aria-current=\"page\">Worker pool</a></li></ol></nav><h1>Worker pool</h1></header>\n<main>\n" +
        "<dl class=\"summary\"><div><dt>Mode</dt><dd id=\"mode\">…</dd></div><div><dt>Workers</dt><dd id=\"workers\">…</dd></div>" +
        "<div><dt>Requests</dt><dd id=\"total\">…</dd></div><div><dt>Active</dt><dd id=\"active\">…</dd></div>" +
        "<div><dt>Requests/s</dt><dd id=\"rps\">…</dd></div><div><dt>Bytes/s</dt><dd id=\"bps\">…</dd></div>" +
        "<div><dt>Started</dt><dd id=\"started\">…</dd></div></dl>\n" +
        "<noscript><p>This page updates itself with a script. The numbers are at <a href=\"/.poolhttp/stats\">/.poolhttp/stats</a>.</p></noscript>\n" +
        "<section aria-labelledby=\"chart-title\"><h2 id=\"chart-title\">Last minute</h2>" +
        "<figure id=\"chart\"><figcaption>Requests per second and bytes per second, one point a second</figcaption></figure></section>\n" +
        "<section aria-labelledby=\"workers-title\"><h2 id=\"workers-title\">Workers</h2>" +
        "<table id=\"workers-table\"><thead><tr><th scope=\"col\">Worker</th><th scope=\"col\">PID</th><th scope=\"col\">Active</th>" +
        "<th scope=\"col\">Succeeded</th><th scope=\"col\">Failed</th><th scope=\"col\">Total</th></tr></thead><tbody></tbody></table></section>\n" +
        "<p id=\"updated\" role=\"status\" aria-live=\"off\"></p>\n" +
        "</main>\n<footer><p><a href=\"/.poolhttp/stats\">Statistics as JSON</a> · PoolHttp</p></footer>\n</body></html>\n");

    /// <summary>The page's headers: security, and no caching (it is the same page, but a stale one would mislead).</summary>
    public static readonly KeyValuePair<string, string>[] Headers =
        WebPage.SecurityHeaders.Append(new("Cache-Control", "no-cache")).Append(new("Vary", "Accept")).ToArray();
}
