using System.Runtime.InteropServices;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// A Linux epoll instance, as the event loops use it: a 64-bit token per registered descriptor, level-triggered or
/// one-shot interest in input, and a wait that fills a caller's buffer. Also the eventfd the loops wake each other with.
/// </summary>
internal sealed partial class Epoll : IDisposable
{
    private const int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    private const uint EPOLLIN = 0x001, EPOLLRDHUP = 0x2000, EPOLLONESHOT = 1u << 30;
    private const int EPOLL_CLOEXEC = 0x80000, EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800, EFD_SEMAPHORE = 1;
    private const int EINTR = 4;

    /// <summary>
    /// True where the event loops run (Linux on x64 or arm64); elsewhere, or with POOLHTTP_NO_EPOLL set, the portable
    /// pools are used (Thread mode: awaited heads and a queue; Process mode: a child per connection).
    /// </summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() &&
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64 &&
        Environment.GetEnvironmentVariable("POOLHTTP_NO_EPOLL") is null;

    // struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static unsafe partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static unsafe partial int EpollWait(int epfd, byte* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    private int _fd;

    /// <summary>A new epoll instance (close-on-exec).</summary>
    public Epoll()
    {
        _fd = EpollCreate(EPOLL_CLOEXEC);
        if (_fd < 0) throw Error("epoll_create1");
    }

    /// <summary>The instance's own descriptor (readable when an event is ready: one epoll can watch another).</summary>
    public int Fd => _fd;

    /// <summary>Bytes a caller's event buffer needs per event.</summary>
    public static int BytesPerEvent => EventSize;

    /// <summary>Watches <paramref name="fd"/> for input, level-triggered, until removed.</summary>
    public void Watch(int fd, ulong token) => Control(EPOLL_CTL_ADD, fd, EPOLLIN, token, "epoll_ctl(ADD)");

    /// <summary>Arms one report of input on <paramref name="fd"/> (added the first time, re-armed after).</summary>
    public bool ArmOnce(int fd, ulong token, bool added) =>
        TryControl(added ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, token);

    /// <summary>Stops watching <paramref name="fd"/>; false when it was not watched.</summary>
    public bool Remove(int fd) => TryControl(EPOLL_CTL_DEL, fd, 0, 0);

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (-1: no bound) and writes the ready tokens to <paramref name="tokens"/>;
    /// returns how many (0 on timeout or interruption).
    /// </summary>
    public unsafe int Wait(Span<ulong> tokens, int timeoutMs)
    {
        int max = Math.Min(tokens.Length, 64);
        byte* events = stackalloc byte[64 * 16];
        int n = EpollWait(_fd, events, max, timeoutMs);
        if (n < 0)
        {
            if (Marshal.GetLastPInvokeError() == EINTR) return 0;
            throw Error("epoll_wait");
        }
        for (int i = 0; i < n; i++) tokens[i] = *(ulong*)(events + i * EventSize + DataOffset);
        return n;
    }

    private void Control(int op, int fd, uint events, ulong token, string what)
    {
        if (!TryControl(op, fd, events, token)) throw Error(what);
    }

    private unsafe bool TryControl(int op, int fd, uint events, ulong token)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + DataOffset) = token;
        return EpollCtl(_fd, op, fd, ev) == 0;
    }

    /// <summary>A new eventfd: <paramref name="semaphore"/> makes each read take one count.</summary>
    public static int NewEventFd(bool semaphore)
    {
        int fd = EventFd(0, EFD_CLOEXEC | EFD_NONBLOCK | (semaphore ? EFD_SEMAPHORE : 0));
        if (fd < 0) throw Error("eventfd");
        return fd;
    }

    /// <summary>Adds one to an eventfd's count, which makes it readable.</summary>
    public static unsafe void Signal(int eventFd)
    {
        ulong one = 1;
        Write(eventFd, &one, sizeof(ulong));
    }

    /// <summary>Takes one count (semaphore) or all of them; false when there was none.</summary>
    public static unsafe bool TryTake(int eventFd)
    {
        ulong value;
        return Read(eventFd, &value, sizeof(ulong)) == sizeof(ulong);
    }

    private static IOException Error(string call) => new($"{call} failed (errno {Marshal.GetLastPInvokeError()}).");

    /// <summary>Closes the instance; what it watched is left open.</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Close(fd);
    }
}
