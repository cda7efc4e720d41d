using System.Globalization;
using System.Management.Automation;
using System.Net.Sockets;

namespace PoolHttp.Cmdlets;

/// <summary>
/// The only place that builds <see cref="ErrorRecord"/>s: the ID from <see cref="ErrorIds"/>, the category from
/// what failed, the target the cmdlet names, and the server's detail in <see cref="ErrorDetails"/>.
/// </summary>
internal static class ErrorMap
{
    /// <summary>True for the failures the engine reports on purpose; anything else is a bug and is left to PowerShell.</summary>
    public static bool IsExpected(Exception e) =>
        // PoolException: add `or PoolException` here when src/PoolHttp.Engine/Results/PoolException.cs lands.
        e is SocketException or ArgumentException or KeyNotFoundException or NotSupportedException
          or UnauthorizedAccessException or TimeoutException or IOException;

    /// <summary>The record for <paramref name="e"/>, about <paramref name="target"/> (a port, a URI, a path).</summary>
    public static ErrorRecord ToRecord(Exception e, object? target)
    {
        ArgumentNullException.ThrowIfNull(e);
        // ---- PoolException mapping goes here, before the exception types below (one switch on its Kind):
        //   if (e is PoolException p) return Build(p, IdOf(p.Kind), CategoryOf(p.Kind), p.Target ?? target, p.Detail);
        //   NotFound        -> RemoteFileNotFound  ObjectNotFound
        //   Forbidden       -> RemoteAccessDenied  PermissionDenied
        //   Conflict        -> RemoteConflict      ResourceExists
        //   Unreachable     -> ServerUnreachable   ConnectionError
        //   Timeout         -> TransferTimedOut    OperationTimeout
        //   Protocol        -> ProtocolError       ProtocolError
        //   Integrity       -> ChecksumMismatch    InvalidResult
        //   Disk            -> DiskError           WriteError
        //   InvalidArgument -> InvalidArgument     InvalidArgument
        // ----
        return e switch
        {
            // The server API throws SocketException only when its listening socket will not bind.
            SocketException s => Build(s, ErrorIds.PortUnavailable, BindCategory(s.SocketErrorCode), target,
                string.Create(CultureInfo.InvariantCulture, $"Cannot listen on {target}: {s.Message}")),
            KeyNotFoundException => Build(e, ErrorIds.ServerNotFound, ErrorCategory.ObjectNotFound, target, null),
            ArgumentException => Build(e, ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target, null),
            NotSupportedException => Build(e, ErrorIds.NotSupported, ErrorCategory.NotImplemented, target, null),
            UnauthorizedAccessException => Build(e, ErrorIds.AccessDenied, ErrorCategory.PermissionDenied, target, null),
            TimeoutException => Build(e, ErrorIds.Timeout, ErrorCategory.OperationTimeout, target, null),
            IOException => Build(e, ErrorIds.LocalIOError, ErrorCategory.WriteError, target, null),
            _ => throw new ArgumentException($"No error mapping for {e.GetType().FullName}.", nameof(e), e),
        };
    }

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
