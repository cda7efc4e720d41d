using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// The listening socket an <see cref="EpollWorkerPool"/> accepts from: a .NET <see cref="Socket"/> (Thread mode), or
/// the descriptor a Process-mode child inherited (<see cref="Descriptor"/>).
/// </summary>
internal abstract partial class AcceptSource : IDisposable
{
    /// <summary>The descriptor epoll watches.</summary>
    public abstract int Fd { get; }

    /// <summary>Makes <see cref="Accept"/> return at once when no connection waits.</summary>
    public abstract void MakeNonBlocking();

    /// <summary>
    /// The next waiting connection, or null when there is none to serve: another worker took it, it was reset, the
    /// listener is closed, or (<paramref name="starved"/>) the process or system is out of descriptors or memory, when
    /// the connection still waits and asking again at once would only fail again.
    /// </summary>
    public abstract Socket? Accept(out bool starved);

    public abstract void Dispose();

    /// <summary>Accepts through <paramref name="socket"/>; disposing this disposes it.</summary>
    public static AcceptSource Of(Socket socket) => new SocketListener(socket);

    /// <summary>
    /// Accepts with <c>accept4</c> on <paramref name="fd"/>, which this then owns (Linux). No .NET socket exists until
    /// the first connection: creating any <see cref="SafeSocketHandle"/> starts the runtime's socket engine (a thread
    /// and an epoll instance), which a child that serves from its own event loop never uses; adopting its listener as
    /// a <see cref="Socket"/> made each of 50 children start that thread before it could report ready. Each accepted
    /// connection's <see cref="Socket"/> then asks the kernel for its family, type and addresses (a few system calls
    /// that <see cref="Socket.Accept"/> copies from the listener), as a connection handed over from another child does.
    /// </summary>
    public static AcceptSource Descriptor(int fd) => new DescriptorListener(fd);

    private sealed class SocketListener(Socket socket) : AcceptSource
    {
        public override int Fd { get; } = (int)socket.SafeHandle.DangerousGetHandle();

        public override void MakeNonBlocking() => socket.Blocking = false;

        public override Socket? Accept(out bool starved)
        {
            starved = false;
            try
            {
                return socket.Accept();
            }
            catch (SocketException e)
            {
                starved = e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable;
                return null;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        }

        public override void Dispose() => socket.Dispose();
    }

    private sealed partial class DescriptorListener(int fd) : AcceptSource
    {
        private const int EINTR = 4, F_GETFL = 3, F_SETFL = 4, O_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
        private const int ENOMEM = 12, ENFILE = 23, EMFILE = 24, ENOBUFS = 105;

        // Counts the accepts in progress, as a SafeSocketHandle would: the descriptor is closed after the last one.
        private readonly SafeFileHandle _handle = new(fd, ownsHandle: true);

        public override int Fd => fd;

        public override void MakeNonBlocking()
        {
            int flags = ListenerHandoff.Fcntl(fd, F_GETFL, 0);
            if (flags < 0 || ListenerHandoff.Fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
                throw new IOException($"Cannot make the listening socket non-blocking (errno {Marshal.GetLastPInvokeError()}).");
        }

        public override Socket? Accept(out bool starved)
        {
            starved = false;
            bool added = false;
            try
            {
                _handle.DangerousAddRef(ref added);
                while (true)
                {
                    int connection = Accept4(fd, 0, 0, SOCK_CLOEXEC);
                    if (connection >= 0) return Adopt(connection);
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == EINTR) continue;
                    starved = errno is EMFILE or ENFILE or ENOBUFS or ENOMEM;
                    return null; // EAGAIN, ECONNABORTED...: another worker took it, or the client gave up
                }
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            finally
            {
                if (added) _handle.DangerousRelease();
            }
        }

        public override void Dispose() => _handle.Dispose();

        private static Socket? Adopt(int connection)
        {
            var handle = new SafeSocketHandle(connection, ownsHandle: true);
            try
            {
                return new Socket(handle);
            }
            catch (SocketException)
            {
                handle.Dispose(); // reset before the kernel was asked about it
                return null;
            }
        }

        [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
        private static partial int Accept4(int fd, nint address, nint length, int flags);
    }
}
