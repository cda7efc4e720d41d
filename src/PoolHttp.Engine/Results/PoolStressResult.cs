namespace PoolHttp.Engine.Results;

/// <summary>
/// One row of a stress run: one combination of operation, file size, client workers and server workers. Flat
/// properties in the contract's column order, so that <c>Export-Csv</c> writes the table people expect.
/// Timings are in seconds and throughputs in bytes per second.
/// </summary>
public sealed class PoolStressResult
{
    private IReadOnlyList<PoolException> _failures = Array.Empty<PoolException>();
    private IReadOnlyList<PoolStressClientResult> _clients = Array.Empty<PoolStressClientResult>();

    /// <summary>The row's number in the run, from 1.</summary>
    public int Number { get; init; }

    /// <summary>Upload or Download.</summary>
    public StressOperation Operation { get; init; }

    /// <summary>The size of the file each client moved, in bytes.</summary>
    public long FileSizeBytes { get; init; }

    /// <summary>How many clients ran at once, each doing one transfer.</summary>
    public int ClientWorkers { get; init; }

    /// <summary>The server's worker count; null when an existing server does not say (it has no PoolHttp statistics).</summary>
    public int? ServerWorkers { get; init; }

    /// <summary>Whether the clients ran as threads of the runner or as child processes.</summary>
    public StressClientMode ClientMode { get; init; }

    /// <summary>The server's concurrency model; null when an existing server does not say.</summary>
    public ServerMode? ServerMode { get; init; }

    /// <summary>The mean time of one client's whole transfer (until it ended, for a failed client).</summary>
    public double SecondsPerClient { get; init; }

    /// <summary>The mean over clients of the bytes each moved successfully per second (a failed client counts 0).</summary>
    public double ThroughputPerClient { get; init; }

    /// <summary>Clients whose transfer completed with the right length and SHA-256.</summary>
    public int ClientsSucceeded { get; init; }

    /// <summary>Clients whose transfer errored, timed out, or moved the wrong bytes.</summary>
    public int ClientsFailed { get; init; }

    /// <summary>Requests the server counted as succeeded during the row; null when the server has no PoolHttp statistics.</summary>
    public long? ServerSucceeded { get; init; }

    /// <summary>Requests the server counted as failed during the row; null when the server has no PoolHttp statistics.</summary>
    public long? ServerFailed { get; init; }

    /// <summary>The median client time.</summary>
    public double SecondsP50 { get; init; }

    /// <summary>The 95th-percentile client time (nearest rank).</summary>
    public double SecondsP95 { get; init; }

    /// <summary>The slowest client's time.</summary>
    public double SecondsMax { get; init; }

    /// <summary>All bytes moved successfully, over <see cref="WallSeconds"/>.</summary>
    public double AggregateThroughput { get; init; }

    /// <summary>From the moment the clients were released together until the last one ended.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Why each failed client failed, one entry per failed client (a method, so it is not a CSV column).</summary>
    public IReadOnlyList<PoolException> GetFailures() => _failures;

    /// <summary>The row's clients one by one (what <c>-PerClient</c> writes); empty for a merged row (a method, so it is not a CSV column).</summary>
    public IReadOnlyList<PoolStressClientResult> GetClients() => _clients;

    /// <summary>Attaches the row's clients one by one.</summary>
    internal PoolStressResult WithClients(IReadOnlyList<PoolStressClientResult> clients)
    {
        _clients = clients;
        return this;
    }

    /// <summary>Attaches the failures of the row's clients.</summary>
    internal PoolStressResult WithFailures(IReadOnlyList<PoolException> failures)
    {
        _failures = failures;
        return this;
    }
}
