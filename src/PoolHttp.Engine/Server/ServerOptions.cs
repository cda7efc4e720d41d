using System.Net;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Server;

/// <summary>Everything a server is started with. Defaults are the contract's: loopback, limits and timeouts on.</summary>
public sealed record ServerOptions
{
    /// <summary>The default port of a Thread-mode server.</summary>
    public const int DefaultThreadPort = 8885;

    /// <summary>The default port of a Process-mode server.</summary>
    public const int DefaultProcessPort = 8889;

    /// <summary>The folder served; default <c>./files</c>.</summary>
    public string Root { get; init; } = "files";

    /// <summary>The address to listen on; default loopback.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port to listen on; null picks the mode's default, 0 lets the system choose.</summary>
    public int? Port { get; init; }

    /// <summary>Thread or Process workers.</summary>
    public ServerMode Mode { get; init; } = ServerMode.Thread;

    /// <summary>How many requests may be processed at once.</summary>
    public int Workers { get; init; } = 5;

    /// <summary>The largest accepted request body in bytes, or null for no limit.</summary>
    public long? MaxUploadSize { get; init; }

    /// <summary>How long a request head may take to arrive once it has started.</summary>
    public TimeSpan HeaderTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a request body (or a response write) may stall.</summary>
    public TimeSpan BodyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle keep-alive connection is kept.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a graceful stop waits for requests in progress before closing them.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Refuse every write method when true.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// Serves WebDAV (RFC 4918 class 1 and 2): PROPFIND, PROPPATCH, COPY, MOVE, LOCK, UNLOCK, and DELETE of a folder
    /// with its contents as WebDAV clients expect. Off by default: without it those methods answer 405 and DELETE of a
    /// non-empty folder needs <c>?recursive=true</c>.
    /// </summary>
    public bool WebDav { get; init; }

    /// <summary>Basic authentication: when set, every request but <c>/.poolhttp/health</c> needs a known credential.</summary>
    public Security.BasicAuthenticator? Authentication { get; init; }

    /// <summary>With <see cref="Authentication"/>: reads (GET, HEAD, OPTIONS on files) need no credential, writes and stats do.</summary>
    public bool AnonymousRead { get; init; }

    /// <summary>HTTPS: when set (with its private key), every connection speaks TLS 1.2 or 1.3 with this certificate.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// The TCP congestion control of the connections: <see cref="Server.CongestionControl.Auto"/> (the default: no
    /// pacing on a loopback listener, the system's choice elsewhere), <see cref="Server.CongestionControl.System"/>, or
    /// an algorithm name such as <c>cubic</c> (Linux).
    /// </summary>
    public string CongestionControl { get; init; } = Server.CongestionControl.Auto;

    /// <summary>Called once per finished exchange; null (the default) logs nothing.</summary>
    public Action<AccessLogEntry>? AccessLog { get; init; }

    /// <summary>The port used when <see cref="Port"/> is null.</summary>
    public int EffectivePort => Port ?? (Mode == ServerMode.Process ? DefaultProcessPort : DefaultThreadPort);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for values no server can run with, and <see cref="Results.PoolException"/>
    /// (<see cref="Results.PoolErrorKind.NotFound"/>, about the path) when the root folder does not exist.
    /// </summary>
    public void Validate()
    {
        if (Workers is < 1 or > 1024) throw new ArgumentException("Workers must be between 1 and 1024.", nameof(Workers));
        if (EffectivePort is < 0 or > 65535) throw new ArgumentException("Port must be between 0 and 65535.", nameof(Port));
        if (MaxUploadSize is < 0) throw new ArgumentException("The maximum upload size cannot be negative.", nameof(MaxUploadSize));
        foreach (var (name, value) in new[] { ("HeaderTimeout", HeaderTimeout), ("BodyTimeout", BodyTimeout), ("KeepAliveTimeout", KeepAliveTimeout) })
        {
            if (value <= TimeSpan.Zero) throw new ArgumentException($"{name} must be positive.", name);
        }
        if (AnonymousRead && Authentication is null)
            throw new ArgumentException("Anonymous read only makes sense with authentication.", nameof(AnonymousRead));
        if (Certificate is { HasPrivateKey: false })
            throw new ArgumentException("The TLS certificate has no private key.", nameof(Certificate));
        Server.CongestionControl.Validate(CongestionControl);
        if (!Directory.Exists(Root)) throw new Results.PoolException(Results.PoolErrorKind.NotFound, "The root folder does not exist.", Root);
    }
}
