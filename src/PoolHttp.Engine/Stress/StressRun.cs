using System.Diagnostics;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>One run's state: its scratch folder and test files, and how it runs a row. Disposing removes the scratch folder.</summary>
internal sealed class StressRun : IAsyncDisposable
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    private readonly StressOptions _options;
    private readonly StressProgress _progress;
    private readonly string _runId;
    private readonly string _scratch;
    private readonly string _root;
    private readonly Dictionary<long, TestFile> _files = new();
    private readonly StressClientSettings _clients;
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;
    private readonly DateTime _startedUtc = DateTime.UtcNow;
    private readonly long _startedTimestamp = Stopwatch.GetTimestamp();

    private StressRun(StressOptions options, StressProgress progress, string runId, string scratch)
    {
        _options = options;
        _progress = progress;
        _runId = runId;
        _scratch = scratch;
        _root = Path.Combine(scratch, "root");
        string? ca = options.CaCertificatePath;
        if (options.Tls && options.BaseUri is null)
        {
            Directory.CreateDirectory(scratch);
            ca = Path.Combine(scratch, "server-certificate.pem");
            _certificate = StressCertificate.Create(ca);
        }
        _clients = new StressClientSettings(options.IdleTimeout, options.SkipCertificateCheck, ca, options.Credential, options.AllowUnencryptedAuthentication);
    }

    /// <summary>The test files the download rows read (none when there are no download rows).</summary>
    public IReadOnlyList<TestFile> DownloadFiles => _options.Operations.Contains(StressOperation.Download) ? _files.Values.ToArray() : Array.Empty<TestFile>();

    public static StressRun Create(StressOptions options, StressProgress progress)
    {
        string runId = Guid.NewGuid().ToString("N")[..12];
        string scratch = Path.Combine(options.TempFolder ?? Path.GetTempPath(), "poolhttp-stress-" + runId);
        return new StressRun(options, progress, runId, scratch);
    }

    /// <summary>Writes one test file per size into the scratch root (which our own servers serve).</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        foreach (long size in _options.FileSizes.Distinct())
            _files[size] = await TestFile.CreateAsync(_root, size, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IStressServer> OpenServerAsync(int? workers, CancellationToken cancellationToken)
    {
        if (_options.BaseUri is Uri uri) return await ExistingServer.OpenAsync(uri, _runId, _clients, cancellationToken).ConfigureAwait(false);
        var server = await OwnServer.StartAsync(_root, _options.ServerMode, workers!.Value, _certificate).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        return server;
    }

    /// <summary>
    /// One untimed upload, download and delete of the smallest test file before a server's first row, so that the
    /// first row measures transfers rather than the JIT compiling the client and server code. Failures are the rows' to show.
    /// </summary>
    public async Task WarmUpAsync(IStressServer server, CancellationToken cancellationToken)
    {
        var file = _files.Values.MinBy(f => f.Size)!;
        var target = new Uri(server.Folder, $"warmup-{_runId}.bin");
        using var client = StressTransfer.CreateClient(_clients);
        try
        {
            await client.UploadAsync(new UploadOptions(file.Path, target), null, cancellationToken).ConfigureAwait(false);
            await client.DownloadToHashAsync(target, null, cancellationToken).ConfigureAwait(false);
            await client.DeleteAsync(new DeleteOptions(target), cancellationToken).ConfigureAwait(false);
        }
        catch (PoolException)
        {
            // see above
        }
    }

    /// <summary>
    /// Runs one row: release the clients together (at the row's start time when there is one), check every byte,
    /// count the server's requests (without a start time), clean up.
    /// </summary>
    public async Task<PoolStressResult> RunRowAsync(IStressServer server, StressCase row, CancellationToken cancellationToken)
    {
        var file = _files[row.FileSizeBytes];
        var jobs = new ClientJob[row.ClientWorkers];
        for (int i = 0; i < jobs.Length; i++)
        {
            jobs[i] = row.Operation == StressOperation.Upload
                ? new ClientJob(row.Operation, new Uri(server.Folder, UploadName(row, i)), file.Path, _clients)
                : new ClientJob(row.Operation, new Uri(server.Folder, file.Name), null, _clients);
        }
        var counters = jobs.Select(_ => new TransferCounter()).ToArray();
        _options.RowStarting?.Invoke(row);
        _progress.StartRow(row, counters);
        _progress.SetPhase("running");
        var schedule = _options.Schedule;
        var (before, _) = schedule is null ? await SettleAsync(server, cancellationToken).ConfigureAwait(false) : (null, 0);
        var ran = _options.ClientMode == StressClientMode.Thread
            ? await ThreadClients.RunAsync(jobs, counters, _progress, ct => StartTimeAsync(row, ct), cancellationToken).ConfigureAwait(false)
            : await ProcessClients.RunAsync(jobs, counters, _progress, ct => StartTimeAsync(row, ct), cancellationToken).ConfigureAwait(false);
        _progress.SetPhase("verifying");
        var (after, calls) = schedule is null ? await SettleAsync(server, cancellationToken).ConfigureAwait(false) : (null, 0);
        if (schedule is not null) await ChecksTimeAsync(schedule, row, cancellationToken).ConfigureAwait(false);
        var outcomes = row.Operation == StressOperation.Download
            ? ran.Outcomes.Select(o => CheckDownload(o, file, jobs[0].Target)).ToArray()
            : await CheckUploadsAsync(server, jobs, ran.Outcomes, file, cancellationToken).ConfigureAwait(false);
        if (row.Operation == StressOperation.Upload)
        {
            _progress.SetPhase("cleaning up");
            await DeleteAsync(jobs.Select(j => j.Target), cancellationToken).ConfigureAwait(false);
        }
        // Every stats request between the two snapshots (the first one's own included) is ours, not the clients'.
        int ours = server.CountsAreRequests ? calls : 0;
        var result = StressResults.Build(row, _options.ClientMode, server, outcomes, ran.ReleasedTimestamp, before, after, ours)
            .WithClients(StressResults.Clients(row, outcomes, ToUtc));
        _progress.EndRow();
        return result;
    }

    /// <summary>Without a start time: at once. With one: at the row's start, or a <see cref="PoolException"/> when it has passed.</summary>
    private Task StartTimeAsync(StressCase row, CancellationToken cancellationToken)
    {
        if (_options.Schedule is not { } schedule) return Task.CompletedTask;
        _progress.SetPhase("waiting for the start time");
        return StressSchedule.WaitUntilAsync(schedule.RowStart(row.Number), $"Row {row.Number}", TimeProvider.System, cancellationToken);
    }

    /// <summary>
    /// Checks and clean-up (and, after the last row, the run's own) wait for the second half of the row's interval, so
    /// that until then the server's counts are the clients' alone.
    /// </summary>
    private async Task ChecksTimeAsync(StressSchedule schedule, StressCase row, CancellationToken cancellationToken)
    {
        var wait = schedule.ChecksStart(row.Number) - DateTimeOffset.UtcNow;
        if (wait <= TimeSpan.Zero) return;
        _progress.SetPhase("waiting to verify");
        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A <see cref="Stopwatch"/> timestamp of this run as UTC, by this host's clock when the run began.</summary>
    private DateTime ToUtc(long timestamp) => _startedUtc + Stopwatch.GetElapsedTime(_startedTimestamp, timestamp);

    private string UploadName(StressCase row, int client) => $"up-{_runId}-{row.Number}-{client + 1}.bin";

    private static ClientOutcome CheckDownload(ClientOutcome o, TestFile file, Uri target) =>
        o.Succeeded && StressVerify.Compare(o.Length, o.Sha256, file, target) is { } error ? o with { Error = error, Bytes = 0 } : o;

    private static async Task<ClientOutcome[]> CheckUploadsAsync(IStressServer server, ClientJob[] jobs, IReadOnlyList<ClientOutcome> outcomes,
        TestFile file, CancellationToken cancellationToken)
    {
        var checkedOutcomes = outcomes.ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Length).Where(i => outcomes[i].Succeeded), parallel, async (i, ct) =>
        {
            var target = jobs[i].Target;
            var error = await server.VerifyUploadAsync(target, Uri.UnescapeDataString(target.Segments[^1]), file, ct).ConfigureAwait(false);
            if (error is not null) checkedOutcomes[i] = outcomes[i] with { Error = error, Bytes = 0 };
        }).ConfigureAwait(false);
        return checkedOutcomes;
    }

    /// <summary>Deletes the row's uploads; a missing one is fine (a failed upload leaves nothing), and any other refusal
    /// leaves it to the run's final cleanup.</summary>
    private async Task DeleteAsync(IEnumerable<Uri> targets, CancellationToken cancellationToken)
    {
        // A client of its own, disposed at once: a Process-mode server must not keep a child on our idle connection.
        using var client = StressTransfer.CreateClient(_clients);
        foreach (var target in targets)
        {
            try
            {
                await client.DeleteAsync(new DeleteOptions(target), cancellationToken).ConfigureAwait(false);
            }
            catch (PoolException)
            {
                // see above
            }
        }
    }

    /// <summary>Reads the counts once nothing is in progress (bounded): the counts of the last exchange land a moment after its bytes.</summary>
    private static async Task<(ServerCounts? Counts, int Calls)> SettleAsync(IStressServer server, CancellationToken cancellationToken)
    {
        long idle = server.CountsAreRequests ? 1 : 0;
        long deadline = Stopwatch.GetTimestamp() + (long)(SettleTimeout.TotalSeconds * Stopwatch.Frequency);
        for (int calls = 1; ; calls++)
        {
            var counts = await server.CountsAsync(cancellationToken).ConfigureAwait(false);
            if (counts is null) return (null, calls);
            if (counts.Active <= idle || Stopwatch.GetTimestamp() > deadline) return (counts, calls);
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the scratch folder; files still open for a moment (a server that just stopped) get a few retries.</summary>
    public async ValueTask DisposeAsync()
    {
        _certificate?.Dispose();
        _progress.SetPhase("cleaning up");
        for (int attempt = 0; Directory.Exists(_scratch); attempt++)
        {
            try
            {
                Directory.Delete(_scratch, recursive: true);
            }
            catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && attempt < 20)
            {
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return; // nothing more a run can do; the folder's name says what it is
            }
        }
    }
}
