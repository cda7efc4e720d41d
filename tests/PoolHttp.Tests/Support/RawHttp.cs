using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PoolHttp.Tests.Support;

/// <summary>A response read off the wire.</summary>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>Every value of a header, in order (for checking that one is sent exactly once).</summary>
    public IReadOnlyList<string> All(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();

    /// <summary>True when the response announces that the server closes the connection after it.</summary>
    public bool Closes => Header("Connection")?.Contains("close", StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>A raw HTTP/1.1 client connection for tests that need exact bytes on the wire.</summary>
public sealed class RawHttp : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    /// <summary>How long any one read waits before the test fails instead of hanging.</summary>
    public const int ReceiveTimeoutMs = 20_000;

    /// <summary>Connects to the loopback port; a small <paramref name="receiveBuffer"/> makes a client that stops reading felt at once.</summary>
    public RawHttp(int port, int? receiveBuffer = null)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBuffer is int size) _socket.ReceiveBufferSize = size;
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        _socket.ReceiveTimeout = ReceiveTimeoutMs;
        _socket.SendTimeout = ReceiveTimeoutMs;
    }

    public Socket Socket => _socket;

    public void Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    public void Write(byte[] bytes)
    {
        ReadOnlySpan<byte> rest = bytes;
        while (!rest.IsEmpty) rest = rest[_socket.Send(rest)..];
    }

    /// <summary>Writes, and reports false instead of throwing when the server has already closed or reset.</summary>
    public bool TryWrite(byte[] bytes)
    {
        try
        {
            Write(bytes);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>True when response bytes are waiting (or the server closed) within <paramref name="wait"/>.</summary>
    public bool HasInputWithin(TimeSpan wait) => _end > _start || _socket.Poll((int)wait.TotalMicroseconds, SelectMode.SelectRead);

    /// <summary>Everything the server sends from now until it closes the connection.</summary>
    public byte[] ReadToClose()
    {
        using var ms = new MemoryStream();
        ms.Write(_buffer, _start, _end - _start);
        _start = _end = 0;
        try
        {
            int n;
            while ((n = _socket.Receive(_buffer)) > 0) ms.Write(_buffer, 0, n);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted) { }
        return ms.ToArray();
    }

    /// <summary>Half-closes: the server sees the end of the request stream, and the response can still be read.</summary>
    public void EndSending() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Drops the connection with a reset instead of a FIN.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    /// <summary>Reads one response; <paramref name="headOnly"/> for HEAD (no body follows).</summary>
    public RawResponse ReadResponse(bool headOnly = false)
    {
        while (true)
        {
            int headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (headEnd >= 0)
            {
                string head = Encoding.Latin1.GetString(_buffer, _start, headEnd);
                _start += headEnd + 4;
                var lines = head.Split("\r\n");
                int status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
                var headers = lines.Skip(1).Select(l =>
                {
                    int colon = l.IndexOf(':');
                    return new KeyValuePair<string, string>(l[..colon], l[(colon + 1)..].Trim());
                }).ToList();
                if (status is >= 100 and < 200) continue;
                var response = new RawResponse(status, headers, Array.Empty<byte>());
                if (headOnly || status is 204 or 304) return response;
                return response with { Body = ReadBody(response) };
            }
            if (!Fill()) throw new IOException("The server closed the connection before a whole response head.");
        }
    }

    /// <summary>Reads an interim 100 Continue (or the final status when the server refuses early).</summary>
    public int ReadStatusLine()
    {
        while (true)
        {
            int headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (headEnd >= 0)
            {
                string head = Encoding.Latin1.GetString(_buffer, _start, headEnd);
                int status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
                if (status == 100) _start += headEnd + 4;
                return status;
            }
            if (!Fill()) throw new IOException("Closed before a status line.");
        }
    }

    /// <summary>True when the server closes the connection (reads return 0) within the receive timeout.</summary>
    public bool IsClosedByServer()
    {
        try
        {
            while (true)
            {
                if (_end == _buffer.Length) _start = _end = 0;
                int n = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
                if (n == 0) return true;
                _end += n;
            }
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted;
        }
    }

    private byte[] ReadBody(RawResponse response)
    {
        var lengthText = response.Header("Content-Length");
        if (lengthText is not null)
        {
            long length = long.Parse(lengthText, CultureInfo.InvariantCulture);
            var body = new byte[length];
            int got = 0;
            while (got < length)
            {
                if (_end == _start && !Fill()) throw new IOException("Closed in the middle of a body.");
                int n = (int)Math.Min(length - got, _end - _start);
                Array.Copy(_buffer, _start, body, got, n);
                _start += n;
                got += n;
            }
            return body;
        }
        using var ms = new MemoryStream();
        while (true)
        {
            ms.Write(_buffer, _start, _end - _start);
            _start = _end = 0;
            if (!Fill()) return ms.ToArray();
        }
    }

    private bool Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        int n = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        _end += n;
        return n > 0;
    }

    public void Dispose() => _socket.Dispose();
}
