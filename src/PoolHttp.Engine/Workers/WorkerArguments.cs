using System.Globalization;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// What a process-pool child needs to know from its parent. It travels on the child's command line
/// (the hosting layer writes and reads it); secrets travel over the control pipe (<see cref="WorkerSecrets"/>).
/// </summary>
public sealed record WorkerArguments(long ListenHandle, int Id, int Workers, string CountersPath, DateTimeOffset StartedAt,
    ServerOptions Options)
{
    /// <summary>True when the child reports an access-log line per request to its parent.</summary>
    public bool AccessLog { get; init; }

    /// <summary>The descriptor of the pool's hand-over socket that connections are sent on, or -1 (see <see cref="ConnectionHandoff"/>).</summary>
    public long HandoffSend { get; init; } = -1;

    /// <summary>The descriptor of the pool's hand-over socket that connections are taken from, or -1.</summary>
    public long HandoffReceive { get; init; } = -1;
}
