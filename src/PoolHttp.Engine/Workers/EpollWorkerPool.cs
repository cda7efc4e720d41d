using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Workers;

/// <summary>
/// Thread mode on Linux: N dedicated threads wait on one epoll instance that holds the listening socket and every
/// connection waiting for its next request. The thread that gets a report reads the head without waiting and serves
/// the request itself, then arms the connection again: no hand-over between threads, and an idle keep-alive
/// connection holds no thread. At most N requests are served at once, and a ready connection waits only while every
/// worker is busy. TLS connections wait for their heads asynchronously (<see cref="AsyncWaitStrategy"/>) and join a
/// ready queue that the same threads take from.
/// In a Process-mode child the same loop runs with one thread and a <see cref="ConnectionHandoff"/>: when the child's
/// one exchange has run for <see cref="HandoffAfterMs"/>, its parked connections go to the pool's shared hand-over
/// socket, out of which idle children take them; so an idle keep-alive connection holds no child, and its next
/// request does not wait behind another request's transfer while some child is idle.
/// </summary>
internal sealed class EpollWorkerPool : IWorkerPool, IDisposable
{
    private const ulong ListenerToken = ulong.MaxValue, ReadyToken = ulong.MaxValue - 1, StopToken = ulong.MaxValue - 2,
        HandoffToken = ulong.MaxValue - 3;
    private const int SweepMs = 100;

    /// <summary>How long a child's exchange runs before its parked connections are handed to idle children.</summary>
    public const int HandoffAfterMs = 20;

    /// <summary>
    /// How long the listener rests after an accept failed for want of descriptors (or memory): the connection still
    /// waits, so re-arming at once would wake a worker again and again for nothing, at full CPU, until one frees.
    /// </summary>
    public const int StarvedPauseMs = 100;

    private readonly AcceptSource _listener;
    private readonly int _listenerFd;
    private readonly object _listenerGate = new();
    private bool _listenerClosed; // under _listenerGate
    private long _listenerRestUntilMs; // while an accept starved: when to re-arm the listener; 0 otherwise
    private readonly ServerContext _server;
    private readonly Epoll _epoll = new();
    private readonly int _readyFd = Epoll.NewEventFd(semaphore: true);
    private readonly int _stopFd = Epoll.NewEventFd(semaphore: false);
    private readonly ConcurrentQueue<LoopConnection> _ready = new();
    private readonly ConcurrentDictionary<ulong, LoopConnection> _open = new();
    private readonly Thread[] _threads;
    private readonly WorkerCounters[] _workers;
    private readonly ConnectionHandoff? _handoff;
    private readonly Thread _sweeper;
    // No spin before blocking: a first spin makes the runtime calibrate its spin loop, milliseconds of a child's start.
    private readonly ManualResetEventSlim _stopped = new(initialState: false, spinCount: 0);
    private readonly ManualResetEventSlim _nudge = new(initialState: false, spinCount: 0); // wakes a sweeper with nothing to watch
    private int _sweeperStarted; // 1 once the sweeper runs (it starts with the first connection)
    private int _sweeperAsleep; // 1 while the sweeper waits for a first connection (or the stop) without a timeout
    private readonly HeapGovernor _heap = new();
    private long _lastToken;
    private int _inFlight; // requests read or queued and not yet served: a graceful stop waits for them
    private long _busySinceMs; // a child's one thread: when its exchange began, 0 while it waits

    /// <summary>Thread mode: one thread per worker of <paramref name="server"/>.</summary>
    public EpollWorkerPool(Socket listener, ServerContext server)
        : this(AcceptSource.Of(listener), server, Enumerable.Range(0, server.Options.Workers).Select(server.Counters.Worker).ToArray(), null)
    {
    }

    /// <summary>One thread per entry of <paramref name="workers"/>; with <paramref name="handoff"/>, a Process-mode child.</summary>
    public EpollWorkerPool(AcceptSource listener, ServerContext server, WorkerCounters[] workers, ConnectionHandoff? handoff)
    {
        _listener = listener;
        _listenerFd = listener.Fd;
        _server = server;
        _workers = workers;
        _handoff = handoff;
        _threads = new Thread[workers.Length];
        _sweeper = new Thread(SweepLoop) { IsBackground = true, Name = "PoolHttp sweeper" };
    }

    public ServerStatistics Statistics() => _server.Statistics();

    public void Start()
    {
        _listener.MakeNonBlocking(); // the thread that gets the report accepts; a connection reset before that is EAGAIN
        _epoll.Watch(_readyFd, ReadyToken);
        _epoll.Watch(_stopFd, StopToken);
        if (_handoff is not null) _epoll.Watch(_handoff.ReceiveFd, HandoffToken);
        Interlocked.Add(ref _alive, _threads.Length);
        for (int i = 0; i < _threads.Length; i++)
        {
            var counters = _workers[i];
            _threads[i] = new Thread(() => WorkerLoop(counters)) { IsBackground = true, Name = $"PoolHttp worker {counters.Id}" };
            _threads[i].Start();
        }
        if (!_epoll.ArmOnce(_listenerFd, ListenerToken, added: false)) throw new IOException("Cannot watch the listening socket.");
    }

    private void WorkerLoop(WorkerCounters counters)
    {
        try
        {
            Serve(counters);
        }
        finally
        {
            Leave();
        }
    }

    private void Serve(WorkerCounters counters)
    {
        Span<ulong> tokens = stackalloc ulong[1];
        while (!_stopped.IsSet)
        {
            if (_epoll.Wait(tokens, WaitTimeout()) == 0) continue;
            ulong token = tokens[0];
            if (token == StopToken) return;
            if (token == ListenerToken) AcceptOne(counters);
            else if (token == HandoffToken) TakeHandedOver(counters);
            else if (token == ReadyToken)
            {
                if (Epoll.TryTake(_readyFd) && _ready.TryDequeue(out var queued)) Drive(queued, counters, headReady: true);
            }
            else if (_open.TryGetValue(token, out var connection) && connection.TakeOnReport()) Drive(connection, counters, headReady: false);
        }
    }

    private void AcceptOne(WorkerCounters counters)
    {
        var socket = _listener.Accept(out bool starved);
        if (socket is null)
        {
            if (starved) RearmListenerLater();
            else RearmListener();
            return;
        }
        RearmListener(); // before serving: another idle worker takes the next connection
        LoopConnection connection;
        try
        {
            socket.Blocking = true;
            connection = new LoopConnection(new Connection(socket, _server, new AsyncWaitStrategy()), (ulong)Interlocked.Increment(ref _lastToken));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            return;
        }
        Add(connection);
        if (connection.Connection.UsesTls) _ = WaitTlsHeadAsync(connection);
        else Drive(connection, counters, headReady: false);
    }

    private void TakeHandedOver(WorkerCounters counters)
    {
        var payload = ArrayPool<byte>.Shared.Rent(ConnectionHandoff.MaxMessage);
        try
        {
            if (!_handoff!.TryReceive(payload, out int fd, out int length)) return;
            LoopConnection connection;
            Socket? socket = null;
            try
            {
                socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true)) { Blocking = true };
                var http = new Connection(socket, _server, new AsyncWaitStrategy());
                http.ImportWait(payload.AsSpan(0, length));
                connection = new LoopConnection(http, (ulong)Interlocked.Increment(ref _lastToken));
            }
            catch (Exception)
            {
                // boundary: a connection that cannot be taken over is closed, never the loop
                if (socket is not null) socket.Dispose();
                else Epoll.Close(fd);
                return;
            }
            Add(connection);
            Drive(connection, counters, headReady: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private void RearmListener()
    {
        // Under the lock Stop closes the listener with: never arm a descriptor number that may have been reused.
        lock (_listenerGate)
        {
            if (!_listenerClosed && !_server.Stopping) _epoll.ArmOnce(_listenerFd, ListenerToken, added: true);
        }
    }

    /// <summary>
    /// Rests the listener: the worker that found it starved re-arms it when its next wait times out. No timer: a
    /// process out of descriptors may not be able to start the thread one needs (the runtime then fails fast).
    /// </summary>
    private void RearmListenerLater() => Volatile.Write(ref _listenerRestUntilMs, Environment.TickCount64 + StarvedPauseMs);

    /// <summary>How long a worker may wait for events: until the listener's rest ends, re-armed here once it has.</summary>
    private int WaitTimeout()
    {
        long left = EndRestIfOver();
        return left > 0 ? (int)left : -1;
    }

    /// <summary>
    /// Re-arms a resting listener whose rest is over (a worker before it waits; the sweeper too, in case the worker
    /// that set the rest took a long exchange meanwhile); returns the milliseconds of rest left, 0 when none.
    /// </summary>
    private long EndRestIfOver()
    {
        long until = Volatile.Read(ref _listenerRestUntilMs);
        if (until == 0) return 0;
        long left = until - Environment.TickCount64;
        if (left > 0) return left;
        if (Interlocked.CompareExchange(ref _listenerRestUntilMs, 0, until) == until) RearmListener();
        return 0;
    }

    /// <summary>
    /// Serves the connection's requests while their heads are already here, then parks it. With
    /// <paramref name="headReady"/>, a head (or a refusal) is ready and already counted in flight.
    /// </summary>
    private void Drive(LoopConnection connection, WorkerCounters counters, bool headReady)
    {
        var http = connection.Connection;
        while (true)
        {
            if (!headReady)
            {
                if (http.UsesTls)
                {
                    _ = WaitTlsHeadAsync(connection);
                    return;
                }
                HeadProgress progress;
                try
                {
                    progress = http.TryReadHead();
                }
                catch (Exception)
                {
                    progress = HeadProgress.Closed; // boundary: a connection's failure never reaches the worker loop
                }
                if (progress == HeadProgress.Waiting)
                {
                    Park(connection);
                    return;
                }
                if (progress == HeadProgress.Closed)
                {
                    Close(connection);
                    return;
                }
                Interlocked.Increment(ref _inFlight);
            }
            headReady = false;
            bool keep;
            if (_handoff is not null) Volatile.Write(ref _busySinceMs, Environment.TickCount64);
            try
            {
                keep = http.Serve(counters);
            }
            catch (Exception)
            {
                keep = false; // boundary: Serve reports its own failures; anything else just ends the connection
            }
            finally
            {
                if (_handoff is not null) Volatile.Write(ref _busySinceMs, 0);
                Interlocked.Decrement(ref _inFlight);
            }
            _heap.AfterRequest();
            if (!keep)
            {
                Close(connection);
                return;
            }
            if (!http.HeadStarted && !http.UsesTls)
            {
                // Nothing of a next request is here yet: arm at once rather than ask the socket first (the answer
                // is almost always "not yet"); input already there makes the armed report fire at once.
                Park(connection);
                return;
            }
        }
    }

    private void Park(LoopConnection connection)
    {
        connection.DeadlineMs = connection.Connection.WaitDeadlineMs;
        if (!_epoll.ArmOnce(connection.Connection.Descriptor, connection.Token, connection.Registered))
        {
            Close(connection);
            return;
        }
        connection.Registered = true;
        connection.MarkParked();
    }

    private async Task WaitTlsHeadAsync(LoopConnection connection)
    {
        bool ready;
        try
        {
            ready = await connection.Connection.ReadHeadAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            ready = false; // boundary: a connection's failure never reaches the thread pool
        }
        if (!ready || _stopped.IsSet) Close(connection);
        else Queue(connection);
    }

    private void Queue(LoopConnection connection)
    {
        Interlocked.Increment(ref _inFlight);
        _ready.Enqueue(connection);
        Epoll.Signal(_readyFd);
    }

    /// <summary>Ends parked waits that passed their deadline (408 for a started head) and, once stopping, idle ones.</summary>
    private void SweepLoop()
    {
        try
        {
            SweepUntilStopped();
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Holds a connection the pool now watches, and wakes the sweeper if it slept for want of one.</summary>
    private void Add(LoopConnection connection)
    {
        _open[connection.Token] = connection;
        if (Volatile.Read(ref _sweeperStarted) == 0) StartSweeper();
        if (Interlocked.CompareExchange(ref _sweeperAsleep, 0, 1) == 1) _nudge.Set();
    }

    /// <summary>
    /// The sweeper starts with the first connection, not with the pool: a thread less to start for each of 50
    /// children, which all start at once. Called by a worker, which keeps the pool alive while it does.
    /// </summary>
    private void StartSweeper()
    {
        lock (_sweeper)
        {
            if (_sweeperStarted == 1 || _stopped.IsSet) return;
            Interlocked.Increment(ref _alive);
            _sweeper.Start();
            Volatile.Write(ref _sweeperStarted, 1);
        }
    }

    /// <summary>
    /// Every 100 ms (a child: every 10 ms, to see a long exchange begin) while the pool holds connections; with none,
    /// it sleeps until one comes, so that 50 idle children cost no CPU.
    /// </summary>
    private void SweepUntilStopped()
    {
        int interval = _handoff is null ? SweepMs : HandoffAfterMs / 2;
        long nextSweep = 0;
        while (!_stopped.IsSet)
        {
            if (_open.IsEmpty)
            {
                Interlocked.Exchange(ref _sweeperAsleep, 1);
                _nudge.Reset();
                if (_open.IsEmpty && !_stopped.IsSet) _nudge.Wait();
                Interlocked.Exchange(ref _sweeperAsleep, 0);
                continue;
            }
            if (_stopped.Wait(interval)) break;
            EndRestIfOver();
            long now = Environment.TickCount64;
            long busySince = Volatile.Read(ref _busySinceMs);
            if (busySince != 0 && now - busySince >= HandoffAfterMs && !_server.Stopping) HandOffParked();
            if (now < nextSweep) continue;
            nextSweep = now + SweepMs;
            Sweep();
        }
    }

    /// <summary>This child is busy with a long exchange: its parked connections go to whichever child is idle.</summary>
    private void HandOffParked()
    {
        byte[]? payload = null;
        try
        {
            foreach (var pair in _open)
            {
                var connection = pair.Value;
                if (!connection.IsParked || !connection.TrySweep()) continue;
                _epoll.Remove(connection.Connection.Descriptor);
                connection.Registered = false;
                payload ??= ArrayPool<byte>.Shared.Rent(ConnectionHandoff.MaxMessage);
                int length = connection.Connection.ExportWait(payload);
                if (!_handoff!.TrySend(connection.Connection.Descriptor, payload.AsSpan(0, length)))
                {
                    Park(connection); // the hand-over socket is full: keep it
                    return;
                }
                if (!connection.TryClose()) continue;
                _open.TryRemove(connection.Token, out _);
                connection.Connection.Detach();
            }
        }
        finally
        {
            if (payload is not null) ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private void Sweep()
    {
        long now = Environment.TickCount64;
        bool stopping = _server.Stopping;
        foreach (var pair in _open)
        {
            var connection = pair.Value;
            if (!connection.IsParked) continue;
            bool idle = !connection.Connection.HeadStarted;
            if (now < connection.DeadlineMs && !(stopping && idle)) continue;
            if (!connection.TrySweep()) continue;
            _epoll.Remove(connection.Connection.Descriptor);
            connection.Registered = false;
            if (idle)
            {
                Close(connection);
                continue;
            }
            connection.Connection.TimeOutHead();
            Queue(connection);
        }
    }

    private void Close(LoopConnection connection)
    {
        if (!connection.TryClose()) return;
        _open.TryRemove(connection.Token, out _);
        if (connection.Registered) _epoll.Remove(connection.Connection.Descriptor);
        connection.Connection.Dispose();
    }

    /// <summary>Stops accepting, lets read and running requests finish (bounded), then closes everything.</summary>
    public void Stop(TimeSpan timeout)
    {
        _server.BeginStop();
        lock (_listenerGate)
        {
            _listenerClosed = true;
            _epoll.Remove(_listenerFd);
            _listener.Dispose();
        }
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            foreach (var pair in _open) pair.Value.Connection.WakeIfIdle();
            Sweep();
            if (Volatile.Read(ref _inFlight) == 0) break;
            Thread.Sleep(10);
        }
        // Past the timeout: a worker still inside an exchange (a stalled upload waits up to the body timeout) is woken
        // by its socket's end, so that it discards what it was writing before Stop returns, not after.
        foreach (var pair in _open) pair.Value.Connection.Abort();
        _stopped.Set();
        _nudge.Set();
        Epoll.Signal(_stopFd);
        foreach (var thread in _threads) thread?.Join(TimeSpan.FromSeconds(2));
        lock (_sweeper)
        {
            if (_sweeperStarted == 1) _sweeper.Join(TimeSpan.FromSeconds(2));
        }
        foreach (var pair in _open) Close(pair.Value);
    }

    /// <summary>
    /// Releases the descriptors once no thread of the pool can touch them: a worker still inside a long exchange
    /// after the stop timeout would otherwise wait on a closed, perhaps reused, descriptor number.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeAsked, 1) == 0) Leave();
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _alive) != 0) return;
        _epoll.Dispose();
        Epoll.Close(_readyFd);
        Epoll.Close(_stopFd);
    }

    private int _alive = 1; // the threads, plus one for Dispose
    private int _disposeAsked;
}
