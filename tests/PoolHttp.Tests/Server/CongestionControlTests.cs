using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

public class CongestionControlTests
{
    private static string SystemDefault => File.ReadAllText("/proc/sys/net/ipv4/tcp_congestion_control").Trim();

    private static string[] Available => File.ReadAllText("/proc/sys/net/ipv4/tcp_available_congestion_control").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Binds a loopback listener with the setting, connects to it, and reads what the accepted socket runs with.</summary>
    private static string? AcceptedWith(string setting)
    {
        using var listener = Listener.Bind(IPAddress.Loopback, 0, setting);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using var accepted = listener.Accept();
        return CongestionControl.Read(accepted);
    }

    [Fact]
    public void An_automatic_loopback_listener_gives_every_accepted_connection_reno()
    {
        Assert.Equal(CongestionControl.LoopbackChoice, AcceptedWith(CongestionControl.Auto));
    }

    [Fact]
    public void System_leaves_the_accepted_connection_with_the_system_default()
    {
        Assert.Equal(SystemDefault, AcceptedWith(CongestionControl.System));
    }

    [Fact]
    public void A_named_algorithm_reaches_the_accepted_connection()
    {
        // one the kernel has that is neither the automatic choice nor, where possible, the system's default
        string name = Available.FirstOrDefault(a => a != CongestionControl.LoopbackChoice && a != SystemDefault)
            ?? Available.First(a => a != CongestionControl.LoopbackChoice);
        try
        {
            Assert.Equal(name, AcceptedWith(name));
        }
        catch (ArgumentException e) when (e.Message.Contains("tcp_allowed_congestion_control", StringComparison.Ordinal))
        {
            // not allowed for this user: then the refusal is the outcome to check
            Assert.DoesNotContain(name, File.ReadAllText("/proc/sys/net/ipv4/tcp_allowed_congestion_control").Split(' ', StringSplitOptions.TrimEntries));
        }
    }

    [Fact]
    public void An_algorithm_the_kernel_lacks_is_refused_with_where_to_look()
    {
        var e = Assert.Throws<ArgumentException>(() => Listener.Bind(IPAddress.Loopback, 0, "nosuchalgo"));
        Assert.Contains("'nosuchalgo' cannot be set", e.Message, StringComparison.Ordinal);
        Assert.Contains("tcp_available_congestion_control", e.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(ServerOptions.CongestionControl), e.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("re no")]
    [InlineData("a-b")]
    [InlineData("sixteen_letters_")]
    public void A_value_that_cannot_name_an_algorithm_is_refused_before_anything_binds(string value)
    {
        using var root = new TempRoot();
        var options = new ServerOptions { Root = root.Path, Port = 0, CongestionControl = value };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(nameof(ServerOptions.CongestionControl), e.ParamName);
    }

    [Fact]
    public void Auto_chooses_reno_on_loopback_only()
    {
        Assert.Equal("reno", CongestionControl.Choose(CongestionControl.Auto, IPAddress.Loopback));
        Assert.Equal("reno", CongestionControl.Choose(CongestionControl.Auto, IPAddress.IPv6Loopback));
        Assert.Null(CongestionControl.Choose(CongestionControl.Auto, IPAddress.Any));
        Assert.Null(CongestionControl.Choose(CongestionControl.Auto, IPAddress.Parse("192.0.2.7")));
        Assert.Null(CongestionControl.Choose(CongestionControl.System, IPAddress.Loopback));
        Assert.Equal("cubic", CongestionControl.Choose("cubic", IPAddress.Any));
    }

    [Theory]
    [InlineData(ServerMode.Thread)]
    [InlineData(ServerMode.Process)]
    public void A_server_on_loopback_runs_its_connections_with_reno_by_default_and_with_the_system_default_when_asked(ServerMode mode)
    {
        using (var server = new TestServer(mode, workers: 1))
        {
            Assert.Equal(CongestionControl.LoopbackChoice, server.Server.CongestionControl);
            Assert.Equal(200, server.Send("GET /.poolhttp/health HTTP/1.1\r\nHost: t\r\n\r\n").Status);
        }
        using (var server = new TestServer(mode, workers: 1, o => o with { CongestionControl = CongestionControl.System }))
        {
            Assert.Equal(SystemDefault, server.Server.CongestionControl);
        }
    }

    [Theory]
    [InlineData("nosuchalgo", "'nosuchalgo' cannot be set")]
    [InlineData("a b", "The congestion control must be")]
    public void The_command_line_refuses_a_congestion_control_it_cannot_set_with_a_message_and_a_failing_exit(string value, string message)
    {
        using var root = new TempRoot();
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliProcess.DllPath, "serve", "--root", root.Path, "--port", "0", "--congestion-control", value }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "serve did not end");
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
