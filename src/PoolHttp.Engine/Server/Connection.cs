using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using PoolHttp.Engine.Http;
using PoolHttp.Engine.Server.Handlers;

namespace PoolHttp.Engine.Server;

/// <summary>
/// One client connection: reads request heads and serves one exchange at a time. How it waits for a head (without a
/// thread, or on the calling thread) is the <see cref="IWaitStrategy"/> its pool gives it; it does not know which
/// kind of worker runs it.
/// </summary>
public sealed partial class Connection : IDisposable
{
    /// <summary>Size of the input buffer: room for the largest head the parser accepts.</summary>
    internal const int BufferSize = 64 * 1024;

    /// <summary>What a connection starts with: enough for ordinary heads; it grows to <see cref="BufferSize"/> only for large ones.</summary>
    internal const int InitialBufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly ServerContext _server;
    private readonly IWaitStrategy _waiting;
    private byte[] _buffer;
    private int _start, _end;
    private RequestHead? _head;
    private RejectReason? _rejected;
    private bool _broken;
    private bool _servedAny;
    private long _headStartedMs;
    private int _disposed;

    /// <summary>Wraps an accepted socket; the connection owns <paramref name="waiting"/> from now on.</summary>
    public Connection(Socket socket, ServerContext server, IWaitStrategy waiting)
    {
        _socket = socket;
        _server = server;
        _waiting = waiting;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        socket.NoDelay = true;
        int bodyMs = ToMs(server.Options.BodyTimeout);
        socket.ReceiveTimeout = bodyMs;
        socket.SendTimeout = bodyMs;
        Remote = (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "-";
        _tlsPending = server.TlsOptions is not null;
        _headStartedMs = Environment.TickCount64;
    }

    /// <summary>The client's address, for the access log.</summary>
    public string Remote { get; }

    /// <summary>The server this connection belongs to.</summary>
    internal ServerContext Server => _server;

    /// <summary>The head being served.</summary>
    internal RequestHead Head => _head ?? throw new InvalidOperationException("No request head.");

    private int IdleTimeoutMs => ToMs(_servedAny ? _server.Options.KeepAliveTimeout : _server.Options.HeaderTimeout);

    /// <summary>Waits, as the strategy does, until a request head (or a reason to refuse one) is ready; false means close quietly.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReadHeadAsync()
    {
        if (_tlsPending)
        {
            if (!await StartTlsAsync().ConfigureAwait(false)) return false;
            if (_plainOnTls) return true;
        }
        while (true)
        {
            if (TryTakeHead()) return true;
            bool started = _end > _start;
            if (!started && _server.Stopping) return false;
            long deadline = started ? _headStartedMs + ToMs(_server.Options.HeaderTimeout) : Environment.TickCount64 + IdleTimeoutMs;
            int n = await _waiting.ReceiveAsync(_socket, _tls, _buffer.AsMemory(_end), SocketFlags.None, deadline, idle: !started)
                .ConfigureAwait(false);
            if (n < 0) return started && TimedOut();
            if (n == 0) return PeerClosed(started);
            if (!started) _headStartedMs = Environment.TickCount64;
            _end += n;
        }
    }

    /// <summary>
    /// For an event loop (plain connections only): takes in what has arrived, without waiting, until a head (or a
    /// reason to refuse one) is ready. <see cref="HeadProgress.Waiting"/>: park the connection until its socket is
    /// readable or <see cref="WaitDeadlineMs"/> passes.
    /// </summary>
    internal HeadProgress TryReadHead()
    {
        if (_rejected is not null || _broken) return HeadProgress.Ready; // a timed-out head, set by TimeOutHead
        while (true)
        {
            if (TryTakeHead()) return HeadProgress.Ready;
            bool started = _end > _start;
            if (!started && _server.Stopping) return HeadProgress.Closed;
            int n = NativeReceive.TryReceive(_socket, _buffer.AsSpan(_end));
            if (n < 0) return HeadProgress.Waiting;
            if (n == 0) return PeerClosed(started) ? HeadProgress.Ready : HeadProgress.Closed;
            if (!started) _headStartedMs = Environment.TickCount64;
            _end += n;
        }
    }

    /// <summary>When a parked connection's wait ends (<see cref="Environment.TickCount64"/> time): the header timeout
    /// of a started head, else the keep-alive (or, before the first request, header) timeout.</summary>
    internal long WaitDeadlineMs => _headStartedMs + (HeadStarted ? ToMs(_server.Options.HeaderTimeout) : IdleTimeoutMs);

    /// <summary>True when part of the next head has arrived.</summary>
    internal bool HeadStarted => _end > _start;

    /// <summary>The head did not arrive in time: the next <see cref="Serve"/> answers 408.</summary>
    internal void TimeOutHead() => TimedOut();

    /// <summary>True when the connection is (or will be) TLS: it waits with its strategy, not in an event loop.</summary>
    internal bool UsesTls => _tls is not null || _tlsPending || _plainOnTls;

    /// <summary>The socket's descriptor, for an event loop.</summary>
    internal int Descriptor => (int)_socket.SafeHandle.DangerousGetHandle();

    /// <summary>Ends an idle wait at once (graceful stop); a busy connection is left to finish.</summary>
    internal void WakeIfIdle() => _waiting.WakeIfIdle();

    /// <summary>Serves the head that <see cref="ReadHeadAsync"/> made ready. Returns true when the connection stays open.</summary>
    public bool Serve(WorkerCounters worker)
    {
        long started = Stopwatch.GetTimestamp();
        worker.Begin();
        BeginExchange();
        bool ok = false;
        try
        {
            if (_broken) CloseAfter();
            else if (_plainOnTls) RespondPlainOnTls();
            else if (_rejected is RejectReason reason) RespondRejected(reason);
            else Router.Handle(this);
            ok = _response.Status is > 0 and < 500 && !_response.Aborted;
        }
        catch (ClientGoneException) { _response.Aborted = true; }
        catch (HttpError e) when (!_response.Started) { ok = RespondError(e); }
        catch (Exception e) when (!_response.Started)
        {
            ok = RespondError(new HttpError(500, "The server failed to process the request: " + e.GetType().Name, closeConnection: true));
        }
        catch (Exception) { _response.Aborted = true; }
        finally
        {
            bool unreadBody = _head is { HasBody: true } && !_body.Done;
            FinishExchange(worker, ok, started);
            if (unreadBody && _response.Started && !_response.Aborted) LingerBeforeClose();
        }
        return _response.KeepAlive && !_response.Aborted;
    }

    /// <summary>
    /// After refusing a request whose body is still arriving (401, 413, 412 ...): stop sending, then read and drop
    /// what the client keeps sending for a moment before closing. Closing at once with unread bytes makes the kernel
    /// reset the connection, and a client still busy writing its body then loses the refusal it was sent (nginx calls
    /// this a lingering close). Bounded: <see cref="LingerBytes"/> bytes or <see cref="LingerMs"/> milliseconds.
    /// </summary>
    private void LingerBeforeClose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            long deadline = Environment.TickCount64 + LingerMs, drained = 0;
            var scratch = _buffer;
            while (drained < LingerBytes)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0 || !_socket.Poll((int)left * 1000, SelectMode.SelectRead)) return;
                int n = _socket.Receive(scratch, SocketFlags.None);
                if (n <= 0) return;
                drained += n;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private const int LingerMs = 2000;
    private const long LingerBytes = 8L << 20;

    private bool RespondError(HttpError e)
    {
        try
        {
            if (e.CloseConnection) CloseAfter();
            RespondProblem(e.Status, e.Message, e.Headers);
            return e.Status < 500;
        }
        catch (ClientGoneException)
        {
            _response.Aborted = true;
            return false;
        }
    }

    private void FinishExchange(WorkerCounters worker, bool ok, long started)
    {
        // Bytes first: whoever sees the request counted also sees its bytes.
        _server.Counters.AddReceived(_body.BytesRead);
        _server.Counters.AddSent(_response.BytesSent);
        // The log line before the count: whoever sees the server idle also sees every line of what it served.
        var log = _server.Options.AccessLog;
        if (log is not null)
        {
            string line = _head is null ? "-" : $"{_head.Method} {_head.Target} HTTP/1.{(_head.IsHttp11 ? 1 : 0)}";
            try { log(new AccessLogEntry(Remote, DateTimeOffset.UtcNow, line, _response.Status, _response.BytesSent, Stopwatch.GetElapsedTime(started), worker.Id)); }
            catch (Exception) { /* a failing logger must not take the worker down */ }
        }
        worker.End(ok);
        _servedAny = true;
        _head = null;
        _rejected = null;
        // Bytes of a pipelined next head may already be buffered; its header timeout runs from now, not from
        // when they arrived while this exchange (perhaps a long download) was being served.
        _headStartedMs = Environment.TickCount64;
    }

    private bool TryTakeHead()
    {
        if (_end == _start)
        {
            // Everything buffered is consumed (an upload may have filled the buffer to its last byte): start over at
            // the front, or the next receive would get an empty span and its 0 would read as the client closing.
            _start = _end = 0;
            return false;
        }
        var status = RequestParser.Parse(_buffer.AsSpan(_start, _end - _start), _server.Limits, out var head, out int consumed, out var reason);
        if (status == ParseStatus.NeedMore)
        {
            Compact();
            if (_end == _buffer.Length && _buffer.Length < BufferSize) Grow();
            return false;
        }
        if (status == ParseStatus.Complete)
        {
            _head = head;
            _start += consumed;
        }
        else _rejected = reason;
        return true;
    }

    private void Grow()
    {
        var bigger = ArrayPool<byte>.Shared.Rent(BufferSize);
        _buffer.AsSpan(0, _end).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void Compact()
    {
        if (_start == 0) return;
        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _start = 0;
    }

    private bool TimedOut()
    {
        _rejected = RejectReason.HeaderTimeout;
        return true;
    }

    private bool PeerClosed(bool started)
    {
        if (!started) return false;
        _broken = true;
        return true;
    }

    internal static int ToMs(TimeSpan t) => (int)Math.Clamp(t.TotalMilliseconds, 1, int.MaxValue);

    /// <summary>Bytes <see cref="ExportWait"/> writes before the buffered input.</summary>
    internal const int WaitStateHeader = 9;

    /// <summary>
    /// For handing a parked connection to another process: whether a request was served on it, how long its wait
    /// has run, and what was read of its next head. Returns the length written.
    /// </summary>
    internal int ExportWait(Span<byte> destination)
    {
        int buffered = _end - _start;
        destination[0] = (byte)(_servedAny ? 1 : 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(destination[1..], Environment.TickCount64 - _headStartedMs);
        _buffer.AsSpan(_start, buffered).CopyTo(destination[WaitStateHeader..]);
        return WaitStateHeader + buffered;
    }

    /// <summary>Takes over the wait that <see cref="ExportWait"/> wrote in another process.</summary>
    internal void ImportWait(ReadOnlySpan<byte> state)
    {
        _servedAny = state[0] == 1;
        _headStartedMs = Environment.TickCount64 - System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(state[1..]);
        var bytes = state[WaitStateHeader..];
        if (bytes.Length > _buffer.Length) Grow();
        bytes.CopyTo(_buffer);
        _start = 0;
        _end = bytes.Length;
    }

    /// <summary>Closes this process's descriptor only (another process now holds the connection) and returns the buffer.</summary>
    internal void Detach()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _socket.Dispose(); // a close without shutdown: the connection lives on in the other process
        _waiting.Dispose();
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>
    /// Ends both directions of the socket without releasing it or the buffer: a worker blocked in a read or write on
    /// it wakes at once and unwinds its exchange (an upload discards its temporary file) while the worker still owns
    /// the connection. For a stop whose timeout has passed.
    /// </summary>
    internal void Abort()
    {
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    /// <summary>Closes the socket and returns the buffer.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _tls?.Dispose();
        Abort();
        _socket.Dispose();
        _waiting.Dispose();
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        ArrayPool<byte>.Shared.Return(buffer);
    }
}

/// <summary>Where a non-blocking head read stands.</summary>
internal enum HeadProgress
{
    /// <summary>A head, a refusal or a broken connection is ready to be served.</summary>
    Ready,

    /// <summary>More bytes are needed; nothing more has arrived.</summary>
    Waiting,

    /// <summary>The client closed between requests (or the server is stopping): close quietly.</summary>
    Closed,
}
