using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Security;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Server.Security;

namespace PoolHttp.Cmdlets;

/// <summary>Start-PoolHttpServer: starts a server in the background of the session, or with -Wait in the foreground until Ctrl+C.</summary>
[Cmdlet(VerbsLifecycle.Start, "PoolHttpServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(PoolServerInfo))]
public sealed class StartPoolHttpServerCommand : PoolCmdlet
{
    // Parameter defaults are read from the engine's record, never restated here.
    private static readonly ServerOptions Defaults = new();

    /// <summary>The folder to serve; default <c>./files</c> under the current location.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Root { get; set; } = Defaults.Root;

    /// <summary>The address to listen on; default 127.0.0.1.</summary>
    [Parameter]
    [ValidateNotNull]
    public IPAddress Address { get; set; } = Defaults.Address;

    /// <summary>The port; default 8885 (Thread) or 8889 (Process); 0 lets the system choose.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int? Port { get; set; }

    /// <summary>Thread or Process workers.</summary>
    [Parameter]
    public ServerMode Mode { get; set; } = Defaults.Mode;

    /// <summary>How many workers; default 5.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int Workers { get; set; } = Defaults.Workers;

    /// <summary>The largest accepted upload in bytes (1GB works); default no limit.</summary>
    [Parameter]
    [ValidateRange(0L, long.MaxValue)]
    public long? MaxUploadSize { get; set; }

    /// <summary>Seconds a request head may take; default 10.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400.0)]
    public double HeaderTimeout { get; set; } = Defaults.HeaderTimeout.TotalSeconds;

    /// <summary>Seconds a body transfer may stall; default 30.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400.0)]
    public double BodyTimeout { get; set; } = Defaults.BodyTimeout.TotalSeconds;

    /// <summary>Seconds an idle keep-alive connection is kept; default 5.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400.0)]
    public double KeepAliveTimeout { get; set; } = Defaults.KeepAliveTimeout.TotalSeconds;

    /// <summary>Refuse uploads and deletes.</summary>
    [Parameter]
    public SwitchParameter ReadOnly { get; set; }

    /// <summary>Serve WebDAV (PROPFIND, PROPPATCH, COPY, MOVE, LOCK, UNLOCK) for rclone, davfs2 and file managers.</summary>
    [Parameter]
    public SwitchParameter WebDav { get; set; }

    /// <summary>Require this user and password (HTTP Basic) for everything but the health resource.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>With -Credential: reads need no credential, writes and statistics do.</summary>
    [Parameter]
    public SwitchParameter AnonymousRead { get; set; }

    /// <summary>Serve HTTPS with this certificate: a PFX file, or a PEM file (key inside or in -CertificateKeyPath).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of -CertificatePath.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateKeyPath { get; set; }

    /// <summary>The password of the PFX file or of an encrypted PEM key.</summary>
    [Parameter]
    public SecureString? CertificatePassword { get; set; }

    /// <summary>TCP congestion control: auto (reno on a loopback address, the system's elsewhere), system, or a name (Linux).</summary>
    [Parameter]
    public string CongestionControl { get; set; } = Defaults.CongestionControl;

    /// <summary>Serve in the foreground until Ctrl+C, then stop gracefully.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Starts the server (and with -Wait serves until Ctrl+C).</summary>
    protected override void ProcessRecord()
    {
        var options = RunOrTerminate(CertificatePath ?? Root, () => BuildSecurity().ApplyTo(BuildOptions()));
        string target = string.Create(CultureInfo.InvariantCulture, $"{options.Address}:{options.EffectivePort}");
        if (!ShouldProcess(target, $"Start HTTP server ({options.Mode}, {options.Workers} workers) serving '{options.Root}'")) return;
        var server = RunOrTerminate(target, () => Servers.Start(options));
        WriteObject(server);
        WriteVerbose($"Started: {server.DescribeSetup()}.");
        Await(Servers.ServeForegroundAsync(server, Wait.IsPresent, Token));
    }

    private ServerSecurity BuildSecurity() => new()
    {
        Credential = Credential?.GetNetworkCredential(), AnonymousRead = AnonymousRead.IsPresent,
        CertificatePath = ResolveOptionalPath(CertificatePath), CertificateKeyPath = ResolveOptionalPath(CertificateKeyPath),
        CertificatePassword = new NetworkCredential("", CertificatePassword).Password,
    };

    private ServerOptions BuildOptions() => new()
    {
        Root = ResolvePath(Root), Address = Address, Port = Port, Mode = Mode, Workers = Workers, MaxUploadSize = MaxUploadSize,
        HeaderTimeout = TimeSpan.FromSeconds(HeaderTimeout), BodyTimeout = TimeSpan.FromSeconds(BodyTimeout),
        KeepAliveTimeout = TimeSpan.FromSeconds(KeepAliveTimeout), ReadOnly = ReadOnly.IsPresent,
        WebDav = WebDav.IsPresent, CongestionControl = CongestionControl,
    };
}
