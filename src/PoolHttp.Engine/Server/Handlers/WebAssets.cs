using System.Collections.Frozen;
using System.Security.Cryptography;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// The script and style of the pages, built into the engine and served from <c>/.poolhttp/assets/NAME</c> with a
/// strong ETag, so that the pages need no inline code (and the Content-Security-Policy can forbid it) and no
/// external asset.
/// </summary>
internal static class WebAssets
{
    /// <summary>The URL prefix of the assets.</summary>
    public const string Prefix = "/.poolhttp/assets/";

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);

    private static readonly FrozenDictionary<string, Asset> All = Load();

    /// <summary>The asset of that name, or null.</summary>
    public static (byte[] Bytes, string ContentType, string ETag)? Find(string name) =>
        All.TryGetValue(name, out var a) ? (a.Bytes, a.ContentType, a.ETag) : null;

    private static FrozenDictionary<string, Asset> Load()
    {
        const string resourcePrefix = "PoolHttp.Web.";
        var assembly = typeof(WebAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] bytes = copy.ToArray();
            string name = resource[resourcePrefix.Length..];
            string type = Path.GetExtension(name) switch
            {
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            };
            assets[name] = new Asset(bytes, type, "\"" + Convert.ToHexString(SHA256.HashData(bytes), 0, 12) + "\"");
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
