using System.Net;
using System.Net.Sockets;
using System.Text;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Workers;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Workers;

/// <summary>
/// An accept that fails for want of descriptors leaves the connection waiting, so the listener stays readable: the
/// event loop must rest before it asks again (as nginx does), not wake a worker again and again at full CPU, and must
/// take the connection once descriptors are back.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StarvedAcceptTests
{
    /// <summary>A real listener whose accepts report starvation until <see cref="Feed"/> is set.</summary>
    private sealed class StarvingSource(Socket listener) : AcceptSource
    {
        private int _calls;

        public ManualResetEventSlim Feed { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        public override int Fd { get; } = (int)listener.SafeHandle.DangerousGetHandle();

        public override void MakeNonBlocking() => listener.Blocking = false;

        public override Socket? Accept(out bool starved)
        {
            Interlocked.Increment(ref _calls);
            starved = !Feed.IsSet;
            if (starved) return null;
            try
            {
                return listener.Accept();
            }
            catch (SocketException)
            {
                return null;
            }
        }

        public override void Dispose() => listener.Dispose();
    }

    [Fact]
    public void A_starved_accept_rests_the_listener_and_takes_the_connection_when_descriptors_are_back()
    {
        Assert.True(Epoll.IsSupported, "the event loop runs on Linux");
        using var root = new TempRoot();
        root.Write("a.txt", "hello");
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var source = new StarvingSource(listener);
        var options = new ServerOptions { Root = root.Path, Workers = 2 };
        var context = new ServerContext(options, new ServerCounters(ServerMode.Thread, options.Workers));
        using var loop = new EpollWorkerPool(source, context, [context.Counters.Worker(0), context.Counters.Worker(1)], handoff: null);
        loop.Start();
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(IPAddress.Loopback, port);
            client.Send(Encoding.ASCII.GetBytes("GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));

            // Starved accepts come again and again (the loop does not give the listener up), but with a rest between
            // them: half a second after the third, a loop that re-armed at once would have asked thousands of times
            // (hundreds before the third was even seen, when this was tried), one that rests about five more.
            Assert.True(SpinWait.SpinUntil(() => source.Calls >= 3, TimeSpan.FromSeconds(30)), "the loop stopped asking");
            Thread.Sleep(500);
            Assert.InRange(source.Calls, 4, 50);

            source.Feed.Set();
            client.ReceiveTimeout = 30_000;
            var response = new StringBuilder();
            var buffer = new byte[4096];
            int n;
            while ((n = client.Receive(buffer)) > 0) response.Append(Encoding.ASCII.GetString(buffer, 0, n));
            Assert.StartsWith("HTTP/1.1 200", response.ToString(), StringComparison.Ordinal);
            Assert.EndsWith("hello", response.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            loop.Stop(TimeSpan.FromSeconds(5));
        }
    }
}
