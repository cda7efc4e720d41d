using System.Globalization;
using System.Management.Automation;
using System.Net;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Cmdlets;

/// <summary>Start-PoolHttpServer: starts a server in the background of the session, or with -Wait in the foreground until Ctrl+C.</summary>
[Cmdlet(VerbsLifecycle.Start, "PoolHttpServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(PoolServerInfo))]
public sealed class StartPoolHttpServerCommand : PoolCmdlet
{
    /// <summary>The folder to serve; default <c>./files</c> under the current location.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Root { get; set; }

    /// <summary>The address to listen on; default 127.0.0.1.</summary>
    [Parameter]
    [ValidateNotNull]
    public IPAddress? Address { get; set; }

    /// <summary>The port; default 8885 (Thread) or 8889 (Process); 0 lets the system choose.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int? Port { get; set; }

    /// <summary>Thread or Process workers.</summary>
    [Parameter]
    public ServerMode? Mode { get; set; }

    /// <summary>How many workers; default 5.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int? Workers { get; set; }

    /// <summary>The largest accepted upload in bytes (1GB works); default no limit.</summary>
    [Parameter]
    [ValidateRange(0L, long.MaxValue)]
    public long? MaxUploadSize { get; set; }

    /// <summary>Seconds a request head may take; default 10.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400.0)]
    public double? HeaderTimeout { get; set; }

    /// <summary>Seconds a body transfer may stall; default 30.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400.0)]
    public double? BodyTimeout { get; set; }

    /// <summary>Seconds an idle keep-alive connection is kept; default 5.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400.0)]
    public double? KeepAliveTimeout { get; set; }

    /// <summary>Refuse uploads and deletes.</summary>
    [Parameter]
    public SwitchParameter ReadOnly { get; set; }

    /// <summary>Serve in the foreground until Ctrl+C, then stop gracefully.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Starts the server (and with -Wait serves until Ctrl+C).</summary>
    protected override void ProcessRecord()
    {
        var options = BuildOptions();
        string target = string.Create(CultureInfo.InvariantCulture, $"{options.Address}:{options.EffectivePort}");
        if (!ShouldProcess(target, $"Start HTTP server ({options.Mode}, {options.Workers} workers) serving '{options.Root}'")) return;
        var server = RunOrTerminate(target, () => Servers.Start(options));
        WriteObject(server);
        WriteVerbose($"Serving {server.Root} at {server.Uri}.");
        Await(Servers.ServeForegroundAsync(server, Wait.IsPresent, Token));
    }

    private ServerOptions BuildOptions()
    {
        var defaults = new ServerOptions();
        return new ServerOptions
        {
            Root = ResolvePath(Root ?? defaults.Root),
            Address = Address ?? defaults.Address,
            Port = Port,
            Mode = Mode ?? defaults.Mode,
            Workers = Workers ?? defaults.Workers,
            MaxUploadSize = MaxUploadSize,
            HeaderTimeout = Seconds(HeaderTimeout) ?? defaults.HeaderTimeout,
            BodyTimeout = Seconds(BodyTimeout) ?? defaults.BodyTimeout,
            KeepAliveTimeout = Seconds(KeepAliveTimeout) ?? defaults.KeepAliveTimeout,
            ReadOnly = ReadOnly.IsPresent,
        };
    }

    private static TimeSpan? Seconds(double? value) => value is double s ? TimeSpan.FromSeconds(s) : null;
}
