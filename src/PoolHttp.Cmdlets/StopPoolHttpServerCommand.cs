using System.Management.Automation;
using PoolHttp.Engine.Results;

namespace PoolHttp.Cmdlets;

/// <summary>Stop-PoolHttpServer: stops servers of this session gracefully, by port or from Get-/Start-PoolHttpServer output; -PassThru writes them.</summary>
[Cmdlet(VerbsLifecycle.Stop, "PoolHttpServer", SupportsShouldProcess = true, DefaultParameterSetName = PortSet)]
[OutputType(typeof(PoolServerInfo))]
public sealed class StopPoolHttpServerCommand : PoolCmdlet
{
    private const string PortSet = "Port";
    private const string InputObjectSet = "InputObject";

    /// <summary>The servers to stop, as Start-PoolHttpServer and Get-PoolHttpServer return them (as Stop-Job takes jobs).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PoolServerInfo[] InputObject { get; set; } = [];

    /// <summary>The ports of the servers to stop; bound from the Port property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = PortSet)]
    [ValidateRange(1, 65535)]
    [ArgumentCompleter(typeof(ServerPortCompleter))]
    public int[] Port { get; set; } = [];

    /// <summary>Only the server on this address (bound from piped server objects); default every address.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PortSet)]
    [ValidateNotNullOrEmpty]
    public string? Address { get; set; }

    /// <summary>Write each stopped server (State Stopped, its final statistics); without it nothing is written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Stops each matching server after ShouldProcess; a port without a server is an error.</summary>
    protected override void ProcessRecord()
    {
        foreach (var server in InputObject) Stop(server);
        foreach (int port in Port)
        {
            foreach (var server in Query(port, () => Servers.Find(port, Address)))
            {
                Stop(server);
            }
        }
    }

    private void Stop(PoolServerInfo server)
    {
        if (ShouldProcess(server.Uri.ToString(), "Stop HTTP server")) Run(server, () => Stopped(Servers.Stop(server)));
    }

    private void Stopped(PoolServerInfo server)
    {
        WriteVerbose($"Stopped {server.Uri} after {server.DescribeCounts()}.");
        if (PassThru.IsPresent) WriteObject(server);
    }
}
