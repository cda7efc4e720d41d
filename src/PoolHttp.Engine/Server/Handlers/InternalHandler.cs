using System.Buffers;
using System.Text.Json;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>The server's own resources under <c>/.poolhttp/</c>: the pool page, its assets, statistics and health.</summary>
internal static class InternalHandler
{
    private const string Allow = "GET, HEAD";

    public static void Handle(Connection c, RequestTarget target)
    {
        string method = c.Head.Method;
        if (method == "OPTIONS")
        {
            Router.RespondOptions(c, Allow);
            return;
        }
        if (method is not ("GET" or "HEAD"))
            throw new HttpError(405, "The server's own resources are read-only.", c.Head.HasBody).With("Allow", Allow);
        if (c.Head.HasBody) c.CloseAfter();
        switch (target.Path)
        {
            case "/.poolhttp/health":
                c.Respond(200, "ok"u8, "text/plain; charset=utf-8", NoStore);
                break;
            case "/.poolhttp/stats":
                RespondStats(c);
                break;
            case "/.poolhttp":
                c.Respond(301, ReadOnlySpan<byte>.Empty, null, new[] { new KeyValuePair<string, string>("Location", Router.ReservedPrefix) });
                break;
            case Router.ReservedPrefix:
                // The page for people; a program that prefers JSON gets the statistics themselves.
                if (AcceptHeader.Prefers(c.Head.GetList("Accept"), "application/json", over: "text/html")) RespondStats(c);
                else c.Respond(200, PoolPage.Bytes, "text/html; charset=utf-8", PoolPage.Headers);
                break;
            case var path when path.StartsWith(WebAssets.Prefix, StringComparison.Ordinal):
                RespondAsset(c, path[WebAssets.Prefix.Length..]);
                break;
            default:
                throw new HttpError(404, "No such server resource.");
        }
    }

    private static void RespondStats(Connection c)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            c.Server.Statistics().WriteJson(w);
        }
        c.Respond(200, buffer.WrittenSpan, "application/json", NoStore);
    }

    private static void RespondAsset(Connection c, string name)
    {
        var asset = WebAssets.Find(name) ?? throw new HttpError(404, "No such server resource.");
        var headers = new KeyValuePair<string, string>[]
        {
            new("ETag", asset.ETag), new("Cache-Control", "no-cache"), new("X-Content-Type-Options", "nosniff"),
        };
        if (Preconditions.NotModified(c.Head, new ResourceValidators(true, asset.ETag, null), bodyUnread: false))
        {
            c.Respond(304, ReadOnlySpan<byte>.Empty, null, headers);
            return;
        }
        c.Respond(200, asset.Bytes, asset.ContentType, headers);
    }

    private static readonly KeyValuePair<string, string>[] NoStore = { new("Cache-Control", "no-store") };
}
