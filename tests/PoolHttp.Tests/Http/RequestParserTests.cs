using PoolHttp.Engine.Http;
using static PoolHttp.Tests.Http.ParserFeed;

namespace PoolHttp.Tests.Http;

public class RequestParserTests
{
    [Theory, MemberData(nameof(RequestSamples.All), MemberType = typeof(RequestSamples))]
    public void Parse_result_does_not_depend_on_how_bytes_arrive(string raw)
    {
        byte[] bytes = Bytes(raw);
        ParseOutcome whole = ParseWhole(bytes);
        for (int cut = 1; cut < bytes.Length; cut++)
            Assert.Equal(whole, ParseInReads(bytes, cut));
    }

    [Theory, MemberData(nameof(RequestSamples.Valid), MemberType = typeof(RequestSamples))]
    public void Valid_head_parses_to_its_fields_and_consumes_only_itself(string head, string following, string expected)
    {
        var outcome = ParseWhole(Bytes(head + following));
        Assert.Equal(ParseOutcome.Complete(expected, Bytes(head).Length), outcome);
    }

    [Theory, MemberData(nameof(RequestSamples.Invalid), MemberType = typeof(RequestSamples))]
    public void Invalid_head_is_rejected_with_its_reason(string raw, RejectReason reason)
    {
        Assert.Equal(ParseOutcome.Rejected(reason), ParseWhole(Bytes(raw)));
    }

    [Theory, MemberData(nameof(RequestSamples.Incomplete), MemberType = typeof(RequestSamples))]
    public void Incomplete_head_needs_more_and_consumes_nothing(string raw)
    {
        Assert.Equal(ParseOutcome.NeedMore, ParseWhole(Bytes(raw)));
    }

    [Fact]
    public void Head_exposes_framing_and_headers_by_case_insensitive_name()
    {
        var bytes = Bytes("PUT /a%20b?x=1 HTTP/1.1\r\nhost: h\r\nX-Dup: one\r\nx-dup: two\r\nContent-Length: 7\r\n\r\n");
        Assert.Equal(ParseStatus.Complete, RequestParser.Parse(bytes, ParserLimits.Default, out var head, out _, out _));
        Assert.NotNull(head);
        Assert.Equal("PUT", head.Method);
        Assert.Equal("/a%20b?x=1", head.Target);
        Assert.True(head.IsHttp11);
        Assert.Equal(7, head.ContentLength);
        Assert.True(head.HasBody);
        Assert.Equal("h", head.Get("HOST"));
        Assert.Equal("one", head.Get("x-DUP"));
        Assert.Null(head.Get("Missing"));
        Assert.Equal(4, head.Headers.Count);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\n\r\n", false)]
    [InlineData("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\n", true)]
    [InlineData("PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", true)]
    public void Has_body_follows_the_framing(string raw, bool hasBody)
    {
        Assert.Equal(ParseStatus.Complete, RequestParser.Parse(Bytes(raw), ParserLimits.Default, out var head, out _, out _));
        Assert.Equal(hasBody, head!.HasBody);
    }

    [Fact]
    public void Second_pipelined_request_parses_from_where_the_first_stopped()
    {
        byte[] bytes = Bytes("PUT /1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /2 HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(ParseStatus.Complete, RequestParser.Parse(bytes, ParserLimits.Default, out var first, out int consumed, out _));
        int next = consumed + (int)first!.ContentLength!.Value;
        Assert.Equal("abc", System.Text.Encoding.Latin1.GetString(bytes, consumed, 3));
        Assert.Equal(ParseStatus.Complete, RequestParser.Parse(bytes.AsSpan(next), ParserLimits.Default, out var second, out int consumed2, out _));
        Assert.Equal("/2", second!.Target);
        Assert.Equal(bytes.Length - next, consumed2);
    }
}
