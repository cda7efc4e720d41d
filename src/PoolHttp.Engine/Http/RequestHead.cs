using System.Text;

namespace PoolHttp.Engine.Http;

/// <summary>A parsed HTTP/1.x request head: request line and header fields, with the framing facts derived from them.</summary>
public sealed class RequestHead
{
    private readonly List<KeyValuePair<string, string>> _headers;

    internal RequestHead(string method, string target, bool http11, List<KeyValuePair<string, string>> headers,
        long? contentLength, bool chunked, bool keepAlive, bool expectContinue)
    {
        Method = method;
        Target = target;
        IsHttp11 = http11;
        _headers = headers;
        ContentLength = contentLength;
        IsChunked = chunked;
        KeepAlive = keepAlive;
        ExpectContinue = expectContinue;
    }

    /// <summary>The request method, case preserved (methods are case-sensitive).</summary>
    public string Method { get; }

    /// <summary>The request target exactly as sent.</summary>
    public string Target { get; }

    /// <summary>True for HTTP/1.1, false for HTTP/1.0.</summary>
    public bool IsHttp11 { get; }

    /// <summary>The header fields in arrival order; names as sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>The body length announced by Content-Length, or null.</summary>
    public long? ContentLength { get; }

    /// <summary>True when the body uses the chunked transfer coding.</summary>
    public bool IsChunked { get; }

    /// <summary>True when the connection may stay open after this exchange.</summary>
    public bool KeepAlive { get; }

    /// <summary>True when the client sent <c>Expect: 100-continue</c>.</summary>
    public bool ExpectContinue { get; }

    /// <summary>True when a request body follows the head.</summary>
    public bool HasBody => IsChunked || ContentLength > 0;

    /// <summary>The first value of a header field (case-insensitive name), or null.</summary>
    public string? Get(string name)
    {
        foreach (var pair in _headers)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)) return pair.Value;
        }
        return null;
    }

    /// <summary>
    /// Every value of a list-valued header field (case-insensitive name) joined with commas, as RFC 9110 5.3 lets a
    /// sender split one list over several lines; null when the field is absent.
    /// </summary>
    public string? GetList(string name)
    {
        string? joined = null;
        foreach (var pair in _headers)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                joined = joined is null ? pair.Value : joined + ", " + pair.Value;
        }
        return joined;
    }

    /// <summary>A canonical text form, used to compare heads for equality.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Method).Append(' ').Append(Target).Append(IsHttp11 ? " HTTP/1.1" : " HTTP/1.0");
        sb.Append(" len=").Append(ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        sb.Append(" chunked=").Append(IsChunked).Append(" keepalive=").Append(KeepAlive).Append(" continue=").Append(ExpectContinue);
        foreach (var pair in _headers) sb.Append('\n').Append(pair.Key).Append(": ").Append(pair.Value);
        return sb.ToString();
    }
}
