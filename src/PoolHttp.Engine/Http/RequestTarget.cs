using System.Text;

namespace PoolHttp.Engine.Http;

/// <summary>The request target split into a percent-decoded path and the raw query.</summary>
/// <param name="Path">The decoded path, always starting with '/'; "*" for the asterisk form.</param>
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
        return new RequestTarget(Decode(rawPath), query);
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

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
