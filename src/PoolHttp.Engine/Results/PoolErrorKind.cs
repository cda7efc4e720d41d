namespace PoolHttp.Engine.Results;

/// <summary>What went wrong, in the few categories callers act on (and PowerShell error categories follow).</summary>
public enum PoolErrorKind
{
    /// <summary>The remote or local file or folder does not exist (404, 410, a missing local file).</summary>
    NotFound,

    /// <summary>The server or the file system refused (401, 403, 405 on a read-only server, local access denied).</summary>
    Forbidden,

    /// <summary>The request conflicts with what exists (409 non-empty folder or folder in the way, 412 no-overwrite or a stale If-Match), or, about a local path, with another file of the same call bound for one remote name.</summary>
    Conflict,

    /// <summary>The server could not be reached, or the connection broke (refused, unknown host, reset; 502, 503).</summary>
    Unreachable,

    /// <summary>No byte moved for longer than the idle timeout (also 408, 504).</summary>
    Timeout,

    /// <summary>The server answered something the client cannot use (a short body, a bad range, 415, 501, 505).</summary>
    Protocol,

    /// <summary>The bytes are not what was announced: a length or checksum mismatch, a file changed while it was read.</summary>
    Integrity,

    /// <summary>A disk refused a write, locally or on the server (507, 500).</summary>
    Disk,

    /// <summary>The caller asked for something that cannot be done as asked (a bad URL or name, 400, 413 too large, 414, 431).</summary>
    InvalidArgument,

    /// <summary>
    /// A credential would have gone over plain http:// and the caller did not allow it; nothing was sent
    /// (the client's credential transport rule).
    /// </summary>
    UnencryptedAuthentication,
}
