using System.Management.Automation;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Cmdlets;

/// <summary>Get-PoolFileList: the entries of a remote folder as objects, with -Recurse every folder below too.</summary>
[Cmdlet(VerbsCommon.Get, "PoolFileList")]
[OutputType(typeof(PoolFileInfo))]
public sealed class GetPoolFileListCommand : PoolClientCmdlet
{
    /// <summary>The remote folder; bound from piped URIs and strings, and from the Uri property of piped objects (servers, folder entries).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public Uri Uri { get; set; } = null!;

    /// <summary>Also list every folder below, each folder followed by its contents.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Writes one object per entry; a folder that cannot be listed is one error.</summary>
    protected override void ProcessRecord() =>
        RunItem(Uri, ct => Client.ListAsync(new ListOptions(Uri, Recurse.IsPresent), ct));
}
