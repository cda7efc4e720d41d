using System.Management.Automation;
using PoolHttp.Engine.Client;

namespace PoolHttp.Cmdlets;

/// <summary>Remove-PoolFile: deletes remote files and folders (also from Get-PoolFileList in the pipeline), after ShouldProcess.</summary>
[Cmdlet(VerbsCommon.Remove, "PoolFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemovePoolFileCommand : PoolClientCmdlet
{
    /// <summary>The remote file or folder; bound from piped URIs and strings, and from the Uri property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public Uri Uri { get; set; } = null!;

    /// <summary>Delete a folder with everything in it; without it a non-empty folder is refused (409).</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Delete without asking for confirmation, unless -Confirm is given; -WhatIf still only tells.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Deletes the file or folder once confirmed; a failure is one error.</summary>
    protected override void ProcessRecord()
    {
        var delete = new DeleteOptions(Uri, Recurse.IsPresent);
        if (!(Forced() || ShouldProcess(Uri.ToString(), DeleteAction(delete)))) return;
        RunItem(Uri, ct => Client.DeleteAsync(delete, ct));
    }

    /// <summary>The action <c>-WhatIf</c> and <c>-Confirm</c> name for a delete: whether the contents go too.</summary>
    private static string DeleteAction(DeleteOptions delete) =>
        delete.Recursive ? "Delete remote file or folder with everything in it" : "Delete remote file or empty folder";

    // A compiled cmdlet has no scope of its own to set $ConfirmPreference = 'None' in, as an advanced function's
    // -Force does: skip ShouldProcess instead, unless -Confirm asks for the prompt or -WhatIf (or its preference) is on.
    private bool Forced() =>
        Force.IsPresent && !Switch("Confirm", false) && !Switch("WhatIf", LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference")));

    private bool Switch(string name, bool otherwise) =>
        MyInvocation.BoundParameters.TryGetValue(name, out object? value) ? ((SwitchParameter)value).IsPresent : otherwise;
}
