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

    /// <summary>One ASCII line carrying the entry from a process-pool child to its parent (see <see cref="FromWire"/>).</summary>
    public string ToWire() => string.Create(CultureInfo.InvariantCulture,
        $"{Uri.EscapeDataString(Remote)} {Time.ToUnixTimeMilliseconds()} {Status} {BytesSent} {Duration.Ticks} {WorkerId} {Uri.EscapeDataString(RequestLine)}");

    /// <summary>Reads what <see cref="ToWire"/> wrote; null for anything else.</summary>
    public static AccessLogEntry? FromWire(string line)
    {
        var f = line.Split(' ');
        if (f.Length != 7) return null;
        var n = CultureInfo.InvariantCulture;
        if (!long.TryParse(f[1], NumberStyles.Integer, n, out long ms) || !int.TryParse(f[2], NumberStyles.Integer, n, out int status) ||
            !long.TryParse(f[3], NumberStyles.Integer, n, out long sent) || !long.TryParse(f[4], NumberStyles.Integer, n, out long ticks) ||
            !int.TryParse(f[5], NumberStyles.Integer, n, out int worker))
        {
            return null;
        }
        return new AccessLogEntry(Uri.UnescapeDataString(f[0]), DateTimeOffset.FromUnixTimeMilliseconds(ms), Uri.UnescapeDataString(f[6]),
            status, sent, TimeSpan.FromTicks(ticks), worker);
    }
}
