using System.Management.Automation;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Cmdlets;

/// <summary>
/// Send-PoolFile: uploads local files (from -Path, -LiteralPath, or Get-ChildItem in the pipeline) to a remote folder,
/// folders with -Recurse, or one file to a remote file name; one result per file, one error per failed file.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "PoolFile", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PoolTransferResult))]
public sealed class SendPoolFileCommand : PoolClientCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int ActivityId = 0x5e4d;

    private UploadPlan _plan = null!;

    /// <summary>Local files; wildcards are expanded by the provider.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Local files taken as typed (no wildcards); bound from the PSPath of Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The remote folder (ending with /), or the remote file when there is one file to send.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    public Uri Uri { get; set; } = null!;

    /// <summary>Send folders with everything below them, mirrored under the destination, which is then always a folder.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Refuse to replace a remote file that exists (the server answers 412).</summary>
    [Parameter]
    public SwitchParameter NoOverwrite { get; set; }

    /// <summary>Replace the remote file only while its ETag is this one (If-Match); otherwise the server answers 412.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IfMatch { get; set; }

    /// <summary>Send a multipart/form-data POST to the folder instead of a PUT.</summary>
    [Parameter]
    public SwitchParameter Multipart { get; set; }

    /// <summary>Checks the destination and the switches once, before any file: a failure ends the command.</summary>
    protected override void BeginProcessing() =>
        _plan = RunOrTerminate(Uri, () => new UploadPlan(Uri, Recurse.IsPresent, NoOverwrite.IsPresent, Multipart.IsPresent, IfMatch));

    /// <summary>Resolves this record's paths (the parameter of the other set is empty) and sends each file the plan knows the place of.</summary>
    protected override void ProcessRecord()
    {
        foreach (string path in ResolveFileSystemPaths(Path, literal: false).Concat(ResolveFileSystemPaths(LiteralPath, literal: true)))
            Send(_plan.Add(path));
    }

    /// <summary>Sends the one file that waited to know whether it was the only one.</summary>
    protected override void EndProcessing() => Send(_plan.Finish());

    /// <summary>What <c>-WhatIf</c> and <c>-Confirm</c> say is done to a step's target.</summary>
    private static string UploadAction(UploadStep step) =>
        step.Upload.Multipart ? $"Upload local file '{step.Source}' as a form" : $"Upload local file '{step.Source}'";

    /// <summary>Uploads each step with progress after ShouldProcess, writing its result; a refused or failed step is one error.</summary>
    private void Send(IEnumerable<UploadStep> steps)
    {
        foreach (var step in steps)
        {
            if (step.Refusal is not null)
            {
                WriteError(ErrorMap.ToRecord(step.Refusal, step.Source));
            }
            else if (ShouldProcess(step.Target.AbsoluteUri, UploadAction(step)))
            {
                var record = new ProgressRecord(ActivityId, $"Uploading {step.Source} to {step.Target}", "Connecting");
                RunTransfer(step.Source, record, (counter, ct) => Client.UploadAsync(step.Upload, counter, ct));
            }
        }
    }
}
