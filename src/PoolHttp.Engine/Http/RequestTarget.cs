using System.Text;

namespace PoolHttp.Engine.Http;

/// <summary>The request target split into a percent-decoded, normalized path and the raw query.</summary>
/// <param name="Path">
/// The decoded path, always starting with '/'; "*" for the asterisk form. Repeated slashes are merged and dot segments
/// removed (RFC 3986 section 5.2.4), except that a ".." which would climb above the root is kept, for the store to refuse.
/// </param>
/// <param name="Query">The raw query without '?', or empty.</param>
public readonly record struct RequestTarget(string Path, string Query)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly char[] PathOrQuery = { '/', '?' };

    /// <summary>Splits and decodes a target; throws <see cref="HttpError"/> (400) for a target no file could have.</summary>
    public static RequestTarget Parse(string target)
    {
        if (target == "*") return new RequestTarget("*", string.Empty);
        if (!target.StartsWith('/'))
        {
            // absolute-form: keep only the path of http://host/path
            int scheme = target.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0) throw new HttpError(400, "The request target must be a path starting with '/'.", closeConnection: true);
            int pathStart = target.IndexOfAny(PathOrQuery, scheme + 3);
            target = pathStart < 0 ? "/" : target[pathStart] == '?' ? "/" + target[pathStart..] : target[pathStart..];
        }
        int q = target.IndexOf('?');
        string rawPath = q < 0 ? target : target[..q];
        string query = q < 0 ? string.Empty : target[(q + 1)..];
        int hash = query.IndexOf('#');
        if (hash >= 0) query = query[..hash];
        return new RequestTarget(Normalize(Decode(rawPath)), query);
    }

    /// <summary>A decoded path percent-encoded again for a header or a link: each segment as RFC 3986 data, slashes kept.</summary>
    /// <remarks>Built from the normalized path rather than copied from the request: a raw "//host/x" copied into a
    /// Location would send the client to another host.</remarks>
    public static string Escape(string path)
    {
        var segments = path.Split('/');
        for (int i = 0; i < segments.Length; i++) segments[i] = Uri.EscapeDataString(segments[i]);
        return string.Join('/', segments);
    }

    /// <summary>The value of a query parameter (first occurrence, decoded), or null.</summary>
    public string? QueryValue(string name)
    {
        foreach (var part in Query.Split('&'))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq];
            if (key == name) return eq < 0 ? string.Empty : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
        }
        return null;
    }

    private static string Decode(string raw)
    {
        if (!raw.Contains('%')) return raw;
        var bytes = new byte[raw.Length];
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c != '%') { bytes[n++] = (byte)c; continue; }
            if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                throw new HttpError(400, "The request target has a malformed percent-encoding.", closeConnection: true);
            byte b = Convert.ToByte(raw.Substring(i + 1, 2), 16);
            if (b is 0 or (byte)'/' or (byte)'\\')
                throw new HttpError(400, "Encoded slashes, backslashes and NUL are not allowed in a path.", closeConnection: true);
            bytes[n++] = b;
            i += 2;
        }
        try
        {
            return StrictUtf8.GetString(bytes, 0, n);
        }
        catch (DecoderFallbackException)
        {
            throw new HttpError(400, "The request path is not valid UTF-8.", closeConnection: true);
        }
    }

    /// <summary>
    /// Merges repeated slashes (as nginx does) and removes dot segments as RFC 3986 section 5.2.4 does, on the decoded
    /// path so that "%2e%2e" counts as "..". Where the RFC drops a ".." that has nothing left to remove, it stays, so
    /// that the store refuses a path climbing above the root instead of serving a file the client did not name.
    /// </summary>
    private static string Normalize(string path)
    {
        if (!path.Contains("//", StringComparison.Ordinal) && !path.Contains("/.", StringComparison.Ordinal)) return path;
        var kept = new List<string>();
        bool trailing = false;
        foreach (var segment in path.Split('/').AsSpan(1))
        {
            trailing = segment is "" or "." or "..";
            if (segment is "" or ".") continue;
            if (segment == ".." && kept.Count > 0 && kept[^1] != "..") kept.RemoveAt(kept.Count - 1);
            else kept.Add(segment);
        }
        if (kept.Count == 0) return "/";
        return "/" + string.Join('/', kept) + (trailing ? "/" : "");
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
