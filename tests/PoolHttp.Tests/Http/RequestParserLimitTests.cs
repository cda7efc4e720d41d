using System.Text;
using PoolHttp.Engine.Http;
using static PoolHttp.Tests.Http.ParserFeed;

namespace PoolHttp.Tests.Http;

public class RequestParserLimitTests
{
    private const int MaxTarget = 8 * 1024;
    private const int MaxHeaderSection = 32 * 1024;
    private const string HostLine = "Host: h\r\n";

    [Fact]
    public void Default_limits_are_the_contracts()
    {
        Assert.Equal(MaxTarget, ParserLimits.Default.MaxTarget);
        Assert.Equal(MaxHeaderSection, ParserLimits.Default.MaxHeaderSection);
    }

    [Fact]
    public void Target_of_exactly_8_KiB_is_accepted_at_every_split()
    {
        string target = "/" + new string('t', MaxTarget - 1);
        var outcome = AssertSameAtEverySplit(Bytes($"GET {target} HTTP/1.1\r\n{HostLine}\r\n"));
        Assert.Equal(ParseStatus.Complete, outcome.Status);
        Assert.StartsWith($"GET {target} HTTP/1.1 ", outcome.Head, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_one_byte_over_8_KiB_is_refused_with_414_at_every_split()
    {
        string target = "/" + new string('t', MaxTarget);
        var outcome = AssertSameAtEverySplit(Bytes($"GET {target} HTTP/1.1\r\n{HostLine}\r\n"));
        Assert.Equal(ParseOutcome.Rejected(RejectReason.TargetTooLong), outcome);
    }

    [Fact]
    public void Longest_accepted_request_line_is_accepted_when_split_between_CR_and_LF()
    {
        // An unusual method makes the line as long as the parser allows while the target stays within 8 KiB.
        string method = new string('M', 54);
        string line = $"{method} /{new string('t', MaxTarget - 1)} HTTP/1.1";
        Assert.Equal(MaxTarget + 64, line.Length);
        var outcome = AssertSameAtEverySplit(Bytes(line + "\r\n" + HostLine + "\r\n"));
        Assert.Equal(ParseStatus.Complete, outcome.Status);
    }

    [Fact]
    public void Endless_request_line_is_refused_with_414_without_waiting_for_its_end()
    {
        byte[] bytes = Bytes("GET /" + new string('t', MaxTarget + 100));
        Assert.Equal(ParseOutcome.Rejected(RejectReason.TargetTooLong), ParseWhole(bytes));
        Assert.Equal(ParseOutcome.NeedMore, ParseWhole(bytes[..(MaxTarget + 10)]));
    }

    [Fact]
    public void Header_section_of_exactly_32_KiB_of_small_fields_is_accepted_at_every_split()
    {
        byte[] bytes = Bytes("GET / HTTP/1.1\r\n" + SmallFields(MaxHeaderSection) + "GET /next");
        var outcome = AssertSameAtEverySplit(bytes);
        Assert.Equal(ParseStatus.Complete, outcome.Status);
        Assert.Equal(bytes.Length - "GET /next".Length, outcome.Consumed);
    }

    [Fact]
    public void Header_section_one_byte_over_32_KiB_of_small_fields_is_refused_with_431_at_every_split()
    {
        var outcome = AssertSameAtEverySplit(Bytes("GET / HTTP/1.1\r\n" + SmallFields(MaxHeaderSection + 1)));
        Assert.Equal(ParseOutcome.Rejected(RejectReason.HeaderTooLarge), outcome);
    }

    [Fact]
    public void Header_section_of_exactly_32_KiB_in_one_field_is_accepted_at_every_split()
    {
        var outcome = AssertSameAtEverySplit(Bytes("PUT /a HTTP/1.1\r\n" + OneBigField(MaxHeaderSection)));
        Assert.Equal(ParseStatus.Complete, outcome.Status);
    }

    [Fact]
    public void Header_section_one_byte_over_32_KiB_in_one_field_is_refused_with_431_at_every_split()
    {
        var outcome = AssertSameAtEverySplit(Bytes("PUT /a HTTP/1.1\r\n" + OneBigField(MaxHeaderSection + 1)));
        Assert.Equal(ParseOutcome.Rejected(RejectReason.HeaderTooLarge), outcome);
    }

    [Fact]
    public void Header_section_with_bare_LF_endings_has_the_same_limit()
    {
        string fits = OneBigField(MaxHeaderSection).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n\n\n";
        Assert.Equal(ParseStatus.Complete, ParseWhole(Bytes("GET / HTTP/1.1\r\n" + fits)).Status);
        string over = OneBigField(MaxHeaderSection + 4).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(ParseOutcome.Rejected(RejectReason.HeaderTooLarge), ParseWhole(Bytes("GET / HTTP/1.1\r\n" + over)));
    }

    [Fact]
    public void Endless_header_section_is_refused_with_431_without_waiting_for_its_end()
    {
        string head = "GET / HTTP/1.1\r\n" + HostLine + "X-Endless: " + new string('e', MaxHeaderSection);
        Assert.Equal(ParseOutcome.Rejected(RejectReason.HeaderTooLarge), ParseWhole(Bytes(head)));
    }

    [Fact]
    public void Oversized_head_is_refused_before_it_could_fill_the_connection_buffer()
    {
        // The connection waits for more only while the parser says NeedMore; the largest such prefix must fit its buffer.
        var limits = ParserLimits.Default;
        Assert.True(limits.MaxHeadBytes < PoolHttp.Engine.Server.Connection.BufferSize);
        byte[] endless = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n" + new string('x', limits.MaxHeadBytes));
        Assert.Equal(ParseStatus.Rejected, ParseWhole(endless).Status);
    }

    [Theory]
    [InlineData(16, ParseStatus.Complete)]
    [InlineData(17, ParseStatus.Rejected)]
    public void At_most_16_stray_line_break_bytes_may_precede_a_request(int count, ParseStatus expected)
    {
        string blanks = string.Concat(Enumerable.Repeat("\r\n", count / 2)) + (count % 2 == 1 ? "\n" : "");
        var outcome = AssertSameAtEverySplit(Bytes(blanks + "GET / HTTP/1.1\r\n" + HostLine + "\r\n"));
        Assert.Equal(expected, outcome.Status);
    }

    [Theory]
    [InlineData(16, 64, "GET /234567890123456 HTTP/1.1\r\nHost: h\r\n\r\n", ParseStatus.Complete)]
    [InlineData(16, 64, "GET /2345678901234567 HTTP/1.1\r\nHost: h\r\n\r\n", ParseStatus.Rejected)]
    [InlineData(16, 27, "GET / HTTP/1.1\r\nHost: h\r\nX-Abcd: 123456\r\n\r\n", ParseStatus.Complete)]
    [InlineData(16, 26, "GET / HTTP/1.1\r\nHost: h\r\nX-Abcd: 123456\r\n\r\n", ParseStatus.Rejected)]
    public void Configured_limits_are_enforced_at_every_split(int maxTarget, int maxHeaderSection, string raw, ParseStatus expected)
    {
        var outcome = AssertSameAtEverySplit(Bytes(raw), new ParserLimits(maxTarget, maxHeaderSection));
        Assert.Equal(expected, outcome.Status);
    }

    /// <summary>
    /// Every prefix (reads of one byte) and a few read sizes give the whole input's outcome; the full theory over all
    /// read sizes would be quadratic in these large heads.
    /// </summary>
    private static ParseOutcome AssertSameAtEverySplit(byte[] bytes, ParserLimits? limits = null)
    {
        var whole = ParseWhole(bytes, limits);
        foreach (int cut in new[] { 1, 7, 64, 1000, 4096, bytes.Length - 1 })
        {
            if (cut >= 1 && cut < bytes.Length) Assert.Equal(whole, ParseInReads(bytes, cut, limits));
        }
        return whole;
    }

    /// <summary>A header section (Host first, blank line last) of exactly <paramref name="size"/> bytes in short fields.</summary>
    private static string SmallFields(int size)
    {
        var sb = new StringBuilder(HostLine);
        int i = 0;
        while (size - sb.Length - 2 >= 32) sb.Append(Invariant($"X-F{i++:D5}: value\r\n"));
        int pad = size - sb.Length - 2 - "X-Pad: \r\n".Length;
        sb.Append("X-Pad: ").Append('p', pad).Append("\r\n\r\n");
        Assert.Equal(size, sb.Length);
        return sb.ToString();
    }

    /// <summary>A header section of exactly <paramref name="size"/> bytes, almost all of it one field.</summary>
    private static string OneBigField(int size)
    {
        int value = size - HostLine.Length - "X-Big: \r\n\r\n".Length;
        string section = HostLine + "X-Big: " + new string('b', value) + "\r\n\r\n";
        Assert.Equal(size, section.Length);
        return section;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
