using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

/// <summary>Raw request heads, valid and invalid, with what the parser must make of them.</summary>
public static class RequestSamples
{
    private const string CL5 = "Content-Length: 5\r\n";
    private const string TEChunked = "Transfer-Encoding: chunked\r\n";

    /// <summary>(head, bytes that follow it, expected canonical head). The parser must consume exactly the head.</summary>
    public static TheoryData<string, string, string> Valid => new()
    {
        { "GET / HTTP/1.1\r\nHost: example\r\n\r\n", "", Head("GET / HTTP/1.1", null, false, true, false, "Host: example") },
        { "HEAD /a.txt HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n", "", Head("HEAD /a.txt HTTP/1.1", null, false, true, false, "Host: h", "Accept: */*") },
        { "PUT /up.bin HTTP/1.1\r\nHost: h\r\n" + CL5 + "\r\n", "hello", Head("PUT /up.bin HTTP/1.1", 5, false, true, false, "Host: h", "Content-Length: 5") },
        { "PUT /up.bin HTTP/1.1\r\nHost: h\r\n" + TEChunked + "\r\n", "5\r\nhello\r\n0\r\n\r\n", Head("PUT /up.bin HTTP/1.1", null, true, true, false, "Host: h", "Transfer-Encoding: chunked") },
        { "PUT /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\tChunked \r\n\r\n", "0\r\n\r\n", Head("PUT /a HTTP/1.1", null, true, true, false, "Host: h", "Transfer-Encoding: Chunked") },
        { "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ,chunked,\r\n\r\n", "", Head("POST /a HTTP/1.1", null, true, true, false, "Host: h", "Transfer-Encoding: ,chunked,") },
        { "PUT /z HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", "", Head("PUT /z HTTP/1.1", 0, false, true, false, "Host: h", "Content-Length: 0") },
        // identical duplicates of Content-Length are one length (RFC 9110 8.6)
        { "PUT /d HTTP/1.1\r\nHost: h\r\n" + CL5 + CL5 + "\r\n", "hello", Head("PUT /d HTTP/1.1", 5, false, true, false, "Host: h", "Content-Length: 5", "Content-Length: 5") },
        { "PUT /d HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\n\r\n", "hello", Head("PUT /d HTTP/1.1", 5, false, true, false, "Host: h", "Content-Length: 5, 5") },
        { "GET / HTTP/1.0\r\n\r\n", "", Head("GET / HTTP/1.0", null, false, false, false) },
        { "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "", Head("GET / HTTP/1.0", null, false, true, false, "Connection: keep-alive") },
        { "GET / HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n", "", Head("GET / HTTP/1.0", null, false, true, false, "connection: Keep-Alive") },
        { "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", "", Head("GET / HTTP/1.0", null, false, false, false, "Connection: keep-alive, close") },
        { "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", "", Head("GET / HTTP/1.1", null, false, false, false, "Host: h", "Connection: close") },
        { "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, CLOSE\r\n\r\n", "", Head("GET / HTTP/1.1", null, false, false, false, "Host: h", "Connection: Upgrade, CLOSE") },
        { "PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n", "abc", Head("PUT /e HTTP/1.1", 3, false, true, true, "Host: h", "Expect: 100-continue", "Content-Length: 3") },
        { "PUT /e HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n", "abc", Head("PUT /e HTTP/1.0", 3, false, false, false, "Expect: 100-continue", "Content-Length: 3") },
        { "\r\n\r\nGET /after-blank HTTP/1.1\r\nHost: h\r\n\r\n", "", Head("GET /after-blank HTTP/1.1", null, false, true, false, "Host: h") },
        { "\nGET /bare HTTP/1.1\nHost: h\nX-A: 1\n\n", "", Head("GET /bare HTTP/1.1", null, false, true, false, "Host: h", "X-A: 1") },
        { "GET /mixed HTTP/1.1\nHost: h\r\nX-A: 1\n\r\n", "", Head("GET /mixed HTTP/1.1", null, false, true, false, "Host: h", "X-A: 1") },
        // pipelining: the first head ends where the second request starts, whatever follows
        { "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n", "GET /2 HTTP/1.1\r\nHost: h\r\n\r\n", Head("GET /1 HTTP/1.1", null, false, true, false, "Host: h") },
        { "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n", "BROKEN\r\n", Head("GET /1 HTTP/1.1", null, false, true, false, "Host: h") },
        { "PUT /1 HTTP/1.1\r\nHost: h\r\n" + CL5 + "\r\n", "helloGET /2 HTTP/1.1\r\n\r\n", Head("PUT /1 HTTP/1.1", 5, false, true, false, "Host: h", "Content-Length: 5") },
        { "GET http://example.com/a/b?c=1 HTTP/1.1\r\nHost: example.com\r\n\r\n", "", Head("GET http://example.com/a/b?c=1 HTTP/1.1", null, false, true, false, "Host: example.com") },
        { "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", "", Head("OPTIONS * HTTP/1.1", null, false, true, false, "Host: h") },
        { "PROPFIND /%E2%82%AC?x=%20&y HTTP/1.1\r\nHost: h\r\n\r\n", "", Head("PROPFIND /%E2%82%AC?x=%20&y HTTP/1.1", null, false, true, false, "Host: h") },
        { "get / HTTP/1.1\r\nHost: h\r\n\r\n", "", Head("get / HTTP/1.1", null, false, true, false, "Host: h") },
        // obs-text values are Latin-1; optional whitespace around a value is not part of it
        { "GET / HTTP/1.1\r\nHost:   h \t\r\nX-Name: caf\u00e9 \u00ff\u0080\r\nX-Empty:\r\nX-Time: 12:00:00\r\n\r\n", "",
            Head("GET / HTTP/1.1", null, false, true, false, "Host: h", "X-Name: caf\u00e9 \u00ff\u0080", "X-Empty: ", "X-Time: 12:00:00") },
        { "GET / HTTP/1.1\r\nhOsT: h\r\nX-Tab: a\tb\r\n\r\n", "", Head("GET / HTTP/1.1", null, false, true, false, "hOsT: h", "X-Tab: a\tb") },
        { "DELETE /x HTTP/1.1\r\nHost: h\r\ncontent-length: 2\r\n\r\n", "{}", Head("DELETE /x HTTP/1.1", 2, false, true, false, "Host: h", "content-length: 2") },
    };

    /// <summary>(raw, why it must be refused).</summary>
    public static TheoryData<string, RejectReason> Invalid => new()
    {
        // request line
        { "GET\r\n\r\n", RejectReason.BadRequestLine },
        { "GET /\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET /  HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET / HTTP/1.1 \r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { " GET / HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET\t/\tHTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET /a\tb HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET /a\u0001b HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET /a\u0000b HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET /a\u007f HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET /caf\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET /a\rb HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET / HTTP/1.1\rHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { new string('\n', 17) + "GET / HTTP/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        // versions: well-formed but unsupported is 505, anything else is 400
        { "GET / HTTP/2.0\r\nHost: h\r\n\r\n", RejectReason.VersionNotSupported },
        { "GET / HTTP/1.2\r\nHost: h\r\n\r\n", RejectReason.VersionNotSupported },
        { "GET / HTTP/0.9\r\n\r\n", RejectReason.VersionNotSupported },
        { "GET / HTTP/1.1x\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET / HTTP/1.10\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET / HTTP/1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET / http/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET / HTTP/a.b\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET / FOO/1.1\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        { "GET / HTTP/11\r\nHost: h\r\n\r\n", RejectReason.BadRequestLine },
        // header fields
        { "GET / HTTP/1.1\r\nHost : h\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost h\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost: h\r\n: empty name\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost: h\r\nX A: 1\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost: h\r\nX\u00e9: 1\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  folded\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\tfolded\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\n Host: h\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0000b\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0001b\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u007fb\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost: h\rX-A: 1\r\n\r\n", RejectReason.BadHeader },
        { "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\r\n\r\n", RejectReason.BadHeader },
        // request smuggling: framing that two parsers could read differently is refused
        { "POST / HTTP/1.1\r\nHost: h\r\n" + CL5 + TEChunked + "\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\n" + TEChunked + CL5 + "\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n" + CL5 + "\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 6\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5,\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5a\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x5\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1 2\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", RejectReason.BadFraming },
        // Latin-1 NBSP and NEL are not optional whitespace: "5\u00a0" is not a length, "chunked\u0085" not chunked
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\u00a0\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \u00855\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\u00a0\r\n\r\n", RejectReason.UnknownTransferEncoding },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \u0085chunked\r\n\r\n", RejectReason.UnknownTransferEncoding },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\u000b\r\n\r\n", RejectReason.BadHeader },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding : chunked\r\n\r\n", RejectReason.BadHeader },
        { "POST / HTTP/1.1\r\nHost: h\r\nX: y\r\n Transfer-Encoding: chunked\r\n\r\n", RejectReason.BadHeader },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", RejectReason.UnknownTransferEncoding },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n", RejectReason.UnknownTransferEncoding },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n", RejectReason.UnknownTransferEncoding },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", RejectReason.UnknownTransferEncoding },
        // chunked that is not the last coding, or is applied twice, leaves the length undeterminable (RFC 9112 6.3): 400
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, identity\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\n" + TEChunked + TEChunked + "\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\n" + TEChunked + "Transfer-Encoding: gzip\r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \r\n\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ,\r\n\r\n", RejectReason.BadFraming },
        // an HTTP/1.0 message with Transfer-Encoding has faulty framing (RFC 9112 6.1)
        { "POST / HTTP/1.0\r\n" + TEChunked + "\r\n", RejectReason.BadFraming },
        { "POST / HTTP/1.0\r\nConnection: keep-alive\r\n" + TEChunked + "\r\n", RejectReason.BadFraming },
        // Host: exactly one on HTTP/1.1, never more than one (RFC 9112 3.2)
        { "GET / HTTP/1.1\r\n\r\n", RejectReason.BadHost },
        { "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", RejectReason.BadHost },
        { "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", RejectReason.BadHost },
        { "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", RejectReason.BadHost },
    };

    /// <summary>Heads that are not complete yet.</summary>
    public static TheoryData<string> Incomplete => new()
    {
        "",
        "\r\n\r\n",
        "GET",
        "GET / HTTP/1.1",
        "GET / HTTP/1.1\r\nHost: h\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n\r",
        "GET / HTTP/1.1\r\nHost: h\rX: 1\r\r",
        "PUT /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5",
    };

    /// <summary>Every sample above, as raw bytes: valid (with what follows), invalid and incomplete.</summary>
    public static IEnumerable<object[]> All()
    {
        foreach (var row in Valid) yield return new object[] { (string)row[0] + (string)row[1] };
        foreach (var row in Invalid) yield return new object[] { (string)row[0] };
        foreach (string raw in Incomplete) yield return new object[] { raw };
    }

    /// <summary>The canonical form of <see cref="RequestHead.ToString"/>.</summary>
    public static string Head(string requestLine, long? length, bool chunked, bool keepAlive, bool expectContinue, params string[] headers)
    {
        string text = $"{requestLine} len={(length is long n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")} " +
            $"chunked={chunked} keepalive={keepAlive} continue={expectContinue}";
        return headers.Length == 0 ? text : text + "\n" + string.Join("\n", headers);
    }
}
