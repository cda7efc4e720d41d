using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Workers;

/// <summary>What a server needs from its workers, whichever kind they are.</summary>
internal interface IWorkerPool
{
    /// <summary>Live counters of the whole pool.</summary>
    ServerStatistics Statistics();

    /// <summary>Graceful stop, bounded by <paramref name="timeout"/>; then everything is closed.</summary>
    void Stop(TimeSpan timeout);
}
