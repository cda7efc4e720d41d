namespace PoolHttp.Engine.Results;

/// <summary>
/// Where a <see cref="PoolServerInfo"/> reads its live state and statistics from: the server itself, implemented
/// where servers live, so that this folder needs nothing of theirs.
/// </summary>
public interface IPoolServerSource
{
    /// <summary>True until the server has been stopped.</summary>
    bool IsRunning { get; }

    /// <summary>The request and byte counts now; the final ones once the server has stopped.</summary>
    PoolServerCounters ReadCounters();
}
