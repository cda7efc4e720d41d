namespace PoolHttp.Engine.Results;

/// <summary>How a server runs its workers.</summary>
public enum ServerMode
{
    /// <summary>N dedicated worker threads in the server's process.</summary>
    Thread,
    /// <summary>N child processes sharing the listening socket, one connection each at a time.</summary>
    Process,
}
