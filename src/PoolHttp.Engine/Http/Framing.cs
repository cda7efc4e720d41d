using System.Globalization;

namespace PoolHttp.Engine.Http;

/// <summary>The message framing and connection facts that a head's fields imply.</summary>
internal readonly record struct Framing(long? ContentLength, bool Chunked, bool KeepAlive, bool ExpectContinue)
{
    /// <summary>Derives framing from header fields, or returns null with the reason to reject.</summary>
    public static Framing? From(List<KeyValuePair<string, string>> headers, bool http11, out RejectReason reason)
    {
        reason = default;
        long? length = null;
        bool sawTransferEncoding = false, chunked = false, chunkedNotLast = false, unknownCoding = false;
        int hosts = 0;
        bool close = false, keepAliveAsked = false, expectContinue = false;

        foreach (var (name, value) in headers)
        {
            if (Is(name, "Content-Length"))
            {
                foreach (var part in value.Split(','))
                {
                    if (!TryParseLength(TrimOws(part), out long n) || (length is long prior && prior != n))
                    {
                        reason = RejectReason.BadFraming;
                        return null;
                    }
                    length = n;
                }
            }
            else if (Is(name, "Transfer-Encoding"))
            {
                sawTransferEncoding = true;
                foreach (var part in value.Split(','))
                {
                    var coding = TrimOws(part);
                    if (coding.Length == 0) continue;
                    if (chunked) chunkedNotLast = true; // chunked must be the last coding, applied once
                    if (coding.Equals("chunked", StringComparison.OrdinalIgnoreCase)) chunked = true;
                    else unknownCoding = true;
                }
            }
            else if (Is(name, "Host")) hosts++;
            else if (Is(name, "Connection"))
            {
                foreach (var part in value.Split(','))
                {
                    var token = TrimOws(part);
                    if (token.Equals("close", StringComparison.OrdinalIgnoreCase)) close = true;
                    else if (token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)) keepAliveAsked = true;
                }
            }
            else if (Is(name, "Expect") && TrimOws(value).Equals("100-continue", StringComparison.OrdinalIgnoreCase))
            {
                expectContinue = http11;
            }
        }

        // RFC 9112 6.1 and 6.3: with Content-Length, on HTTP/1.0, or when chunked is not the final coding, the body
        // length cannot be determined reliably; that is a 400 and a closed connection, whatever the other codings are.
        if (sawTransferEncoding && (length is not null || !http11 || chunkedNotLast)) reason = RejectReason.BadFraming;
        else if (sawTransferEncoding && !chunked && !unknownCoding) reason = RejectReason.BadFraming;
        else if (unknownCoding) reason = RejectReason.UnknownTransferEncoding;
        else if (hosts > 1 || (http11 && hosts == 0)) reason = RejectReason.BadHost; // RFC 9112 3.2
        else return new Framing(length, chunked, http11 ? !close : keepAliveAsked && !close, expectContinue);
        return null;
    }

    // Only SP and HTAB are optional whitespace; string.Trim() would also drop Latin-1 NBSP (0xA0) and NEL (0x85),
    // turning "chunked\u00A0" into chunked while a front end in the chain sees an unknown coding.
    private static string TrimOws(string text) => text.Trim(' ', '\t');

    private static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    private static bool TryParseLength(string text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 18) return false;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
