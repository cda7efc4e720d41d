using PoolHttp.Engine.Http;
using static PoolHttp.Tests.Http.ParserFeed;

namespace PoolHttp.Tests.Http;

/// <summary>
/// Hostile bytes at scale for <see cref="RequestParser"/>: mutations of the request samples must parse to a head,
/// "need more" or a reject reason, never an exception, and to the same outcome however the bytes arrive.
/// </summary>
[Collection(nameof(FuzzCollection))]
public class RequestParserFuzzTests
{
    private const long CiCases = 5000;

    private static readonly byte[][] Corpus = RequestSamples.All().Select(row => Bytes((string)row[0])).Concat(ByteMutator.Latin1(
        "PUT /big HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999999999999\r\nExpect: 100-continue\r\n\r\n",
        "POST /form/ HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "FFFFFFFFFFFFFFF\r\n--b\r\n",
        "GET /a/b/../c/%2e%2e/%E2%82%AC?sort=name&order=desc#frag HTTP/1.1\r\nHost: [::1]:8885\r\nAccept: application/json;q=0.9\r\n" +
            "If-None-Match: \"x\", W/\"y\"\r\nRange: bytes=0-99,-5\r\nAuthorization: Basic dTpw\r\nX-A: 1\r\nX-B: 2\r\n\r\n",
        "LOCK /l HTTP/1.1\r\nHost: h\r\nTimeout: Second-600\r\nDepth: infinity\r\nIf: (<opaquelocktoken:abc>)\r\nContent-Length: 0\r\n\r\n")).ToArray();

    private static readonly byte[][] Dictionary = ByteMutator.Latin1(
        "\r\n", "\r\n\r\n", "\n", " ", ":", ": ", ",", "\t", "%00", "%2F", "%E2%82%AC", "%", "*", "?", "#", "\u00a0", "\u0085",
        "Host: h\r\n", "Host:", "Content-Length: ", "Content-Length: 5\r\n", "Content-Length: 99999999999999999999\r\n",
        "Content-Length: 9223372036854775807\r\n", "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\n",
        "Transfer-Encoding: chunked, identity", "chunked", "Connection: close\r\n", "Connection: keep-alive\r\n",
        "Expect: 100-continue\r\n", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/", "GET ", "PUT ", "OPTIONS * ", "http://h/");

    private static readonly ByteMutator Mutator = new(Corpus, Dictionary, maxLength: 4096);

    [Fact]
    public void Mutated_requests_reach_every_outcome_and_each_is_the_same_at_any_split()
    {
        var report = FuzzLoop.Run("request parser", CiCases, Mutator.Next, CSharpLiteral.Of, Check);

        Assert.True(report.Failed == 0, report.ToString());
        if (report.Cases < 1000) return;
        var reached = Enum.GetValues<RejectReason>().Where(r => r != RejectReason.HeaderTimeout).Select(r => $"Rejected({r})")
            .Append(nameof(ParseStatus.Complete)).Append(nameof(ParseStatus.NeedMore));
        Assert.All(reached, outcome => Assert.True(report.Outcomes.ContainsKey(outcome), $"{outcome} never reached:\n{report}"));
    }

    /// <summary>
    /// Parses whole, at a few seeded split points, in reads of a seeded size, and the complete head alone; all must agree,
    /// and no head may need more bytes than the limits allow. Two cases in three use tiny limits, half of them set a byte
    /// or two around this input's own request line and header section, so that the 414 and 431 edges are hit.
    /// </summary>
    private static string Check(byte[] input, Random rng)
    {
        var limits = rng.Next(3) switch
        {
            0 => ParserLimits.Default,
            1 => new ParserLimits(1 + rng.Next(64), 1 + rng.Next(512)),
            _ => EdgeLimits(input, rng),
        };
        var whole = ParseWhole(input, limits);

        int[] points = SplitPoints(input, rng);
        var split = ParseAtSplits(input, points, limits);
        Assert.True(split == whole, $"split at [{string.Join(", ", points)}] with {limits}: {split}; whole: {whole}");

        int read = 1 + rng.Next(Math.Max(input.Length, 1));
        var inReads = ParseInReads(input, read, limits);
        Assert.True(inReads == whole, $"in reads of {read} with {limits}: {inReads}; whole: {whole}");

        // The connection waits for more only while the parser says so; its buffer holds MaxHeadBytes and no more.
        int needed = whole.Status switch { ParseStatus.NeedMore => input.Length, ParseStatus.Complete => whole.Consumed, _ => 0 };
        Assert.True(needed <= limits.MaxHeadBytes, $"{whole} after {needed} bytes, over the {limits.MaxHeadBytes} a head may take");

        switch (whole.Status)
        {
            case ParseStatus.Complete:
                var alone = ParseWhole(input[..whole.Consumed], limits);
                Assert.True(alone == whole, $"the head alone with {limits}: {alone}; with what follows: {whole}");
                return nameof(ParseStatus.Complete);
            case ParseStatus.Rejected:
                Assert.True(Enum.IsDefined(whole.Reason!.Value) && whole.Reason != RejectReason.HeaderTimeout, $"{whole}");
                return $"Rejected({whole.Reason})";
            default:
                return nameof(ParseStatus.NeedMore);
        }
    }

    /// <summary>
    /// Limits within a few bytes of the input's own: the target (or the whole first line, which may be at most the
    /// target limit plus 64) and what follows the first line up to a blank line.
    /// </summary>
    private static ParserLimits EdgeLimits(byte[] input, Random rng)
    {
        var span = input.AsSpan();
        int lineEnd = span.IndexOf((byte)'\n');
        if (lineEnd < 0) lineEnd = input.Length;
        var line = span[..lineEnd];
        int target = Math.Max(0, line.LastIndexOf((byte)' ') - line.IndexOf((byte)' ') - 1);
        int maxTarget = (rng.Next(2) == 0 ? target : lineEnd - 64) + rng.Next(-3, 4);
        var rest = span[lineEnd..];
        int crlf = rest.IndexOf("\n\r\n"u8), lf = rest.IndexOf("\n\n"u8);
        int section = crlf < 0 && lf < 0 ? rest.Length : lf >= 0 && (crlf < 0 || lf < crlf) ? lf + 1 : crlf + 2;
        return new ParserLimits(Math.Max(1, maxTarget), Math.Max(1, section + rng.Next(-3, 4)));
    }

    /// <summary>One to three distinct points inside the input, ascending; half of them next to a CR or LF.</summary>
    private static int[] SplitPoints(byte[] input, Random rng)
    {
        if (input.Length < 2) return [];
        var breaks = input.Select((b, i) => (b, i)).Where(x => x.b is (byte)'\r' or (byte)'\n').Select(x => x.i).ToArray();
        return Enumerable.Range(0, 1 + rng.Next(3))
            .Select(_ => breaks.Length > 0 && rng.Next(2) == 0 ? breaks[rng.Next(breaks.Length)] + rng.Next(2) : rng.Next(input.Length))
            .Where(point => point > 0 && point < input.Length).Distinct().Order().ToArray();
    }

    /// <summary>Offers the bytes up to each split point in turn, then all of them, as a connection would after each read.</summary>
    private static ParseOutcome ParseAtSplits(byte[] input, int[] points, ParserLimits limits)
    {
        foreach (int point in points)
        {
            var status = RequestParser.Parse(input.AsSpan(0, point), limits, out var head, out int consumed, out var reason);
            if (status == ParseStatus.Complete) return ParseOutcome.Complete(head!.ToString(), consumed);
            if (status == ParseStatus.Rejected) return ParseOutcome.Rejected(reason);
            Assert.True(head is null && consumed == 0, $"NeedMore at {point} consumed {consumed} bytes");
        }
        return ParseWhole(input, limits);
    }
}
