using System.Globalization;
using System.Management.Automation;
using System.Net.Sockets;
using PoolHttp.Engine.Results;

namespace PoolHttp.Cmdlets;

/// <summary>
/// The only place that builds <see cref="ErrorRecord"/>s: the ID from <see cref="ErrorIds"/>, the category from
/// what failed, the target the cmdlet names, and in <see cref="ErrorDetails"/> (what PowerShell shows) the engine's
/// message naming the request, the status and the server's detail.
/// </summary>
internal static class ErrorMap
{
    /// <summary>True for the failures the engine reports on purpose; anything else is a bug and is left to PowerShell.</summary>
    public static bool IsExpected(Exception e) =>
        e is PoolException or SessionStateException or SocketException or ArgumentException or KeyNotFoundException
          or NotSupportedException or UnauthorizedAccessException or TimeoutException or IOException;

    /// <summary>The record for <paramref name="e"/>, about <paramref name="target"/> (a port, a URI, a path).</summary>
    public static ErrorRecord ToRecord(Exception e, object? target)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is PoolException p) return Build(p, IdOf(p), CategoryOf(p), p.Target ?? target, p.Message);
        return e switch
        {
            // The server API throws SocketException only when its listening socket will not bind.
            SocketException s => Build(s, ErrorIds.PortUnavailable, BindCategory(s.SocketErrorCode), target,
                string.Create(CultureInfo.InvariantCulture, $"Cannot listen on {target}: {s.Message}")),
            KeyNotFoundException => Build(e, ErrorIds.ServerNotFound, ErrorCategory.ObjectNotFound, target, null),
            // Resolving a PowerShell path: an item that does not exist, or a drive or provider that does not.
            ItemNotFoundException => Build(e, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, target, null),
            SessionStateException => Build(e, ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target, null),
            ArgumentException => Build(e, ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target, null),
            NotSupportedException => Build(e, ErrorIds.NotSupported, ErrorCategory.NotImplemented, target, null),
            UnauthorizedAccessException => Build(e, ErrorIds.AccessDenied, ErrorCategory.PermissionDenied, target, null),
            TimeoutException => Build(e, ErrorIds.Timeout, ErrorCategory.OperationTimeout, target, null),
            IOException => Build(e, ErrorIds.LocalIOError, ErrorCategory.WriteError, target, null),
            _ => throw new ArgumentException($"No error mapping for {e.GetType().FullName}.", nameof(e), e),
        };
    }

    /// <summary>The ID follows the kind; a target that is a local path (not a URI) names the local side.</summary>
    private static string IdOf(PoolException p) => p.Kind switch
    {
        PoolErrorKind.NotFound => p.Target is string ? ErrorIds.PathNotFound : ErrorIds.RemoteFileNotFound,
        PoolErrorKind.Forbidden => p.Target is string ? ErrorIds.AccessDenied : ErrorIds.RemoteAccessDenied,
        PoolErrorKind.Conflict => p.Target is string ? ErrorIds.DuplicateRemoteName : ErrorIds.RemoteConflict,
        PoolErrorKind.Unreachable => ErrorIds.ServerUnreachable,
        PoolErrorKind.Timeout => ErrorIds.TransferTimedOut,
        PoolErrorKind.Protocol => ErrorIds.ProtocolError,
        PoolErrorKind.Integrity => ErrorIds.ChecksumMismatch,
        PoolErrorKind.Disk => ErrorIds.DiskError,
        PoolErrorKind.UnencryptedAuthentication => ErrorIds.UnencryptedAuthentication,
        _ => ErrorIds.InvalidArgument,
    };

    /// <summary>412 (the file exists and may not be replaced, or changed since the If-Match version) and a remote name another local file took are ResourceExists; 409 and other conflicts refuse a write.</summary>
    private static ErrorCategory CategoryOf(PoolException p) => p.Kind switch
    {
        PoolErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        PoolErrorKind.Forbidden => ErrorCategory.PermissionDenied,
        PoolErrorKind.Conflict => p.StatusCode == 412 || p.Target is string ? ErrorCategory.ResourceExists : ErrorCategory.WriteError,
        PoolErrorKind.Unreachable => ErrorCategory.ConnectionError,
        PoolErrorKind.Timeout => ErrorCategory.OperationTimeout,
        PoolErrorKind.Protocol => ErrorCategory.ProtocolError,
        PoolErrorKind.Integrity => ErrorCategory.InvalidResult,
        PoolErrorKind.Disk => ErrorCategory.WriteError,
        _ => ErrorCategory.InvalidArgument,
    };

    private static ErrorCategory BindCategory(SocketError code) => code switch
    {
        SocketError.AccessDenied => ErrorCategory.PermissionDenied,
        SocketError.AddressNotAvailable => ErrorCategory.InvalidArgument,
        _ => ErrorCategory.ResourceUnavailable,
    };

    private static ErrorRecord Build(Exception e, string id, ErrorCategory category, object? target, string? detail)
    {
        var record = new ErrorRecord(e, id, category, target);
        if (!string.IsNullOrEmpty(detail)) record.ErrorDetails = new ErrorDetails(detail);
        return record;
    }
}
