using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PoolHttp.Engine.Server;

/// <summary>
/// The TCP congestion control of the server's connections (Linux <c>TCP_CONGESTION</c>), set on the listening socket
/// so that every accepted connection has it from its first byte. <see cref="Auto"/> (the default) picks
/// <see cref="LoopbackChoice"/> on a loopback listener and leaves the system's choice elsewhere: a loopback connection
/// has no network to be congested, and the pacing of a system default such as <c>bbr</c> there only costs CPU (downloads
/// through it took about twice the CPU per GB, server and clients together, that they take through <c>reno</c> here). <see cref="System"/> never sets it;
/// any other value is an algorithm name the kernel must offer and allow.
/// </summary>
public static class CongestionControl
{
    /// <summary>The default: <see cref="LoopbackChoice"/> on a loopback address, the system's choice elsewhere.</summary>
    public const string Auto = "auto";

    /// <summary>Leave the system's default (<c>net.ipv4.tcp_congestion_control</c>) on every address.</summary>
    public const string System = "system";

    /// <summary>
    /// What <see cref="Auto"/> sets on loopback: <c>reno</c> paces nothing, is built into every Linux kernel and is
    /// always in <c>tcp_allowed_congestion_control</c>, so an unprivileged server may set it.
    /// </summary>
    public const string LoopbackChoice = "reno";

    private const int SolTcp = 6, TcpCongestion = 13, NameMax = 15;
    private const string ParameterName = nameof(ServerOptions.CongestionControl); // where a refusal is reported

    /// <summary>Throws <see cref="ArgumentException"/> for a value that cannot name an algorithm.</summary>
    public static void Validate(string setting)
    {
        if (string.IsNullOrEmpty(setting) || setting.Length > NameMax || !setting.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new ArgumentException(
                $"The congestion control must be '{Auto}', '{System}' or an algorithm name of letters, digits and '_' (at most {NameMax}), not '{setting}'.",
                ParameterName);
    }

    /// <summary>The algorithm to set on a listener at <paramref name="address"/>, or null to leave the system's.</summary>
    public static string? Choose(string setting, IPAddress address) => setting switch
    {
        System => null,
        Auto => OperatingSystem.IsLinux() && IPAddress.IsLoopback(address) ? LoopbackChoice : null,
        _ => setting,
    };

    /// <summary>
    /// Sets the algorithm <see cref="Choose"/> picks on a listener not yet listening. An explicitly named one that the
    /// kernel refuses is an <see cref="ArgumentException"/>; the automatic choice, refused, leaves the system's.
    /// </summary>
    public static void Apply(Socket listener, string setting, IPAddress address)
    {
        string? name = Choose(setting, address);
        if (name is null) return;
        if (!OperatingSystem.IsLinux())
            throw new ArgumentException($"A congestion control can only be chosen on Linux; use '{Auto}' or '{System}' here.", ParameterName);
        try
        {
            listener.SetRawSocketOption(SolTcp, TcpCongestion, Encoding.ASCII.GetBytes(name));
        }
        catch (SocketException) when (setting == Auto)
        {
            // a kernel without it: the system's choice stays, as with 'system'
        }
        catch (SocketException e)
        {
            // the kernel's ENOENT (no such algorithm) reads "Cannot assign requested address" once mapped: not said
            throw new ArgumentException(
                $"The congestion control '{name}' cannot be set: this kernel does not have it, or does not allow it "
                + "without privileges. It lists what it has in /proc/sys/net/ipv4/tcp_available_congestion_control and "
                + "what any user may choose in /proc/sys/net/ipv4/tcp_allowed_congestion_control.",
                ParameterName, e);
        }
    }

    /// <summary>The algorithm a socket runs with (Linux), or null where it cannot be read.</summary>
    public static string? Read(Socket socket)
    {
        if (!OperatingSystem.IsLinux()) return null;
        Span<byte> name = stackalloc byte[NameMax + 1];
        try
        {
            int length = socket.GetRawSocketOption(SolTcp, TcpCongestion, name);
            int end = name[..length].IndexOf((byte)0);
            return Encoding.ASCII.GetString(name[..(end < 0 ? length : end)]);
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
