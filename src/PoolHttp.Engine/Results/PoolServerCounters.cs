namespace PoolHttp.Engine.Results;

/// <summary>A server's request and byte counts at one moment, as <see cref="PoolServerInfo"/> shows them.</summary>
/// <param name="Requests">Requests whose exchange has ended.</param>
/// <param name="Succeeded">Requests answered whole with a status below 500.</param>
/// <param name="Failed">Requests answered 5xx or broken off.</param>
/// <param name="Active">Requests in progress.</param>
/// <param name="BytesReceived">Bytes read from clients.</param>
/// <param name="BytesSent">Bytes written to clients.</param>
public readonly record struct PoolServerCounters(long Requests, long Succeeded, long Failed, long Active, long BytesReceived, long BytesSent);
