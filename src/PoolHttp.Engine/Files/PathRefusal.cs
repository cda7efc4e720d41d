namespace PoolHttp.Engine.Files;

/// <summary>
/// A path the store will not map, with the reason. Thrown by <see cref="FileStore.Resolve"/> before anything on
/// disk is touched; the server decides what its clients are told.
/// </summary>
public sealed class PathRefusal : Exception
{
    /// <summary>Creates a refusal with its reason and a human-readable detail.</summary>
    public PathRefusal(PathRefusalReason reason, string detail) : base(detail) => Reason = reason;

    /// <summary>Why the path was refused.</summary>
    public PathRefusalReason Reason { get; }
}
