using System.Runtime.InteropServices;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// Process mode on Linux: one Unix sequenced-packet socket pair that every child of a pool shares. A child that is
/// busy with a long exchange sends its parked connections into it (the descriptor as SCM_RIGHTS, with what was
/// already read of a next head), and whichever child is idle first takes each one out. The kernel holds a connection
/// in flight, so none is lost between two processes; bytes of an exchange never pass through here, nor through the
/// parent, which only creates the pair and gives it to each child it starts.
/// </summary>
internal sealed partial class ConnectionHandoff : IDisposable
{
    private const int AF_UNIX = 1, SOCK_SEQPACKET = 5, SOCK_CLOEXEC = 0x80000;
    private const int SOL_SOCKET = 1, SCM_RIGHTS = 1, SO_SNDBUF = 7;
    private const int MSG_DONTWAIT = 0x40, MSG_CMSG_CLOEXEC = 0x40000000, MSG_CTRUNC = 0x8;
    private const int EINTR = 4;
    private const int ControlSize = 24; // CMSG_SPACE(sizeof(int)) on 64-bit Linux

    /// <summary>The largest message: a small header and at most a whole input buffer.</summary>
    public const int MaxMessage = 64 * 1024 + 64;

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    private static unsafe partial int SocketPair(int domain, int type, int protocol, int* fds);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static unsafe partial int SetSockOpt(int fd, int level, int name, int* value, uint length);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static unsafe partial nint SendMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static unsafe partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>The pair's two ends as descriptor numbers: children send on one and receive on the other.</summary>
    public ConnectionHandoff(int sendFd, int receiveFd)
    {
        SendFd = sendFd;
        ReceiveFd = receiveFd;
    }

    /// <summary>The end connections are sent on.</summary>
    public int SendFd { get; }

    /// <summary>The end connections are taken from (readable when one waits).</summary>
    public int ReceiveFd { get; }

    /// <summary>True where hand-over works (Linux, 64-bit).</summary>
    public static bool IsSupported => Epoll.IsSupported;

    /// <summary>A new pair (close-on-exec: the pool lets each child inherit it while starting it).</summary>
    public static unsafe ConnectionHandoff Create()
    {
        int* fds = stackalloc int[2];
        if (SocketPair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
            throw new IOException($"socketpair failed (errno {Marshal.GetLastPInvokeError()}).");
        int size = 4 << 20; // capped by the kernel's wmem_max; room for many small messages
        SetSockOpt(fds[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof(int));
        return new ConnectionHandoff(fds[0], fds[1]);
    }

    /// <summary>Sends <paramref name="connectionFd"/> with <paramref name="payload"/> without waiting; false when the pair is full.</summary>
    public unsafe bool TrySend(int connectionFd, ReadOnlySpan<byte> payload)
    {
        byte* control = stackalloc byte[ControlSize];
        new Span<byte>(control, ControlSize).Clear();
        *(nuint*)control = 20; // CMSG_LEN(sizeof(int))
        *(int*)(control + 8) = SOL_SOCKET;
        *(int*)(control + 12) = SCM_RIGHTS;
        *(int*)(control + 16) = connectionFd;
        fixed (byte* p = payload)
        {
            var iov = new IoVec { Base = p, Length = (nuint)payload.Length };
            var message = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSize };
            while (true)
            {
                nint n = SendMsg(SendFd, &message, MSG_DONTWAIT);
                if (n >= 0) return true;
                if (Marshal.GetLastPInvokeError() != EINTR) return false;
            }
        }
    }

    /// <summary>Closes this process's two ends.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Epoll.Close(SendFd);
        Epoll.Close(ReceiveFd);
    }

    private int _disposed;

    /// <summary>
    /// Takes one waiting connection without waiting: its descriptor (close-on-exec) and the length of its payload
    /// in <paramref name="payload"/>; false when another child took it first or nothing waits.
    /// </summary>
    public unsafe bool TryReceive(Span<byte> payload, out int connectionFd, out int length)
    {
        connectionFd = -1;
        length = 0;
        byte* control = stackalloc byte[ControlSize];
        fixed (byte* p = payload)
        {
            var iov = new IoVec { Base = p, Length = (nuint)payload.Length };
            var message = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSize };
            nint n;
            do n = RecvMsg(ReceiveFd, &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
            while (n < 0 && Marshal.GetLastPInvokeError() == EINTR);
            if (n < 0) return false;
            bool hasFd = message.ControlLength >= 20 && *(int*)(control + 8) == SOL_SOCKET && *(int*)(control + 12) == SCM_RIGHTS;
            if (!hasFd) return false;
            connectionFd = *(int*)(control + 16);
            if ((message.Flags & MSG_CTRUNC) != 0)
            {
                Epoll.Close(connectionFd);
                connectionFd = -1;
                return false;
            }
            length = (int)n;
            return true;
        }
    }
}
