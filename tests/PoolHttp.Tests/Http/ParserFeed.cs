using System.Text;
using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

/// <summary>Drives <see cref="RequestParser"/> the way a connection does: a growing prefix, retried while it needs more.</summary>
public static class ParserFeed
{
    public static byte[] Bytes(string raw) => Encoding.Latin1.GetBytes(raw);

    /// <summary>Parses the whole input at once.</summary>
    public static ParseOutcome ParseWhole(byte[] bytes, ParserLimits? limits = null) => ParseInReads(bytes, Math.Max(bytes.Length, 1), limits);

    /// <summary>
    /// Offers the first <paramref name="cut"/> bytes, then <paramref name="cut"/> more each time the parser says
    /// NeedMore, until it decides or the input runs out. Asserts that nothing is consumed before the head is complete.
    /// </summary>
    public static ParseOutcome ParseInReads(byte[] bytes, int cut, ParserLimits? limits = null)
    {
        limits ??= ParserLimits.Default;
        int fed = Math.Min(cut, bytes.Length);
        while (true)
        {
            var status = RequestParser.Parse(bytes.AsSpan(0, fed), limits, out var head, out int consumed, out var reason);
            switch (status)
            {
                case ParseStatus.Complete:
                    Assert.NotNull(head);
                    Assert.InRange(consumed, 1, fed);
                    return ParseOutcome.Complete(head.ToString(), consumed);
                case ParseStatus.Rejected:
                    Assert.Null(head);
                    Assert.Equal(0, consumed);
                    return ParseOutcome.Rejected(reason);
                default:
                    Assert.Null(head);
                    Assert.Equal(0, consumed);
                    if (fed == bytes.Length) return ParseOutcome.NeedMore;
                    fed = Math.Min(fed + cut, bytes.Length);
                    break;
            }
        }
    }
}
