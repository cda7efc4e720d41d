using System.Net;
using System.Net.Sockets;

namespace PoolHttp.Engine.Server;

/// <summary>Creates the listening socket a server (or a whole process pool) accepts on.</summary>
public static class Listener
{
    /// <summary>How many not-yet-accepted connections the kernel queues.</summary>
    public const int Backlog = 1024;

    private const int SolSocket = 1, SoReuseAddr = 2;

    /// <summary>
    /// Binds and listens, with the <paramref name="congestionControl"/> setting of <see cref="CongestionControl"/>;
    /// throws <see cref="SocketException"/> when the port will not bind.
    /// </summary>
    public static Socket Bind(IPAddress address, int port, string congestionControl = CongestionControl.Auto)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Plain SO_REUSEADDR (restart while old connections sit in TIME_WAIT). .NET's ReuseAddress option also sets
            // SO_REUSEPORT on Linux, which would let a second server bind the same port and split its connections.
            if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(new IPEndPoint(address, port));
            CongestionControl.Apply(socket, congestionControl, address);
            socket.Listen(Backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
