using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

public class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-499", 1000, 0, 500)]
    [InlineData("bytes=500-999", 1000, 500, 500)]
    [InlineData("bytes=500-", 1000, 500, 500)]
    [InlineData("bytes=999-999", 1000, 999, 1)]
    [InlineData("bytes=0-0", 1, 0, 1)]
    [InlineData("bytes=900-5000", 1000, 900, 100)]
    [InlineData("bytes=-200", 1000, 800, 200)]
    [InlineData("bytes=-2000", 1000, 0, 1000)]
    [InlineData("bytes=-1", 1, 0, 1)]
    [InlineData("BYTES=1-2", 10, 1, 2)]
    [InlineData("  bytes=1-2  ", 10, 1, 2)]
    [InlineData("bytes=0-", 5_000_000_000, 0, 5_000_000_000)]
    [InlineData("bytes=4999999999-", 5_000_000_000, 4_999_999_999, 1)]
    // a last position past any length is still a range that ends at the last byte (RFC 9110 14.1.1)
    [InlineData("bytes=100-99999999999999999999", 1000, 100, 900)]
    [InlineData("bytes=-99999999999999999999", 1000, 0, 1000)]
    public void Satisfiable_range_resolves_to_offset_and_count(string header, long length, long offset, long count)
    {
        Assert.True(ByteRange.TryResolve(header, length, out long o, out long c));
        Assert.Equal((offset, count), (o, c));
    }

    [Theory]
    [InlineData("bytes=1000-", 1000)]
    [InlineData("bytes=1000-2000", 1000)]
    [InlineData("bytes=99999999999999999999-", 1000)]
    [InlineData("bytes=-0", 1000)]
    [InlineData("bytes=0-", 0)]
    [InlineData("bytes=-5", 0)]
    public void Unsatisfiable_range_is_refused(string header, long length)
    {
        Assert.False(ByteRange.TryResolve(header, length, out _, out _));
    }

    [Theory]
    [InlineData("items=0-1")]
    [InlineData("bytes=0-1,3-4")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=")]
    [InlineData("bytes=-")]
    [InlineData("bytes=1")]
    [InlineData("bytes=0x1-2")]
    [InlineData("bytes=+1-2")]
    [InlineData("bytes=1--2")]
    [InlineData("bytes=1-2-3")]
    public void Range_that_is_not_one_byte_range_resolves_to_the_whole_file(string header)
    {
        Assert.True(ByteRange.TryResolve(header, 1000, out long offset, out long count));
        Assert.Equal((0L, 1000L), (offset, count));
    }
}
