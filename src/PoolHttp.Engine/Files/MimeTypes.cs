using System.Buffers;
using System.Text.Unicode;

namespace PoolHttp.Engine.Files;

/// <summary>
/// Maps file extensions to media types (unknown extensions are application/octet-stream), and says when a text
/// file's start shows it is UTF-8.
/// </summary>
public static class MimeTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain", [".log"] = "text/plain", [".md"] = "text/markdown",
        [".csv"] = "text/csv", [".html"] = "text/html", [".htm"] = "text/html",
        [".css"] = "text/css", [".js"] = "text/javascript", [".mjs"] = "text/javascript",
        [".json"] = "application/json", [".xml"] = "application/xml", [".pdf"] = "application/pdf",
        [".zip"] = "application/zip", [".gz"] = "application/gzip", [".tar"] = "application/x-tar",
        [".7z"] = "application/x-7z-compressed", [".wasm"] = "application/wasm", [".ps1"] = "text/plain",
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif",
        [".svg"] = "image/svg+xml", [".webp"] = "image/webp", [".ico"] = "image/x-icon", [".bmp"] = "image/bmp",
        [".mp3"] = "audio/mpeg", [".wav"] = "audio/wav", [".ogg"] = "audio/ogg", [".mp4"] = "video/mp4",
        [".webm"] = "video/webm", [".woff"] = "font/woff", [".woff2"] = "font/woff2",
    };

    /// <summary>How much of a text file's start <see cref="WithCharset"/> looks at.</summary>
    public const int CharsetSampleSize = 4096;

    private const string Utf8Charset = "; charset=utf-8";

    /// <summary>The media type for a file name, without parameters.</summary>
    public static string For(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var type) ? type : "application/octet-stream";

    /// <summary>True for a type whose bytes are characters, so that its charset is worth declaring (text/*).</summary>
    public static bool IsText(string mediaType) => mediaType.StartsWith("text/", StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="mediaType"/> with <c>charset=utf-8</c> when <paramref name="start"/>, the first bytes of the file,
    /// is valid UTF-8; without a charset otherwise (a Latin-1 file declared UTF-8 shows as garbage, one declared
    /// nothing lets the client guess). <paramref name="isWholeFile"/> false means the sample was cut: a multi-byte
    /// character cut at its end is then not an error.
    /// </summary>
    public static string WithCharset(string mediaType, ReadOnlySpan<byte> start, bool isWholeFile) =>
        StartsAsUtf8(start, isWholeFile) ? mediaType + Utf8Charset : mediaType;

    private static bool StartsAsUtf8(ReadOnlySpan<byte> start, bool isWholeFile)
    {
        if (Utf8.IsValid(start)) return true;
        if (isWholeFile) return false;
        // Validates into a scratch buffer: NeedMoreData is exactly "valid so far, the last character continues past the sample".
        var chars = ArrayPool<char>.Shared.Rent(start.Length);
        try
        {
            var status = Utf8.ToUtf16(start, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
            return status == OperationStatus.NeedMoreData;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
