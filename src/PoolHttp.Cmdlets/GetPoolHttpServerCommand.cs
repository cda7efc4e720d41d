using System.Management.Automation;
using PoolHttp.Engine.Results;

namespace PoolHttp.Cmdlets;

/// <summary>Get-PoolHttpServer: the servers this session started, with their statistics now.</summary>
[Cmdlet(VerbsCommon.Get, "PoolHttpServer")]
[OutputType(typeof(PoolServerInfo))]
public sealed class GetPoolHttpServerCommand : PoolCmdlet
{
    /// <summary>Only the servers on these ports; each port without a server is an error. Default: every server.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    [ArgumentCompleter(typeof(ServerPortCompleter))]
    public int[] Port { get; set; } = [];

    /// <summary>Writes one object per server.</summary>
    protected override void ProcessRecord()
    {
        foreach (int port in Servers.SelectPorts(Port))
        {
            foreach (var server in Query(port, () => Servers.Find(port)))
            {
                WriteVerbose($"{server.State}: {server.DescribeSetup()}; {server.DescribeCounts()}.");
                WriteObject(server);
            }
        }
    }
}
