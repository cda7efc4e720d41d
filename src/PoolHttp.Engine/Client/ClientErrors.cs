using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

/// <summary>Turns HTTP answers and transport failures into <see cref="PoolException"/>s of the right kind.</summary>
internal static class ClientErrors
{
    private const int MaxProblemBytes = 64 * 1024;
    private const int MaxDetailChars = 300;

    /// <summary>The kind a status code stands for.</summary>
    public static PoolErrorKind KindOf(int status) => status switch
    {
        404 or 410 => PoolErrorKind.NotFound,
        401 or 403 or 405 => PoolErrorKind.Forbidden,
        409 or 412 => PoolErrorKind.Conflict,
        408 or 504 => PoolErrorKind.Timeout,
        400 or 413 or 414 or 431 => PoolErrorKind.InvalidArgument,
        500 or 507 => PoolErrorKind.Disk,
        502 or 503 => PoolErrorKind.Unreachable,
        _ => PoolErrorKind.Protocol,
    };

    /// <summary>
    /// Builds the failure for an unsuccessful answer, naming the request's method and status, with the problem+json
    /// detail when the server sent one.
    /// </summary>
    public static async Task<PoolException> FromResponseAsync(HttpResponseMessage response, object target, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string? detail = null;
        try
        {
            detail = await ReadDetailAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or DecoderFallbackException)
        {
            // The status alone still says what happened.
        }
        return new PoolException(KindOf(status), detail is null ? "" : OneLine(detail), target, status, null)
        {
            Method = response.RequestMessage?.Method.Method,
            ReasonPhrase = response.ReasonPhrase is { } reason ? OneLine(reason) : null,
        };
    }

    /// <summary>
    /// Maps whatever a <paramref name="method"/> request threw to what the caller should see: the caller's own
    /// cancellation stays an <see cref="OperationCanceledException"/>; everything else becomes a <see cref="PoolException"/>.
    /// </summary>
    public static Exception Translate(Exception e, IdleWatch watch, CancellationToken cancellationToken, object target, HttpMethod method)
    {
        if (cancellationToken.IsCancellationRequested) return new OperationCanceledException("The transfer was cancelled.", e, cancellationToken);
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is PoolException pool) return pool;
        }
        var (kind, detail) = Describe(e, watch, target);
        return new PoolException(kind, detail, target, null, e) { Method = method.Method };
    }

    private static (PoolErrorKind Kind, string Detail) Describe(Exception e, IdleWatch watch, object target)
    {
        if (watch.TimedOut)
            return (PoolErrorKind.Timeout, string.Create(CultureInfo.InvariantCulture, $"No byte moved for {watch.Idle.TotalSeconds:0.###} s (the idle timeout)."));
        if (e is OperationCanceledException) return (PoolErrorKind.Timeout, "The server did not answer in time.");
        var socket = FindSocketError(e);
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError })
            return (PoolErrorKind.Unreachable, "Cannot connect to " + HostOf(target) + ": " + OneLine(socket?.Message ?? Innermost(e).Message));
        if (socket is not null) return (PoolErrorKind.Unreachable, "The connection to " + HostOf(target) + " broke: " + OneLine(socket.Message));
        if (e is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } || e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded })
            return (PoolErrorKind.Protocol, "The server closed the connection before the answer was complete.");
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } && Innermost(e) is AuthenticationException { Message: var m }
            && m.Contains("certificate", StringComparison.OrdinalIgnoreCase))
        {
            return (PoolErrorKind.Protocol, "The server's TLS certificate is not trusted (" + OneLine(m)
                + "): trust its CA or the certificate itself (--ca-certificate, -CaCertificate), or skip the check for a test server only.");
        }
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
            return (PoolErrorKind.Protocol, "The TLS handshake failed: " + OneLine(Innermost(e).Message));
        if (e is HttpRequestException or HttpIOException) return (PoolErrorKind.Protocol, OneLine(Innermost(e).Message));
        return (PoolErrorKind.Unreachable, "The connection to " + HostOf(target) + " broke: " + OneLine(Innermost(e).Message));
    }

    /// <summary>True for the exceptions a transfer over the network can end with.</summary>
    public static bool IsTransport(Exception e) =>
        e is HttpRequestException or IOException or OperationCanceledException or SocketException;

    /// <summary>A local file-system failure as a failure about <paramref name="path"/>.</summary>
    public static PoolException Local(Exception e, string path) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => new PoolException(PoolErrorKind.NotFound, "The local file or folder does not exist.", path, null, e),
        UnauthorizedAccessException => new PoolException(PoolErrorKind.Forbidden, "Access to the local file is denied.", path, null, e),
        _ => new PoolException(PoolErrorKind.Disk, OneLine(e.Message), path, null, e),
    };

    /// <summary>Collapses a message to one bounded line.</summary>
    public static string OneLine(string text)
    {
        string line = string.Join(' ', text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxDetailChars ? line : line[..MaxDetailChars] + "...";
    }

    private static async Task<string?> ReadDetailAsync(HttpContent content, CancellationToken cancellationToken)
    {
        bool json = IsJson(content.Headers.ContentType);
        bool text = string.Equals(content.Headers.ContentType?.MediaType, "text/plain", StringComparison.OrdinalIgnoreCase);
        if (!json && !text) return null;
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxProblemBytes];
            int got = 0, n;
            while (got < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(got), cancellationToken).ConfigureAwait(false)) > 0) got += n;
            if (text) return got > 0 ? Encoding.UTF8.GetString(buffer, 0, got).Trim() : null;
            using var doc = JsonDocument.Parse(buffer.AsMemory(0, got));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var name in new[] { "detail", "title" })
            {
                if (doc.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s)
                    return s;
            }
            return null;
        }
    }

    private static SocketException? FindSocketError(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s) return s;
        }
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    private static string HostOf(object target) => target is Uri { IsAbsoluteUri: true } u ? u.Authority : "the server";

    /// <summary>True for application/json and any +json type such as application/problem+json.</summary>
    public static bool IsJson(MediaTypeHeaderValue? type) =>
        type?.MediaType is string m && (m.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || m.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
