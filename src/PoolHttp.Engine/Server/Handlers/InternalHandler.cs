using System.Buffers;
using System.Text.Json;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>The server's own resources under <c>/.poolhttp/</c>: statistics and health.</summary>
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
                var buffer = new ArrayBufferWriter<byte>(1024);
                using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                {
                    c.Server.Statistics().WriteJson(w);
                }
                c.Respond(200, buffer.WrittenSpan, "application/json", NoStore);
                break;
            default:
                throw new HttpError(404, "No such server resource.");
        }
    }

    private static readonly KeyValuePair<string, string>[] NoStore = { new("Cache-Control", "no-store") };
}
