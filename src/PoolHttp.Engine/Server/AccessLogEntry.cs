using System.Globalization;

namespace PoolHttp.Engine.Server;

/// <summary>One finished exchange, as an access log records it.</summary>
/// <param name="Remote">The client's address.</param>
/// <param name="Time">When the exchange ended.</param>
/// <param name="RequestLine">Method, target and version, or "-" for a head that never parsed.</param>
/// <param name="Status">The status sent, or 0 when the exchange broke off before one was.</param>
/// <param name="BytesSent">Body bytes sent.</param>
/// <param name="Duration">Time from the start of processing to the end.</param>
/// <param name="WorkerId">The worker that served it.</param>
public sealed record AccessLogEntry(string Remote, DateTimeOffset Time, string RequestLine, int Status, long BytesSent,
    TimeSpan Duration, int WorkerId)
{
    /// <summary>Common log format followed by the duration in milliseconds.</summary>
    public string ToCommonLogFormat() => string.Create(CultureInfo.InvariantCulture,
        $"{Remote} - - [{Time.UtcDateTime:dd/MMM/yyyy:HH:mm:ss} +0000] \"{RequestLine}\" {(Status == 0 ? "-" : Status)} {BytesSent} {Duration.TotalMilliseconds:0.0}ms");
}
