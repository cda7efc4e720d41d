using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PoolHttp.Engine.Server;

/// <summary>
/// A blocking receive with a timeout that costs one <c>recv</c> when data is there and one <c>poll</c> when it is not.
/// .NET emulates blocking calls on a socket that was ever used asynchronously (every Thread-mode socket is: its heads
/// are awaited) by spinning and signalling events, which made uploads cost several times the CPU of a plain recv loop.
/// </summary>
internal static partial class NativeReceive
{
    private const int EINTR = 4, EAGAIN = 11;
    private const int MSG_DONTWAIT = 0x40;
    private const short POLLIN = 0x001;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>True where <see cref="Receive"/> is used (Linux); elsewhere callers use Socket.Receive.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static unsafe partial nint Recv(nint fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    /// <summary>
    /// Receives what has arrived without waiting: the count, 0 when the peer closed or the connection broke, -1 when
    /// nothing is there yet.
    /// </summary>
    public static unsafe int TryReceive(Socket socket, Span<byte> destination)
    {
        var handle = socket.SafeHandle;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            nint fd = handle.DangerousGetHandle();
            fixed (byte* p = destination)
            {
                int n = RecvNow(fd, p, destination.Length);
                return n >= 0 ? n : n == -EAGAIN ? -1 : 0;
            }
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    private const int SOL_SOCKET = 1, SO_RCVLOWAT = 18;

    /// <summary>
    /// Sets the socket's receive low-water mark: a wait for input ends when that many bytes are queued (or the peer
    /// closed, or the kernel's buffer is full), so one wake-up and one receive move a large piece of a body.
    /// </summary>
    public static void SetLowWater(Socket socket, int bytes)
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(value, Math.Max(1, bytes));
        socket.SetRawSocketOption(SOL_SOCKET, SO_RCVLOWAT, value);
    }

    /// <summary>Receives at least one byte, or 0 when the peer closed. Throws <see cref="TimeoutException"/> after
    /// <paramref name="timeoutMs"/> without data and <see cref="SocketException"/> for a broken connection. With
    /// <paramref name="waitFirst"/> (the caller just found the socket empty) it waits before its first receive.</summary>
    public static unsafe int Receive(Socket socket, Span<byte> destination, int timeoutMs, bool waitFirst = false)
    {
        var handle = socket.SafeHandle;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            nint fd = handle.DangerousGetHandle();
            fixed (byte* p = destination)
            {
                bool waited = false, timedOut = false;
                while (true)
                {
                    if (!waitFirst || waited)
                    {
                        int n = RecvNow(fd, p, destination.Length);
                        if (n >= 0) return n;
                        if (n != -EAGAIN) throw new SocketException(-n);
                        // A wait that ended without the low-water mark's worth (its time ran out) still counts
                        // any byte that came as progress: the body timeout is for a client that sends nothing.
                        if (waited && timedOut) throw new TimeoutException();
                    }
                    var pfd = new PollFd { Fd = (int)fd, Events = POLLIN };
                    int ready = Poll(&pfd, 1, timeoutMs);
                    waited = true;
                    timedOut = ready == 0;
                    if (ready < 0 && Marshal.GetLastPInvokeError() != EINTR) throw new SocketException(Marshal.GetLastPInvokeError());
                }
            }
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>One receive without waiting (retried on EINTR): the count, or minus the errno.</summary>
    private static unsafe int RecvNow(nint fd, byte* buffer, int length)
    {
        while (true)
        {
            nint n = Recv(fd, buffer, (nuint)length, MSG_DONTWAIT);
            if (n >= 0) return (int)n;
            int errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR) return -errno;
        }
    }
}
