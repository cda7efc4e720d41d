using System.Management.Automation;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Cmdlets;

/// <summary>New-PoolFolder: creates a remote folder (MKCOL) after ShouldProcess and writes it as a PoolFileInfo.</summary>
[Cmdlet(VerbsCommon.New, "PoolFolder", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PoolFileInfo))]
public sealed class NewPoolFolderCommand : PoolClientCmdlet
{
    /// <summary>The remote folder to create (its parent must exist); bound from piped URIs and strings too.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public Uri Uri { get; set; } = null!;

    /// <summary>Creates the folder once confirmed; a failure (it exists, its parent is missing) is one error.</summary>
    protected override void ProcessRecord()
    {
        var folder = new FolderOptions(Uri);
        if (!ShouldProcess(folder.FolderUri.ToString(), "Create remote folder")) return;
        RunItem(Uri, ct => Client.CreateFolderAsync(folder, ct));
    }
}
