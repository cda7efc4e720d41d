using System.Management.Automation;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Cmdlets;

/// <summary>
/// Invoke-PoolStressTest: runs the stress matrix against servers of its own (or an existing -Uri) and writes one row
/// per combination as it finishes, with one error per failed client; unbound parameters keep the seed matrix.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "PoolStressTest", DefaultParameterSetName = OwnServerSet)]
[OutputType(typeof(PoolStressResult), typeof(PoolStressClientResult))]
public sealed class InvokePoolStressTestCommand : PoolCmdlet
{
    private const string OwnServerSet = "OwnServer";
    private const string ExistingServerSet = "Uri";
    private const int ActivityId = 0x57e5;
    private const string Activity = "Stress test";

    /// <summary>Upload, Download or both; default both.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public StressOperation[]? Operation { get; set; }

    /// <summary>The test file sizes in bytes (10MB works); default 10MB, 50MB, 100MB.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(0L, long.MaxValue)]
    public long[]? FileSize { get; set; }

    /// <summary>How many clients run at once in a row; default 1, 5, 50.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(1, StressOptions.MaxClientWorkers)]
    public int[]? ClientWorkers { get; set; }

    /// <summary>The worker counts of the servers the run starts, one server each; default 1, 5, 50.</summary>
    [Parameter(ParameterSetName = OwnServerSet)]
    [ValidateNotNullOrEmpty]
    [ValidateRange(1, StressOptions.MaxServerWorkers)]
    public int[]? ServerWorkers { get; set; }

    /// <summary>Clients as threads of this process or as child processes; default Thread.</summary>
    [Parameter]
    public StressClientMode? ClientMode { get; set; }

    /// <summary>The concurrency model of the servers the run starts; default Thread.</summary>
    [Parameter(ParameterSetName = OwnServerSet)]
    public ServerMode? ServerMode { get; set; }

    /// <summary>An existing server (a folder URL) to stress instead of starting servers of our own.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ExistingServerSet)]
    [ValidateNotNull]
    public Uri? Uri { get; set; }

    /// <summary>A client fails when no byte of its transfer moved for this many seconds (0: never); default 30.</summary>
    [Parameter]
    [ValidateRange(IdleTimeout.NoneSeconds, IdleTimeout.MaxSeconds)]
    public double? TimeoutSec { get; set; }

    /// <summary>How many times each combination runs, a row each; default 1.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Repetitions { get; set; }

    /// <summary>The run's own servers speak HTTPS with a certificate made for the run, to see what TLS costs.</summary>
    [Parameter(ParameterSetName = OwnServerSet)]
    public SwitchParameter Tls { get; set; }

    /// <summary>With -Uri https://...: accept any certificate (a self-signed test server).</summary>
    [Parameter(ParameterSetName = ExistingServerSet)]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>With -Uri https://...: a CA (or the server's own certificate) to trust, as a PEM, DER or PFX file.</summary>
    [Parameter(ParameterSetName = ExistingServerSet)]
    [ValidateNotNullOrEmpty]
    public string? CaCertificate { get; set; }

    /// <summary>With -Uri: the HTTP Basic credential of a server that requires one.</summary>
    [Parameter(ParameterSetName = ExistingServerSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>With -Credential and -Uri http://...: send the credential unencrypted; refused otherwise.</summary>
    [Parameter(ParameterSetName = ExistingServerSet)]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    /// <summary>Every client of the first row starts at this time (so that several hosts start together); later rows follow -RowIntervalSec apart.</summary>
    [Parameter]
    public DateTime? StartAt { get; set; }

    /// <summary>With -StartAt: seconds from one row's start to the next one's (a row's clients have half of it); default 60.</summary>
    [Parameter]
    [ValidateRange(0.001, 31536000.0)]
    public double? RowIntervalSec { get; set; }

    /// <summary>Writes one PoolStressClientResult per client transfer instead of one row per combination.</summary>
    [Parameter]
    public SwitchParameter PerClient { get; set; }

    /// <summary>Runs the matrix, writing each row as it finishes and one error per failed client of the row.</summary>
    protected override void ProcessRecord()
    {
        var progress = new StressProgress();
        var record = new ProgressRecord(ActivityId, Activity, "Preparing");
        RunStream(Uri, StressRunner.RunAsync(BuildOptions(progress), progress), record, r =>
        {
            r.StatusDescription = progress.Describe();
            r.PercentComplete = progress.PercentComplete;
        }, row =>
        {
            if (PerClient) WriteObject(row.GetClients(), enumerateCollection: true);
            else WriteObject(row);
            foreach (var failure in row.GetFailures()) WriteError(ErrorMap.ToRecord(failure, row));
        });
    }

    // Each row says what it is (-Verbose) as it starts; the line waits in the queue for the pipeline thread.
    private StressOptions BuildOptions(StressProgress progress) => StressOptions.Create(
        operations: Operation, fileSizes: FileSize, clientWorkers: ClientWorkers, serverWorkers: ServerWorkers,
        clientMode: ClientMode, serverMode: ServerMode, baseUri: Uri, timeoutSeconds: TimeoutSec, repetitions: Repetitions,
        tls: Tls.IsPresent, skipCertificateCheck: SkipCertificateCheck.IsPresent,
        caCertificatePath: ResolveOptionalPath(CaCertificate), credential: Credential?.GetNetworkCredential(),
        allowUnencryptedAuthentication: AllowUnencryptedAuthentication.IsPresent,
        startAt: StartAt, rowIntervalSeconds: RowIntervalSec) with
    {
        RowStarting = row => QueueVerbose(row.Describe(progress.RowCount)),
    };
}
