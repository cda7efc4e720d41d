using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PoolHttp.Engine.Workers;

// Windows has no descriptor inheritance for sockets that .NET creates. The parent duplicates the listener for each
// child's PID with WSADuplicateSocketW (what Socket.DuplicateAndClose does, without closing the parent's copy, which
// must keep serving later replacements) and writes the protocol information to the child's control pipe as base64;
// the child rebuilds the socket from it with new Socket(SocketInformation). Compiled everywhere, exercised on Windows only.
internal static partial class ListenerHandoff
{
    private const int ProtocolInfoSize = 628; // sizeof(WSAPROTOCOL_INFOW)

    [LibraryImport("ws2_32.dll", EntryPoint = "WSADuplicateSocketW", SetLastError = true)]
    private static partial int WSADuplicateSocket(nint socket, int processId, byte[] protocolInfo);

    private static long PrepareWindows(Socket listener) => listener.SafeHandle.DangerousGetHandle();

    /// <summary>Windows: the line the parent writes to a child's control pipe so that it can adopt the listener.</summary>
    public static string? HandoffLine(Socket listener, int childPid)
    {
        if (!OperatingSystem.IsWindows()) return null;
        var info = new byte[ProtocolInfoSize];
        if (WSADuplicateSocket(listener.SafeHandle.DangerousGetHandle(), childPid, info) != 0)
            throw new IOException($"Cannot duplicate the listening socket for process {childPid} (error {Marshal.GetLastPInvokeError()}).");
        return "socket " + Convert.ToBase64String(info);
    }

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static Socket AdoptWindows(TextReader control)
    {
        string line = control.ReadLine() ?? throw new IOException("The parent closed the control pipe before handing over the socket.");
        if (!line.StartsWith("socket ", StringComparison.Ordinal)) throw new IOException("Unexpected handoff line from the parent.");
        var info = new SocketInformation { ProtocolInformation = Convert.FromBase64String(line[7..]), Options = SocketInformationOptions.Listening };
        return new Socket(info);
    }
}
