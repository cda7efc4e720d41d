using System.Net;

namespace PoolHttp.Engine.Client;

/// <summary>How a <see cref="PoolHttpClient"/> connects. Defaults are the contract's: a 30 s idle timeout.</summary>
public sealed record PoolClientOptions
{
    /// <summary>The default idle timeout: a transfer fails when no byte moved for this long.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A transfer fails with <see cref="Results.PoolErrorKind.Timeout"/> when no byte has moved for this long,
    /// however long it runs as a whole. <see cref="Timeout.InfiniteTimeSpan"/> turns the check off.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    /// <summary>Sent as Basic authentication with every request when set.</summary>
    public NetworkCredential? Credential { get; init; }

    /// <summary>
    /// Send <see cref="Credential"/> over plain http:// too. Without it a request to an http:// URL with a credential
    /// fails before anything is sent (<see cref="CredentialTransport"/>).
    /// </summary>
    public bool AllowUnencryptedAuthentication { get; init; }

    /// <summary>
    /// Told about every request when it ends, answered or not (<see cref="RequestSummary"/>), on the thread that ran
    /// it: it must be quick, thread-safe and never throw. Null: nobody is told.
    /// </summary>
    public Action<RequestSummary>? RequestCompleted { get; init; }

    /// <summary>Accept any TLS certificate (for a server with a self-signed certificate).</summary>
    public bool SkipCertificateCheck { get; init; }

    /// <summary>
    /// Certificates trusted besides the system's (a CA, or a self-signed server's own certificate; see
    /// <see cref="CertificateTrust.Load"/>). The host name is still checked.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustedCertificates { get; init; }

    /// <summary>How many connections to one server the pool may open at once.</summary>
    public int MaxConnectionsPerServer { get; init; } = int.MaxValue;

    /// <summary>
    /// How long a pooled keep-alive connection may stay idle before the client drops it; shorter than the
    /// server's keep-alive timeout so that a request never lands on a connection the server is closing.
    /// </summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The options for an idle timeout in seconds (0: none; see <see cref="Client.IdleTimeout.FromSeconds"/>), an
    /// optional credential for Basic authentication, and how to check the server's certificate: not at all, or also
    /// against the certificates in <paramref name="caCertificatePath"/>. Throws <see cref="ArgumentException"/> for
    /// a negative, infinite or NaN timeout.
    /// </summary>
    public static PoolClientOptions Create(double idleTimeoutSeconds, NetworkCredential? credential = null,
        bool skipCertificateCheck = false, string? caCertificatePath = null) =>
        new()
        {
            IdleTimeout = Client.IdleTimeout.FromSeconds(idleTimeoutSeconds),
            Credential = credential,
            SkipCertificateCheck = skipCertificateCheck,
            TrustedCertificates = caCertificatePath is null ? null : CertificateTrust.Load(caCertificatePath),
        };

    /// <summary>Throws <see cref="ArgumentException"/> for values no client can run with.</summary>
    public void Validate()
    {
        if (IdleTimeout <= TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentException("The idle timeout must be positive.", nameof(IdleTimeout));
        if (MaxConnectionsPerServer < 1)
            throw new ArgumentException("MaxConnectionsPerServer must be at least 1.", nameof(MaxConnectionsPerServer));
        if (PooledConnectionIdleTimeout <= TimeSpan.Zero)
            throw new ArgumentException("PooledConnectionIdleTimeout must be positive.", nameof(PooledConnectionIdleTimeout));
    }
}
