using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PoolHttp.Engine.Server;

/// <summary>The kernel's file-to-socket copy (Linux <c>sendfile</c>), with an offset and a length.</summary>
internal static partial class ZeroCopy
{
    private const int EINTR = 4;
    private const int EAGAIN = 11;

    /// <summary>True where <see cref="SendFile"/> can be used.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("POOLHTTP_NO_SENDFILE") is null;

    [LibraryImport("libc", EntryPoint = "sendfile", SetLastError = true)]
    private static partial nint NativeSendFile(nint outFd, nint inFd, ref long offset, nuint count);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static unsafe partial nint NativePread(nint fd, byte* buffer, nuint count, long offset);

    /// <summary>
    /// Reads from <paramref name="offset"/> as <see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/> does,
    /// with one pread on Linux: RandomAccess asks the kernel whether a handle it did not open can seek first.
    /// </summary>
    public static unsafe int ReadAt(SafeFileHandle file, Span<byte> destination, long offset)
    {
        if (!OperatingSystem.IsLinux()) return RandomAccess.Read(file, destination, offset);
        bool added = false;
        try
        {
            file.DangerousAddRef(ref added);
            int total = 0;
            fixed (byte* p = destination)
            {
                while (total < destination.Length)
                {
                    nint n = NativePread(file.DangerousGetHandle(), p + total, (nuint)(destination.Length - total), offset + total);
                    if (n == 0) break;
                    if (n < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == EINTR) continue;
                        throw new IOException($"The file could not be read (errno {Marshal.GetLastPInvokeError()}).");
                    }
                    total += (int)n;
                }
            }
            return total;
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    /// <summary>
    /// TCP_CORK on or off (Linux): while corked, the kernel sends only full segments, so a head and the file after it
    /// leave together and a long sendfile is not cut into pushed pieces; uncorking sends what is left at once. As
    /// nginx's <c>tcp_nopush</c>: a single 100 MB download took about a quarter less CPU with it here.
    /// </summary>
    public static void Cork(Socket socket, bool on)
    {
        try
        {
            socket.SetRawSocketOption(SOL_TCP, TCP_CORK, on ? CorkOn : CorkOff);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // the client is gone: the send that follows (or has failed) says so
        }
    }

    private const int SOL_TCP = 6, TCP_CORK = 3;
    private static readonly byte[] CorkOn = BitConverter.GetBytes(1), CorkOff = BitConverter.GetBytes(0);

    /// <summary>Sends <paramref name="count"/> bytes of the file from <paramref name="offset"/>; returns the bytes sent.</summary>
    public static long SendFile(Socket socket, SafeFileHandle file, long offset, long count)
    {
        long sent = 0;
        bool fileRef = false, socketRef = false;
        var socketHandle = socket.SafeHandle;
        try
        {
            file.DangerousAddRef(ref fileRef);
            socketHandle.DangerousAddRef(ref socketRef);
            nint outFd = socketHandle.DangerousGetHandle(), inFd = file.DangerousGetHandle();
            int waitMicros = (int)Math.Min((long)socket.SendTimeout * 1000, int.MaxValue);
            while (count > 0)
            {
                nint n = NativeSendFile(outFd, inFd, ref offset, (nuint)Math.Min(count, 1L << 30));
                if (n > 0)
                {
                    sent += n;
                    count -= n;
                    continue;
                }
                if (n == 0) throw new IOException("The file shrank while it was being sent.");
                int errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                if (errno == EAGAIN && socket.Poll(waitMicros, SelectMode.SelectWrite)) continue;
                throw new ClientGoneException(errno == EAGAIN
                    ? "The client stopped reading past the body timeout."
                    : $"The client stopped receiving the response (errno {errno}).");
            }
            return sent;
        }
        finally
        {
            if (socketRef) socketHandle.DangerousRelease();
            if (fileRef) file.DangerousRelease();
        }
    }
}
