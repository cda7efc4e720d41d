using System.Net.Sockets;
using PoolHttp.Engine.Http;
using PoolHttp.Engine.Server.Handlers;

namespace PoolHttp.Engine.Server;

public sealed partial class Connection
{
    private BodyState _body;
    private int _lowWater; // the socket's SO_RCVLOWAT while a body is read in pieces; 0 while it is the default (1)

    /// <summary>How far one exchange's request body has been read; reset at the start of each exchange.</summary>
    private struct BodyState
    {
        public ChunkedDecoder? Chunked;
        public long Remaining;
        public long BytesRead;
        public bool Done;
        public bool ContinueSent;
        public int Piece;     // read in pieces of this size (ReadBodyInPieces), 0: as it comes
        public bool Drained;  // the last read without waiting found nothing: the next read waits first
    }

    /// <summary>
    /// Asks for the body in pieces of <paramref name="bytes"/> (an upload's buffer): on Linux, without TLS, for a body
    /// of known length, a wait for input then ends only when a piece (or the rest) is there, so a 100 MB upload takes
    /// a few hundred wake-ups and receives instead of thousands. The mark goes back to one byte when the body ends.
    /// </summary>
    internal void ReadBodyInPieces(int bytes)
    {
        if (NativeReceive.IsSupported && _tls is null && _body.Chunked is null && !_body.Done) _body.Piece = bytes;
    }

    /// <summary>Counts body bytes read and, at the body's end, puts the socket's low-water mark back.</summary>
    private void Consumed(int n)
    {
        _body.Remaining -= n;
        if (_body.Remaining == 0)
        {
            _body.Done = true;
            if (_lowWater > 0)
            {
                _lowWater = 0;
                NativeReceive.SetLowWater(_socket, 1); // the next head must wake the connection at its first byte
            }
        }
    }

    /// <summary>Body bytes read so far in this exchange.</summary>
    internal long BodyBytesRead => _body.BytesRead;

    private void BeginBody()
    {
        _body = new BodyState
        {
            Chunked = _head is { IsChunked: true } ? new ChunkedDecoder() : null,
            Remaining = _head?.ContentLength ?? 0,
            Done = _head is null || !_head.HasBody,
        };
    }

    /// <summary>
    /// Reads request body bytes; 0 at the end. Sends <c>100 Continue</c> first when the client waits for it, so a
    /// handler that refuses before reading never invites the body. Throws <see cref="ClientGoneException"/> when the
    /// client closes early or stalls, and <see cref="HttpError"/> for malformed chunking or an oversized body.
    /// </summary>
    internal int ReadBody(Span<byte> destination)
    {
        if (_body.Done || destination.IsEmpty) return 0;
        if (Head.ExpectContinue && !_body.ContinueSent)
        {
            _body.ContinueSent = true;
            // Interim, not the response: a refusal found while reading the body must still be sendable.
            Write("HTTP/1.1 100 Continue\r\n\r\n"u8);
        }
        return Counted(_body.Chunked is null ? ReadLengthBody(destination, wait: true) : ReadChunkedBody(destination));
    }

    /// <summary>Counts body bytes read in this exchange and refuses a body over the upload limit.</summary>
    private int Counted(int n)
    {
        _body.BytesRead += n;
        Refusals.BodyOverLimit(_server.Options.MaxUploadSize, _body.BytesRead, closeConnection: true);
        return n;
    }

    /// <summary>
    /// Reads body bytes that are already here without waiting for more: 0 when none are (or the body is chunked, over
    /// TLS, or not started). An upload fills its buffer with this after <see cref="ReadBody"/> returned, so that it
    /// writes to disk in few large pieces, not in one piece per receive.
    /// </summary>
    internal int ReadBodyNow(Span<byte> destination)
    {
        if (_body.Done || destination.IsEmpty || _body.Chunked is not null || _tls is not null || !NativeReceive.IsSupported) return 0;
        if (Head.ExpectContinue && !_body.ContinueSent) return 0;
        return Counted(ReadLengthBody(destination, wait: false));
    }

    /// <summary>Reads and discards the rest of the body (small bodies a handler does not need).</summary>
    internal void DrainBody()
    {
        Span<byte> scratch = stackalloc byte[1024];
        while (ReadBody(scratch) > 0) { }
    }

    /// <summary>A body of known length: bytes already read with the head first; then, with <paramref name="wait"/>, a
    /// receive that waits for at least one byte, without it one that takes only what is there (0 when nothing is).</summary>
    private int ReadLengthBody(Span<byte> destination, bool wait)
    {
        int want = (int)Math.Min(destination.Length, _body.Remaining);
        int n;
        if (_end > _start)
        {
            n = Math.Min(want, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
        }
        else if (!wait)
        {
            n = NativeReceive.TryReceive(_socket, destination[..want]);
            if (n <= 0)
            {
                _body.Drained = n < 0;
                return 0; // nothing yet, or the end, which the next ReadBody reports
            }
        }
        else
        {
            if (_body.Piece > 0) WantLowWater((int)Math.Min(want, _body.Piece));
            n = ReceiveBody(destination[..want]);
            _body.Drained = false;
        }
        Consumed(n);
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
            if (!_body.Chunked!.Step(available, out int consumed, out int data))
                throw new HttpError(400, "The chunked request body is malformed.", closeConnection: true);
            if (data > 0)
            {
                available[..data].CopyTo(destination);
                _start += data;
                return data;
            }
            _start += consumed;
            if (_body.Chunked.IsDone)
            {
                _body.Done = true;
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

    private void WantLowWater(int bytes)
    {
        if (bytes == Math.Max(_lowWater, 1)) return;
        NativeReceive.SetLowWater(_socket, bytes);
        _lowWater = bytes;
    }

    private int ReceiveSocketBody(Span<byte> destination)
    {
        try
        {
            return NativeReceive.IsSupported
                // The body timeout from the options, as the socket has it while a body is read (asking the socket
                // would be a getsockopt per receive).
                ? NativeReceive.Receive(_socket, destination, ToMs(_server.Options.BodyTimeout), waitFirst: _body.Drained)
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
