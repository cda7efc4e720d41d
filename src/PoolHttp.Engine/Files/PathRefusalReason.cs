namespace PoolHttp.Engine.Files;

/// <summary>Why <see cref="FileStore.Resolve"/> refused a path.</summary>
public enum PathRefusalReason
{
    /// <summary>No file could have this path: not rooted, an empty segment, a NUL or a backslash.</summary>
    Malformed,

    /// <summary>The path would leave the served root: a ".." above it or a drive form.</summary>
    OutsideRoot,

    /// <summary>A link along the path points out of the served root (or the links loop).</summary>
    LinkOutsideRoot,
}
