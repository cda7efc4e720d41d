using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// What a stress run covers. Defaults are the contract's seed matrix: Upload and Download x 10, 50, 100 MB x 1, 5,
/// 50 clients x 1, 5, 50 server workers (54 rows), clients as threads, our own Thread-mode server, 30 s idle timeout.
/// </summary>
public sealed record StressOptions
{
    /// <summary>The operations, in the order they run for each server.</summary>
    public IReadOnlyList<StressOperation> Operations { get; init; } = new[] { StressOperation.Upload, StressOperation.Download };

    /// <summary>The test file sizes in bytes.</summary>
    public IReadOnlyList<long> FileSizes { get; init; } = new[] { 10L << 20, 50L << 20, 100L << 20 };

    /// <summary>How many clients run at once in a row.</summary>
    public IReadOnlyList<int> ClientWorkers { get; init; } = new[] { 1, 5, 50 };

    /// <summary>The worker counts of the servers the runner starts (ignored with <see cref="BaseUri"/>).</summary>
    public IReadOnlyList<int> ServerWorkers { get; init; } = new[] { 1, 5, 50 };

    /// <summary>Clients as threads of the runner or as child processes.</summary>
    public StressClientMode ClientMode { get; init; } = StressClientMode.Thread;

    /// <summary>The concurrency model of the servers the runner starts (ignored with <see cref="BaseUri"/>).</summary>
    public ServerMode ServerMode { get; init; } = ServerMode.Thread;

    /// <summary>
    /// An existing server (a folder URL) to stress instead of starting our own; the run works in a folder of its
    /// own below it and removes it at the end. Null (the default) starts a server per server-worker count.
    /// </summary>
    public Uri? BaseUri { get; init; }

    /// <summary>A client fails when no byte of its transfer moved for this long; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Our own servers speak HTTPS with a self-signed certificate made for the run (the clients trust exactly it).</summary>
    public bool Tls { get; init; }

    /// <summary>Clients accept any certificate (for an existing self-signed HTTPS server).</summary>
    public bool SkipCertificateCheck { get; init; }

    /// <summary>Clients trust the certificates in this file (for an existing HTTPS server), or null.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>HTTP Basic credential for an existing server that requires one (children get the password in their environment, never on a command line).</summary>
    public System.Net.NetworkCredential? Credential { get; init; }

    /// <summary>Send <see cref="Credential"/> to an existing http:// server too (without it such a run does not start).</summary>
    public bool AllowUnencryptedAuthentication { get; init; }

    /// <summary>
    /// Told about each row as it starts, on the runner's thread: it must be quick and never throw. Null: nobody is told.
    /// </summary>
    public Action<StressCase>? RowStarting { get; init; }

    /// <summary>How many times each combination runs; each run is a row of its own.</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>
    /// When every client of the first row starts, by this host's clock (so that several hosts start together); later
    /// rows follow <see cref="RowInterval"/> apart (<see cref="StressSchedule"/>). Null (the default): each row's clients
    /// start as soon as they are ready. With a start time the run reads no server statistics during its rows (they
    /// would count in the rows of the other hosts): its rows' server counts are null.
    /// </summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>With <see cref="StartAt"/>: from one row's start to the next one's; a row's clients have half of it.</summary>
    public TimeSpan RowInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The plan of a run with <see cref="StartAt"/>; null without one.</summary>
    internal StressSchedule? Schedule => StartAt is DateTimeOffset at ? new StressSchedule(at, RowInterval) : null;

    /// <summary>Where the run's scratch folder (test files, and our servers' root) is made; null: the system's temp folder.</summary>
    public string? TempFolder { get; init; }

    /// <summary>The largest number of clients in one row.</summary>
    public const int MaxClientWorkers = 1000;

    /// <summary>The largest worker count of a server of our own.</summary>
    public const int MaxServerWorkers = 1024;

    /// <summary>
    /// The options of a run from what a user chose: every value given replaces the seed matrix's (this record's
    /// defaults), every null keeps it. A value named twice in a list is one set of rows, in the order first given
    /// (<paramref name="repetitions"/> is how to repeat a combination). The idle timeout is in seconds, 0 meaning none
    /// (<see cref="Client.IdleTimeout.FromSeconds"/>: throws <see cref="ArgumentException"/> for a negative or NaN
    /// one). A start time without a zone (<see cref="DateTimeKind.Unspecified"/>) is local time. Everything else is
    /// checked when the run starts (<see cref="Validate"/>).
    /// </summary>
    public static StressOptions Create(
        IEnumerable<StressOperation>? operations = null,
        IEnumerable<long>? fileSizes = null,
        IEnumerable<int>? clientWorkers = null,
        IEnumerable<int>? serverWorkers = null,
        StressClientMode? clientMode = null,
        ServerMode? serverMode = null,
        Uri? baseUri = null,
        double? timeoutSeconds = null,
        int? repetitions = null,
        bool tls = false,
        bool skipCertificateCheck = false,
        string? caCertificatePath = null,
        System.Net.NetworkCredential? credential = null,
        bool allowUnencryptedAuthentication = false,
        DateTime? startAt = null,
        double? rowIntervalSeconds = null)
    {
        var defaults = new StressOptions();
        return defaults with
        {
            Operations = Distinct(operations) ?? defaults.Operations,
            FileSizes = Distinct(fileSizes) ?? defaults.FileSizes,
            ClientWorkers = Distinct(clientWorkers) ?? defaults.ClientWorkers,
            ServerWorkers = Distinct(serverWorkers) ?? defaults.ServerWorkers,
            ClientMode = clientMode ?? defaults.ClientMode,
            ServerMode = serverMode ?? defaults.ServerMode,
            BaseUri = baseUri,
            IdleTimeout = timeoutSeconds is double seconds ? Client.IdleTimeout.FromSeconds(seconds) : defaults.IdleTimeout,
            Repetitions = repetitions ?? defaults.Repetitions,
            Tls = tls,
            SkipCertificateCheck = skipCertificateCheck,
            CaCertificatePath = caCertificatePath,
            Credential = credential,
            AllowUnencryptedAuthentication = allowUnencryptedAuthentication,
            StartAt = startAt is DateTime at ? new DateTimeOffset(at.ToUniversalTime()) : null,
            RowInterval = rowIntervalSeconds is double interval ? TimeSpan.FromSeconds(interval) : defaults.RowInterval,
        };
    }

    private static T[]? Distinct<T>(IEnumerable<T>? values) => values?.Distinct().ToArray();

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for a matrix no run can do, and <see cref="Results.PoolException"/>
    /// (<see cref="Results.PoolErrorKind.UnencryptedAuthentication"/>) for a credential bound for an http:// server
    /// without <see cref="AllowUnencryptedAuthentication"/>. A <see cref="StartAt"/> that has passed is an
    /// <see cref="ArgumentException"/> too.
    /// </summary>
    public void Validate()
    {
        if (Operations is null || Operations.Count == 0) throw new ArgumentException("At least one operation is needed.", nameof(Operations));
        if (Operations.Any(o => !Enum.IsDefined(o))) throw new ArgumentException("Unknown operation.", nameof(Operations));
        if (FileSizes is null || FileSizes.Count == 0 || FileSizes.Any(s => s < 0))
            throw new ArgumentException("File sizes must be given, and none can be negative.", nameof(FileSizes));
        if (ClientWorkers is null || ClientWorkers.Count == 0 || ClientWorkers.Any(c => c is < 1 or > MaxClientWorkers))
            throw new ArgumentException($"Client worker counts must be between 1 and {MaxClientWorkers}.", nameof(ClientWorkers));
        if (BaseUri is null && (ServerWorkers is null || ServerWorkers.Count == 0 || ServerWorkers.Any(w => w is < 1 or > MaxServerWorkers)))
            throw new ArgumentException($"Server worker counts must be between 1 and {MaxServerWorkers}.", nameof(ServerWorkers));
        if (!Enum.IsDefined(ClientMode)) throw new ArgumentException("Unknown client mode.", nameof(ClientMode));
        if (Tls && BaseUri is not null) throw new ArgumentException("Tls is for our own servers; an existing server's URL says https itself.", nameof(Tls));
        if (CaCertificatePath is not null && !File.Exists(CaCertificatePath))
            throw new ArgumentException($"The certificate file '{CaCertificatePath}' does not exist.", nameof(CaCertificatePath));
        if (!Enum.IsDefined(ServerMode)) throw new ArgumentException("Unknown server mode.", nameof(ServerMode));
        if (BaseUri is not null && (!BaseUri.IsAbsoluteUri || (BaseUri.Scheme != Uri.UriSchemeHttp && BaseUri.Scheme != Uri.UriSchemeHttps)))
            throw new ArgumentException("The server URL must be an absolute http:// or https:// URL.", nameof(BaseUri));
        if (IdleTimeout <= TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentException("The idle timeout must be positive.", nameof(IdleTimeout));
        if (Repetitions < 1) throw new ArgumentException("Repetitions must be at least 1.", nameof(Repetitions));
        if (TempFolder is not null && !Directory.Exists(TempFolder))
            throw new ArgumentException($"The temp folder '{TempFolder}' does not exist.", nameof(TempFolder));
        if (RowInterval <= TimeSpan.Zero) throw new ArgumentException("The row interval must be positive.", nameof(RowInterval));
        if (StartAt is DateTimeOffset at && at < DateTimeOffset.UtcNow)
        {
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The start time {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z has passed ({(DateTimeOffset.UtcNow - at).TotalSeconds:0.0} s ago): give a time to come."), nameof(StartAt));
        }
        if (BaseUri is not null) Client.CredentialTransport.Check(Credential, AllowUnencryptedAuthentication, BaseUri);
    }
}
