using System.Management.Automation;
using PoolHttp.Engine.Client;

namespace PoolHttp.Cmdlets;

/// <summary>
/// The base of the client cmdlets: the connection parameters they share, and one <see cref="PoolHttpClient"/> per
/// invocation (its keep-alive connections serve every item of the pipeline), made on first use.
/// </summary>
public abstract class PoolClientCmdlet : PoolCmdlet
{
    private PoolHttpClient? _client;

    /// <summary>Idle timeout in seconds: a transfer fails when no byte moved for this long (0: never); default 30.</summary>
    [Parameter]
    [ValidateRange(IdleTimeout.NoneSeconds, IdleTimeout.MaxSeconds)]
    public double TimeoutSec { get; set; } = PoolClientOptions.DefaultIdleTimeout.TotalSeconds;

    /// <summary>Sent as Basic authentication with every request.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Send -Credential over plain http:// too, where anyone on the way can read it; refused otherwise.</summary>
    [Parameter]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    /// <summary>Accept any server certificate (a self-signed test server).</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>A CA (or the server's own certificate) to trust besides the system's, as a PEM or DER file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CaCertificate { get; set; }

    /// <summary>The client of this invocation, with the bound connection parameters; each request it makes is a verbose line.</summary>
    protected PoolHttpClient Client =>
        _client ??= new PoolHttpClient(PoolClientOptions.Create(TimeoutSec, Credential?.GetNetworkCredential(),
            SkipCertificateCheck.IsPresent, ResolveOptionalPath(CaCertificate)) with
        {
            AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent,
            RequestCompleted = request => QueueVerbose(request.ToString()),
        });

    /// <summary>Closes the client's connections along with the cancellation source.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _client?.Dispose();
        base.Dispose(disposing);
    }
}
