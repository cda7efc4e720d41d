namespace PoolHttp.Cmdlets;

/// <summary>
/// The error IDs users match in <c>FullyQualifiedErrorId</c> (<c>Id,PoolHttp.Cmdlets.XxxCommand</c>).
/// They are public: add new ones, never rename or reuse one.
/// </summary>
public static class ErrorIds
{
    /// <summary>The server could not listen: the port is taken, reserved, or the address is not this machine's.</summary>
    public const string PortUnavailable = "PortUnavailable";

    /// <summary>No server of this session matches the port (and address) asked for.</summary>
    public const string ServerNotFound = "ServerNotFound";

    /// <summary>A value no operation can run with (a missing root folder, an address that is not an IP address).</summary>
    public const string InvalidArgument = "InvalidArgument";

    /// <summary>Something this build of the engine does not do yet.</summary>
    public const string NotSupported = "NotSupported";

    /// <summary>A local file or folder could not be read or written.</summary>
    public const string LocalIOError = "LocalIOError";

    /// <summary>Access to a local file, folder or port was refused by the system.</summary>
    public const string AccessDenied = "AccessDenied";

    /// <summary>An operation took longer than its timeout.</summary>
    public const string Timeout = "Timeout";

    /// <summary>A local file or folder does not exist: a -Path that names nothing, a file to upload, a download's destination folder.</summary>
    public const string PathNotFound = "PathNotFound";

    // The IDs below follow PoolErrorKind (the client and stress engine); see ErrorMap.

    /// <summary>The server answered 404 for the remote file or folder.</summary>
    public const string RemoteFileNotFound = "RemoteFileNotFound";

    /// <summary>The server refused the path or the method (403, 405, read-only server).</summary>
    public const string RemoteAccessDenied = "RemoteAccessDenied";

    /// <summary>The remote state forbids the operation (409 non-empty folder, 412 file exists or changed since the If-Match version).</summary>
    public const string RemoteConflict = "RemoteConflict";

    /// <summary>Two local files of one upload call are bound for the same remote name: the second is not sent.</summary>
    public const string DuplicateRemoteName = "DuplicateRemoteName";

    /// <summary>No connection could be made to the server, or it broke off.</summary>
    public const string ServerUnreachable = "ServerUnreachable";

    /// <summary>No byte moved for longer than the idle timeout.</summary>
    public const string TransferTimedOut = "TransferTimedOut";

    /// <summary>The server's answer was not valid HTTP, or an unexpected status.</summary>
    public const string ProtocolError = "ProtocolError";

    /// <summary>The bytes moved do not match in length or SHA-256.</summary>
    public const string ChecksumMismatch = "ChecksumMismatch";

    /// <summary>The disk refused a write (full, read-only; 507 on the server).</summary>
    public const string DiskError = "DiskError";

    /// <summary>A credential would have gone over plain http:// without -AllowUnencryptedAuthentication; nothing was sent.</summary>
    public const string UnencryptedAuthentication = "UnencryptedAuthentication";
}
