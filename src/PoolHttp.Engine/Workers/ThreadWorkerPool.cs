using System.Collections.Concurrent;
using System.Net.Sockets;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// Thread mode: N dedicated threads serve requests taken from one queue. A connection joins the queue only once a
/// whole request head has arrived (waiting for it costs no thread), so an idle keep-alive connection holds no worker.
/// </summary>
internal sealed class ThreadWorkerPool : IWorkerPool, IDisposable
{
    private readonly Socket _listener;
    private readonly ServerContext _server;
    private readonly BlockingCollection<Connection> _ready = new(new ConcurrentQueue<Connection>());
    private readonly ConcurrentDictionary<Connection, byte> _open = new();
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly Thread[] _threads;
    private readonly HeapGovernor _heap = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _inFlight; // requests queued or being served: counted before they enter the queue, so a stop never misses one

    public ThreadWorkerPool(Socket listener, ServerContext server)
    {
        _listener = listener;
        _server = server;
        _threads = new Thread[server.Options.Workers];
    }

    public ServerStatistics Statistics() => _server.Statistics();

    public void Start()
    {
        for (int i = 0; i < _threads.Length; i++)
        {
            var counters = _server.Counters.Worker(i);
            _threads[i] = new Thread(() => WorkerLoop(counters)) { IsBackground = true, Name = $"PoolHttp worker {counters.Id}" };
            _threads[i].Start();
        }
        _acceptLoop = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopAccepting.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopAccepting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; } // a connection reset before accept; keep listening
            Connection connection;
            try
            {
                connection = new Connection(socket, _server, new AsyncWaitStrategy());
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                socket.Dispose();
                continue;
            }
            _open[connection] = 0;
            _ = WaitForHeadAsync(connection);
        }
    }

    private async Task WaitForHeadAsync(Connection connection)
    {
        bool ready;
        try
        {
            ready = await connection.ReadHeadAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            ready = false; // boundary: a connection's failure never reaches the thread pool
        }
        if (!ready || !TryQueue(connection)) Close(connection);
    }

    private bool TryQueue(Connection connection)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            if (_ready.TryAdd(connection)) return true;
        }
        catch (InvalidOperationException) { } // adding completed: the server is stopping
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    private void WorkerLoop(WorkerCounters counters)
    {
        foreach (var connection in _ready.GetConsumingEnumerable())
        {
            bool keep = false;
            try
            {
                keep = connection.Serve(counters);
            }
            catch (Exception)
            {
                keep = false; // boundary: Serve reports its own failures; anything else just ends the connection
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
            _heap.AfterRequest();
            if (keep) _ = WaitForHeadAsync(connection);
            else Close(connection);
        }
    }

    private void Close(Connection connection)
    {
        _open.TryRemove(connection, out _);
        connection.Dispose();
    }

    /// <summary>Stops accepting, lets queued and running requests finish (bounded), then closes everything.</summary>
    public void Stop(TimeSpan timeout)
    {
        _server.BeginStop();
        _stopAccepting.Cancel();
        _listener.Dispose();
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            foreach (var connection in _open.Keys) connection.WakeIfIdle();
            if (Volatile.Read(ref _inFlight) == 0) break;
            Thread.Sleep(10);
        }
        _ready.CompleteAdding();
        foreach (var connection in _open.Keys) Close(connection);
        foreach (var thread in _threads) thread?.Join(TimeSpan.FromSeconds(2));
    }

    public void Dispose()
    {
        _ready.Dispose();
        _stopAccepting.Dispose();
    }
}
