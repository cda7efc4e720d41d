namespace PoolHttp.Engine.Files;

/// <summary>Maps file extensions to media types; unknown extensions are application/octet-stream.</summary>
public static class MimeTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain; charset=utf-8", [".log"] = "text/plain; charset=utf-8", [".md"] = "text/markdown; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8", [".html"] = "text/html; charset=utf-8", [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".mjs"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json", [".xml"] = "application/xml", [".pdf"] = "application/pdf",
        [".zip"] = "application/zip", [".gz"] = "application/gzip", [".tar"] = "application/x-tar",
        [".7z"] = "application/x-7z-compressed", [".wasm"] = "application/wasm", [".ps1"] = "text/plain; charset=utf-8",
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif",
        [".svg"] = "image/svg+xml", [".webp"] = "image/webp", [".ico"] = "image/x-icon", [".bmp"] = "image/bmp",
        [".mp3"] = "audio/mpeg", [".wav"] = "audio/wav", [".ogg"] = "audio/ogg", [".mp4"] = "video/mp4",
        [".webm"] = "video/webm", [".woff"] = "font/woff", [".woff2"] = "font/woff2",
    };

    /// <summary>The media type for a file name.</summary>
    public static string For(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var type) ? type : "application/octet-stream";
}
