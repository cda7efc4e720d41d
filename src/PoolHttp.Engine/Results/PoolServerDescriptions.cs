using System.Globalization;

namespace PoolHttp.Engine.Results;

/// <summary>A server in words, for what Start-, Stop- and Get-PoolHttpServer say with <c>-Verbose</c>.</summary>
public static class PoolServerDescriptions
{
    /// <summary>How it runs and where: <c>Thread mode, 5 workers, serving '/srv/files' at http://127.0.0.1:8885/</c>.</summary>
    public static string DescribeSetup(this PoolServerInfo server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return string.Create(CultureInfo.InvariantCulture,
            $"{server.Mode} mode, {server.Workers} worker{(server.Workers == 1 ? "" : "s")}, serving '{server.Root}' at {server.Uri}");
    }

    /// <summary>Its counts: <c>12 requests (11 succeeded, 1 failed, 0 active), 1024 bytes received, 5120 bytes sent</c>.</summary>
    public static string DescribeCounts(this PoolServerInfo server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return string.Create(CultureInfo.InvariantCulture,
            $"{server.Requests} request{(server.Requests == 1 ? "" : "s")} ({server.Succeeded} succeeded, {server.Failed} failed, {server.Active} active), "
            + $"{server.BytesReceived} bytes received, {server.BytesSent} bytes sent");
    }
}
