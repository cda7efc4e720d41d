using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// Shares the listening socket with child processes. Unix: the child inherits the descriptor, whose close-on-exec
/// flag is cleared for it alone. Windows: see ListenerHandoff.Windows.cs.
/// </summary>
internal static partial class ListenerHandoff
{
    private const int F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(nint fd, int command, int argument);

    /// <summary>Makes the listener inheritable and returns the handle value the child is told about.</summary>
    public static long Prepare(Socket listener)
    {
        if (OperatingSystem.IsWindows()) return PrepareWindows(listener);
        nint fd = listener.SafeHandle.DangerousGetHandle();
        int flags = Fcntl(fd, F_GETFD, 0);
        if (flags < 0 || Fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) < 0)
            throw new IOException($"Cannot share the listening socket with workers (errno {Marshal.GetLastPInvokeError()}).");
        return fd;
    }

    /// <summary>In the child: the listening socket from the handle the parent passed.</summary>
    public static Socket Adopt(long handle, TextReader control)
    {
        if (OperatingSystem.IsWindows()) return AdoptWindows(control);
        ArgumentNullException.ThrowIfNull(control);
        var socket = new Socket(new SafeSocketHandle((nint)handle, ownsHandle: true));
        // Keep our copy out of anything this child might start.
        int flags = Fcntl((nint)handle, F_GETFD, 0);
        if (flags >= 0) Fcntl((nint)handle, F_SETFD, flags | FD_CLOEXEC);
        return socket;
    }
}
