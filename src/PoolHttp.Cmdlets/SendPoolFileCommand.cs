using System.Management.Automation;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Cmdlets;

/// <summary>
/// Send-PoolFile: uploads local files (from -Path, -LiteralPath, or Get-ChildItem in the pipeline) to a remote folder,
/// or one file to a remote file name; one result per file, one error per failed file.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "PoolFile", DefaultParameterSetName = PathSet)]
[OutputType(typeof(PoolTransferResult))]
public sealed class SendPoolFileCommand : PoolClientCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int ActivityId = 0x5e4d;

    private readonly List<string> _files = [];

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

    /// <summary>Refuse to replace a remote file that exists (the server answers 412).</summary>
    [Parameter]
    public SwitchParameter NoOverwrite { get; set; }

    /// <summary>Send a multipart/form-data POST to the folder instead of a PUT.</summary>
    [Parameter]
    public SwitchParameter Multipart { get; set; }

    /// <summary>Resolves this record's paths (the parameter of the other set is empty); the files are sent once all are known.</summary>
    protected override void ProcessRecord()
    {
        _files.AddRange(ResolveFileSystemPaths(Path, literal: false));
        _files.AddRange(ResolveFileSystemPaths(LiteralPath, literal: true));
    }

    /// <summary>Uploads each file with progress, writing its result or one error.</summary>
    protected override void EndProcessing()
    {
        var uploads = RunOrTerminate(Uri, () => CmdletSupport.PlanUploads(_files, Uri, NoOverwrite.IsPresent, Multipart.IsPresent));
        foreach (var upload in uploads)
        {
            var record = new ProgressRecord(ActivityId, $"Uploading {upload.Path} to {upload.Destination}", "Connecting");
            RunTransfer(upload.Path, record, (counter, ct) => Client.UploadAsync(upload, counter, ct));
        }
    }
}
