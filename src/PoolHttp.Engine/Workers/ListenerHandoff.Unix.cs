using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// Shares the listening socket with child processes. Unix: the child inherits the descriptor, whose close-on-exec
/// flag is cleared only while that pool's own children start (<see cref="StartChild"/>). Windows: see
/// ListenerHandoff.Windows.cs.
/// </summary>
internal static partial class ListenerHandoff
{
    private const int F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(nint fd, int command, int argument);

    // Every process the engine starts goes through one gate: a listener is inheritable only inside it, while its own
    // pool starts a child. Left inheritable, it would leak into every later child (another server's workers, stress
    // clients), which would keep the port accepting after its server stopped.
    private static readonly object SpawnGate = new();

    /// <summary>The handle value the child is told about.</summary>
    public static long Prepare(Socket listener)
    {
        if (OperatingSystem.IsWindows()) return PrepareWindows(listener);
        return listener.SafeHandle.DangerousGetHandle();
    }

    /// <summary>
    /// Starts a child process; with <paramref name="sharing"/>, the child inherits that listening socket, and the
    /// descriptors of <paramref name="alsoShared"/> (Unix).
    /// </summary>
    public static void StartChild(Process process, Socket? sharing, params int[] alsoShared)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(alsoShared);
        bool inherit = sharing is not null && !OperatingSystem.IsWindows();
        lock (SpawnGate)
        {
            if (inherit)
            {
                SetCloseOnExec(sharing!.SafeHandle.DangerousGetHandle(), false);
                foreach (int fd in alsoShared) SetCloseOnExec(fd, false);
            }
            try
            {
                process.Start();
            }
            finally
            {
                if (inherit)
                {
                    SetCloseOnExec(sharing!.SafeHandle.DangerousGetHandle(), true);
                    foreach (int fd in alsoShared) SetCloseOnExec(fd, true);
                }
            }
        }
    }

    /// <summary>In the child: keeps an inherited descriptor out of anything this child might start.</summary>
    public static void KeepPrivate(long fd)
    {
        if (!OperatingSystem.IsWindows() && fd >= 0) SetCloseOnExec((nint)fd, true);
    }

    private static void SetCloseOnExec(nint fd, bool closeOnExec)
    {
        int flags = Fcntl(fd, F_GETFD, 0);
        if (flags < 0 || Fcntl(fd, F_SETFD, closeOnExec ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC) < 0)
            throw new IOException($"Cannot share the listening socket with workers (errno {Marshal.GetLastPInvokeError()}).");
    }

    /// <summary>In the child: the listening socket from the handle the parent passed.</summary>
    public static Socket Adopt(long handle, TextReader control)
    {
        if (OperatingSystem.IsWindows()) return AdoptWindows(control);
        ArgumentNullException.ThrowIfNull(control);
        var socket = new Socket(new SafeSocketHandle((nint)handle, ownsHandle: true));
        // Keep our copy out of anything this child might start.
        SetCloseOnExec((nint)handle, true);
        return socket;
    }
}
