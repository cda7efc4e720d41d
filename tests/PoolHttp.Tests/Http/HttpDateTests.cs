using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

public class HttpDateTests
{
    private static readonly DateTimeOffset Example = new(1994, 11, 6, 8, 49, 37, TimeSpan.Zero);

    [Theory]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT")]
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT")]
    [InlineData("Sun Nov  6 08:49:37 1994")]
    [InlineData("  Sun, 06 Nov 1994 08:49:37 GMT  ")]
    public void All_three_HTTP_date_forms_parse_to_the_same_UTC_instant(string text)
    {
        Assert.True(HttpDate.TryParse(text, out var value));
        Assert.Equal(Example, value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("Wed, 16 Nov 1994 08:49:37 GMT", "Wed Nov 16 08:49:37 1994")]
    [InlineData("Thu, 01 Jan 1970 00:00:00 GMT", "Thursday, 01-Jan-70 00:00:00 GMT")]
    [InlineData("Fri, 31 Dec 1999 23:59:59 GMT", "Friday, 31-Dec-99 23:59:59 GMT")]
    public void Obsolete_forms_agree_with_IMF_fixdate(string fixdate, string obsolete)
    {
        Assert.True(HttpDate.TryParse(fixdate, out var a));
        Assert.True(HttpDate.TryParse(obsolete, out var b));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Date_written_by_the_server_parses_back()
    {
        var now = new DateTimeOffset(2026, 2, 28, 23, 5, 9, TimeSpan.Zero);
        Assert.True(HttpDate.TryParse(now.ToString("r", System.Globalization.CultureInfo.InvariantCulture), out var back));
        Assert.Equal(now, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("1994-11-06T08:49:37Z")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 PST")]
    [InlineData("Sun, 06 Nov 1994 08:49:37")]
    [InlineData("Sun, 32 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 1994 25:00:00 GMT")]
    [InlineData("Sun, 06 Foo 1994 08:49:37 GMT")]
    [InlineData("784111777")]
    public void Text_that_is_not_an_HTTP_date_is_refused(string text)
    {
        Assert.False(HttpDate.TryParse(text, out _));
    }
}
