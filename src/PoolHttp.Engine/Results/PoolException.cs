using System.Globalization;

namespace PoolHttp.Engine.Results;

/// <summary>
/// A failed operation: what kind of failure, a one-line human detail (the server's problem+json <c>detail</c> when
/// it sent one), the URI or path concerned, the HTTP method and status when a request was concerned. Its
/// <see cref="Message"/> names all of them the way PowerShell's own errors read:
/// <c>GET http://host/a.bin: 404 Not Found: the detail</c>.
/// </summary>
public sealed class PoolException : Exception
{
    /// <summary>Creates a failure of <paramref name="kind"/> about <paramref name="target"/>.</summary>
    public PoolException(PoolErrorKind kind, string detail, object? target)
        : this(kind, detail, target, null, null)
    {
    }

    /// <summary>Creates a failure with the HTTP status that caused it and the exception underneath, if any.</summary>
    public PoolException(PoolErrorKind kind, string detail, object? target, int? statusCode, Exception? innerException)
        : base(detail, innerException)
    {
        Kind = kind;
        Detail = detail;
        Target = target;
        StatusCode = statusCode;
    }

    /// <summary>The category of the failure.</summary>
    public PoolErrorKind Kind { get; }

    /// <summary>
    /// One line for people: the server's problem detail, or the client's own explanation; empty when the server's
    /// answer said no more than its status.
    /// </summary>
    public string Detail { get; }

    /// <summary>The remote <see cref="Uri"/> or local path the failure is about.</summary>
    public object? Target { get; }

    /// <summary>The HTTP status of the server's answer, or null when there was none (for example, unreachable).</summary>
    public int? StatusCode { get; }

    /// <summary>The method of the request the failure is about (GET, PUT...), or null when no request is concerned.</summary>
    public string? Method { get; init; }

    /// <summary>The reason phrase the server sent with <see cref="StatusCode"/>; null for the standard one.</summary>
    public string? ReasonPhrase { get; init; }

    /// <summary>
    /// What failed and why, in one line: the method and the target, the status with its reason phrase, and the
    /// detail, each part only when known (<c>PUT http://host/a.bin: 412 Precondition Failed: ...</c>,
    /// <c>GET http://host/a.bin: Cannot connect to host: ...</c>, <c>/tmp/a.bin: The local file ... does not exist.</c>).
    /// </summary>
    public override string Message =>
        string.Join(": ", new[] { Subject(), Status(), Detail }.Where(part => !string.IsNullOrEmpty(part)));

    private string? Subject()
    {
        string? target = Target switch
        {
            null => null,
            // AbsoluteUri: escaped, so the line stays one line and can be pasted back.
            Uri u => u.IsAbsoluteUri ? u.AbsoluteUri : u.OriginalString,
            var t => Convert.ToString(t, CultureInfo.InvariantCulture),
        };
        return Method is null || target is null ? target : Method + " " + target;
    }

    private string? Status()
    {
        if (StatusCode is not int code) return null;
        string reason = string.IsNullOrWhiteSpace(ReasonPhrase) ? StatusText.For(code) : ReasonPhrase.Trim();
        return reason == StatusText.Unknown ? code.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{code} {reason}");
    }
}
