using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

/// <summary>Remote URIs: checking them, and deriving file and folder URIs from names (escaped as UTF-8).</summary>
internal static class RemoteNames
{
    /// <summary>Throws <see cref="PoolException"/> (InvalidArgument) unless the URI is an absolute http or https URI.</summary>
    public static void Check(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new PoolException(PoolErrorKind.InvalidArgument, "This is not an absolute http:// or https:// URL.", uri);
    }

    /// <summary>True when the URI names a folder (its path ends with a slash).</summary>
    public static bool IsFolder(Uri uri) => uri.AbsolutePath.EndsWith('/');

    /// <summary>The URI itself when it names a folder, otherwise the same path with a slash added (query dropped).</summary>
    public static Uri AsFolder(Uri uri) => IsFolder(uri) ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");

    /// <summary>An entry of <paramref name="folder"/> by its unescaped name; folders get a trailing slash.</summary>
    public static Uri Child(Uri folder, string name, bool isFolder)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\0'))
            throw new PoolException(PoolErrorKind.Protocol, $"The server listed an unusable name '{name}'.", folder);
        return new Uri(AsFolder(folder).GetLeftPart(UriPartial.Path) + Uri.EscapeDataString(name) + (isFolder ? "/" : ""));
    }

    /// <summary>The last path segment, unescaped ("b.txt" for /a/b.txt); empty for a folder URI.</summary>
    public static string NameOf(Uri uri)
    {
        string path = uri.AbsolutePath;
        return Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
    }

    /// <summary>The folder a file URI is in (with a trailing slash).</summary>
    public static Uri Parent(Uri file)
    {
        string left = file.GetLeftPart(UriPartial.Path);
        return new Uri(left[..(left.LastIndexOf('/') + 1)]);
    }

    /// <summary>The same URI with a query parameter added (or appended to an existing query).</summary>
    public static Uri WithQuery(Uri uri, string parameter) =>
        new(uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 1 ? uri.Query + "&" : "?") + parameter);
}
