namespace PoolHttp.Engine.Results;

/// <summary>How the clients of a stress row run.</summary>
public enum StressClientMode
{
    /// <summary>Concurrent transfers inside the runner's process, one client (and connection) each.</summary>
    Thread,

    /// <summary>One child <c>poolhttp stress-client</c> process per client.</summary>
    Process,
}
