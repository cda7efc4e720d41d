using System.Buffers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using PoolHttp.Engine.Http;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Server;

public sealed partial class Connection
{
    /// <summary>Files up to this size are read into the response buffer and sent with the head in one write.</summary>
    private const int InlineFileLimit = 32 * 1024;

    private ResponseState _response;

    /// <summary>What one exchange's response has done so far; reset at the start of each exchange.</summary>
    private struct ResponseState
    {
        public int Status;
        public bool Started;
        public bool KeepAlive;
        public bool CloseAfter;
        public bool Aborted;
        public long BytesSent;
    }

    /// <summary>True when the request is HEAD: heads are sent, bodies are not.</summary>
    internal bool IsHead => _head?.Method == "HEAD";

    private void BeginExchange()
    {
        _response = default;
        BeginBody();
    }

    /// <summary>Makes the connection close after this response.</summary>
    internal void CloseAfter() => _response.CloseAfter = true;

    /// <summary>Starts a response head: status line, Date, Server.</summary>
    internal ResponseHead StartHead(int status)
    {
        var head = new ResponseHead();
        head.StatusLine(status);
        head.Append(_server.DateLine());
        head.Append("Server: PoolHttp\r\n"u8);
        _response.Status = status;
        return head;
    }

    /// <summary>Ends the head with the connection decision; the caller sends it (with or without a body).</summary>
    internal void FinishHead(ResponseHead head)
    {
        // An unread body cannot be skipped safely, so such a connection closes.
        bool bodyPending = _head is not null && !_body.Done;
        _response.KeepAlive = _head is not null && _head.KeepAlive && !_response.CloseAfter && !bodyPending && !_server.Stopping;
        if (!_response.KeepAlive) head.Append("Connection: close\r\n"u8);
        else if (!_head!.IsHttp11) head.Append("Connection: keep-alive\r\n"u8);
        head.End();
    }

    /// <summary>Sends a complete response whose body is in memory.</summary>
    internal void Respond(int status, ReadOnlySpan<byte> body, string? contentType, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var head = StartHead(status);
        if (headers is not null)
        {
            foreach (var (name, value) in headers) head.Header(name, value);
        }
        bool noBody = status is 204 or 304 or < 200;
        if (!noBody)
        {
            if (contentType is not null) head.Header("Content-Type", contentType);
            head.Header("Content-Length"u8, body.Length);
        }
        FinishHead(head);
        if (!noBody && !IsHead)
        {
            head.Append(body);
            _response.BytesSent += body.Length;
        }
        SendRaw(head.Span);
    }

    /// <summary>Sends an <c>application/problem+json</c> response.</summary>
    internal void RespondProblem(int status, string detail, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("title", StatusText.For(status));
            w.WriteNumber("status", status);
            w.WriteString("detail", detail);
            w.WriteEndObject();
        }
        Respond(status, buffer.WrittenSpan, "application/problem+json", headers);
    }

    private void RespondRejected(RejectReason reason)
    {
        CloseAfter();
        var (status, detail) = reason switch
        {
            RejectReason.TargetTooLong => (414, "The request target is longer than 8 KiB."),
            RejectReason.HeaderTooLarge => (431, "The request header section is larger than 32 KiB."),
            RejectReason.UnknownTransferEncoding => (501, "Only the chunked transfer coding is supported."),
            RejectReason.VersionNotSupported => (505, "Only HTTP/1.0 and HTTP/1.1 are supported."),
            RejectReason.HeaderTimeout => (408, "The request head did not arrive within the header timeout."),
            RejectReason.BadFraming => (400, "The request's Content-Length and Transfer-Encoding are conflicting or invalid."),
            RejectReason.BadHost => (400, "An HTTP/1.1 request needs exactly one Host header."),
            RejectReason.BadHeader => (400, "A request header field is malformed."),
            _ => (400, "The request line is malformed."),
        };
        RespondProblem(status, detail);
    }

    /// <summary>Sends a file range after a finished head; small bodies go out in the same write as the head.</summary>
    internal void SendFile(ResponseHead head, SafeFileHandle file, long offset, long count)
    {
        if (IsHead || count == 0)
        {
            SendRaw(head.Span);
            return;
        }
        if (count <= InlineFileLimit)
        {
            var span = head.Reserve((int)count);
            int read = ZeroCopy.ReadAt(file, span, offset);
            if (read != count) throw new IOException("The file changed while it was being sent.");
            head.Advance(read);
            SendRaw(head.Span);
            _response.BytesSent += count;
            return;
        }
        // sendfile cannot encrypt: over TLS the file goes through a pooled buffer.
        if (ZeroCopy.IsSupported && _tls is null)
        {
            ZeroCopy.Cork(_socket, true);
            try
            {
                SendRaw(head.Span);
                _response.BytesSent += ZeroCopy.SendFile(_socket, file, offset, count);
            }
            finally
            {
                ZeroCopy.Cork(_socket, false);
            }
            return;
        }
        SendRaw(head.Span);
        CopyFile(file, offset, count);
    }

    /// <summary>Sends a body held in memory after a finished head, in the same write.</summary>
    internal void SendBytes(ResponseHead head, ReadOnlySpan<byte> body)
    {
        if (IsHead || body.IsEmpty)
        {
            SendRaw(head.Span);
            return;
        }
        body.CopyTo(head.Reserve(body.Length));
        head.Advance(body.Length);
        SendRaw(head.Span);
        _response.BytesSent += body.Length;
    }

    private void CopyFile(SafeFileHandle file, long offset, long count)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            while (count > 0)
            {
                int read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, count)), offset);
                if (read == 0) throw new IOException("The file shrank while it was being sent.");
                SendChunk(buffer, read);
                offset += read;
                count -= read;
                _response.BytesSent += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes part of a response body whose head went out before; counted as bytes sent.</summary>
    internal void SendBody(ReadOnlySpan<byte> bytes)
    {
        SendRaw(bytes);
        _response.BytesSent += bytes.Length;
    }

    /// <summary>True when the request allows a chunked response (HTTP/1.1); an HTTP/1.0 body ends by closing instead.</summary>
    internal bool AcceptsChunked => _head is { IsHttp11: true };

    /// <summary>Writes bytes to the socket, all or nothing; a failure means the client is gone.</summary>
    internal void SendRaw(ReadOnlySpan<byte> bytes)
    {
        _response.Started = true;
        Write(bytes);
    }

    private void SendChunk(byte[] buffer, int count)
    {
        _response.Started = true;
        if (_tls is null)
        {
            Write(buffer.AsSpan(0, count));
            return;
        }
        try { _tls.Write(buffer, 0, count); } // the array overload: the span one would copy into a rented array first
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _response.Aborted = true;
            throw new ClientGoneException("The client stopped receiving the response.", e);
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            if (_tls is not null)
            {
                _tls.Write(bytes);
                return;
            }
            while (!bytes.IsEmpty)
            {
                int n = _socket.Send(bytes, SocketFlags.None);
                bytes = bytes[n..];
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            _response.Aborted = true;
            throw new ClientGoneException("The client stopped receiving the response.", e);
        }
    }

    /// <summary>Encodes text as UTF-8 for a response body.</summary>
    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
