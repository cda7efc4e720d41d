namespace PoolHttp.Engine.Results;

/// <summary>
/// A failed client operation: what kind of failure, a one-line human detail (the server's problem+json
/// <c>detail</c> when it sent one), the URI or path concerned, and the HTTP status when there was an answer.
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
        : base(Compose(detail, statusCode), innerException)
    {
        Kind = kind;
        Detail = detail;
        Target = target;
        StatusCode = statusCode;
    }

    /// <summary>The category of the failure.</summary>
    public PoolErrorKind Kind { get; }

    /// <summary>One line for people: the server's problem detail, or the client's own explanation.</summary>
    public string Detail { get; }

    /// <summary>The remote <see cref="Uri"/> or local path the failure is about.</summary>
    public object? Target { get; }

    /// <summary>The HTTP status of the server's answer, or null when there was none (for example, unreachable).</summary>
    public int? StatusCode { get; }

    private static string Compose(string detail, int? status) =>
        status is int s ? $"{detail} (HTTP {s})" : detail;
}
