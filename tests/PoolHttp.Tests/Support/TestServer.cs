using System.Net.Sockets;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Tests.Support;

/// <summary>A server on port 0 over a <see cref="TempRoot"/>, ready (health answered) when constructed.</summary>
public sealed class TestServer : IDisposable
{
    public TestServer(ServerMode mode = ServerMode.Thread, int workers = 3, Func<ServerOptions, ServerOptions>? configure = null)
    {
        Root = new TempRoot();
        var options = new ServerOptions { Root = Root.Path, Port = 0, Mode = mode, Workers = workers };
        if (configure is not null) options = configure(options);
        Server = PoolServer.Start(options);
        WaitHealthy();
    }

    public TempRoot Root { get; }

    public PoolServer Server { get; }

    public int Port => Server.EndPoint.Port;

    public Uri Uri(string path = "/") => new(Server.BaseUri, path);

    /// <summary>Opens a raw client connection to the server.</summary>
    public RawHttp Connect() => new(Port);

    /// <summary>Sends one request on a fresh connection and reads one response.</summary>
    public RawResponse Send(string request) => Send(System.Text.Encoding.UTF8.GetBytes(request));

    public RawResponse Send(byte[] request)
    {
        using var client = Connect();
        client.Write(request);
        return client.ReadResponse();
    }

    private void WaitHealthy()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var r = Send("GET /.poolhttp/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
                if (r.Status == 200) return;
            }
            catch (Exception e) when (e is SocketException or IOException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The test server never became healthy.");
            Thread.Yield();
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        Root.Dispose();
    }
}
