using System.Management.Automation;
using PoolHttp.Engine.Client;

namespace PoolHttp.Cmdlets;

/// <summary>Remove-PoolFile: deletes remote files and folders (also from Get-PoolFileList in the pipeline), after ShouldProcess.</summary>
[Cmdlet(VerbsCommon.Remove, "PoolFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemovePoolFileCommand : PoolClientCmdlet
{
    /// <summary>The remote file or folder; bound from the Uri property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public Uri Uri { get; set; } = null!;

    /// <summary>Delete a folder with everything in it; without it a non-empty folder is refused (409).</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Deletes the file or folder once confirmed; a failure is one error.</summary>
    protected override void ProcessRecord()
    {
        var delete = new DeleteOptions(Uri, Recurse.IsPresent);
        if (!ShouldProcess(Uri.ToString(), CmdletSupport.DeleteAction(delete))) return;
        RunItem(Uri, ct => Client.DeleteAsync(delete, ct));
    }
}
