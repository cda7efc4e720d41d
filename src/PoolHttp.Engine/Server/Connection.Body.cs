using System.Net.Sockets;
using PoolHttp.Engine.Http;
using PoolHttp.Engine.Server.Handlers;

namespace PoolHttp.Engine.Server;

public sealed partial class Connection
{
    private ChunkedDecoder? _chunked;
    private long _bodyRemaining;
    private long _bodyBytesRead;
    private bool _bodyDone;
    private bool _continueSent;

    /// <summary>Body bytes read so far in this exchange.</summary>
    internal long BodyBytesRead => _bodyBytesRead;

    private void BeginBody()
    {
        _bodyBytesRead = 0;
        _continueSent = false;
        _chunked = _head is { IsChunked: true } ? new ChunkedDecoder() : null;
        _bodyRemaining = _head?.ContentLength ?? 0;
        _bodyDone = _head is null || !_head.HasBody;
    }

    /// <summary>
    /// Reads request body bytes; 0 at the end. Sends <c>100 Continue</c> first when the client waits for it, so a
    /// handler that refuses before reading never invites the body. Throws <see cref="ClientGoneException"/> when the
    /// client closes early or stalls, and <see cref="HttpError"/> for malformed chunking or an oversized body.
    /// </summary>
    internal int ReadBody(Span<byte> destination)
    {
        if (_bodyDone || destination.IsEmpty) return 0;
        if (Head.ExpectContinue && !_continueSent)
        {
            _continueSent = true;
            // Interim, not the response: a refusal found while reading the body must still be sendable.
            Write("HTTP/1.1 100 Continue\r\n\r\n"u8);
        }
        int n = _chunked is null ? ReadLengthBody(destination) : ReadChunkedBody(destination);
        _bodyBytesRead += n;
        Refusals.BodyOverLimit(_server.Options.MaxUploadSize, _bodyBytesRead, closeConnection: true);
        return n;
    }

    /// <summary>Reads and discards the rest of the body (small bodies a handler does not need).</summary>
    internal void DrainBody()
    {
        Span<byte> scratch = stackalloc byte[1024];
        while (ReadBody(scratch) > 0) { }
    }

    private int ReadLengthBody(Span<byte> destination)
    {
        int want = (int)Math.Min(destination.Length, _bodyRemaining);
        int n;
        if (_end > _start)
        {
            n = Math.Min(want, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
        }
        else n = ReceiveBody(destination[..want]);
        _bodyRemaining -= n;
        if (_bodyRemaining == 0) _bodyDone = true;
        return n;
    }

    private int ReadChunkedBody(Span<byte> destination)
    {
        while (true)
        {
            if (_end == _start)
            {
                _start = _end = 0;
                _end = ReceiveBody(_buffer);
            }
            var available = _buffer.AsSpan(_start, Math.Min(_end - _start, destination.Length));
            if (!_chunked!.Step(available, out int consumed, out int data))
                throw new HttpError(400, "The chunked request body is malformed.", closeConnection: true);
            if (data > 0)
            {
                available[..data].CopyTo(destination);
                _start += data;
                return data;
            }
            _start += consumed;
            if (_chunked.IsDone)
            {
                _bodyDone = true;
                return 0;
            }
        }
    }

    private int ReceiveBody(Span<byte> destination)
    {
        int n = _tls is null ? ReceiveSocketBody(destination) : ReceiveTlsBody(destination);
        if (n == 0) throw new ClientGoneException("The client closed the connection before the body was complete.");
        return n;
    }

    private int ReceiveSocketBody(Span<byte> destination)
    {
        try
        {
            return NativeReceive.IsSupported
                ? NativeReceive.Receive(_socket, destination, _socket.ReceiveTimeout)
                : _socket.Receive(destination, SocketFlags.None);
        }
        catch (TimeoutException e)
        {
            throw new ClientGoneException("The request body stalled past the body timeout.", e);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
        {
            throw new ClientGoneException("The request body stalled past the body timeout.", e);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new ClientGoneException("The connection broke while the body was being read.", e);
        }
    }
}
