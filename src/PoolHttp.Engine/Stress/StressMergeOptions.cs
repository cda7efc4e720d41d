using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Stress;

/// <summary>What <see cref="StressMerge"/> knows besides the clients' own results.</summary>
public sealed record StressMergeOptions
{
    /// <summary>How the hosts ran their clients.</summary>
    public StressClientMode ClientMode { get; init; } = StressClientMode.Thread;

    /// <summary>The server's worker count from its statistics, or null.</summary>
    public int? ServerWorkers { get; init; }

    /// <summary>The server's concurrency model from its statistics, or null.</summary>
    public ServerMode? ServerMode { get; init; }

    /// <summary>
    /// Each host's clock minus the reference clock (the computer that merges), by host name; a host not named is
    /// taken to agree with the reference. Start and end times are corrected by it before the row's span is taken.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan>? ClockOffsets { get; init; }

    /// <summary>The server's counts per row; a row not given has null counts.</summary>
    public IReadOnlyList<StressRowCounts>? ServerCounts { get; init; }
}
