using System.Management.Automation;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Cmdlets;

/// <summary>
/// Get-PoolFile: downloads remote files (also from Get-PoolFileList in the pipeline), each renamed into place only
/// when complete; -Resume continues the partial file a failed download left.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PoolFile")]
[OutputType(typeof(PoolTransferResult))]
public sealed class GetPoolFileCommand : PoolClientCmdlet
{
    private const int ActivityId = 0x6e4d;

    /// <summary>The remote file; bound from piped URIs and strings, and from the Uri property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public Uri Uri { get; set; } = null!;

    /// <summary>The local file, or a folder to put the file in under its remote name; default the current location.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = ".";

    /// <summary>Continue the partial file (NAME.part) a failed download left, when the remote file is unchanged.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Downloads the file with progress, writing its result or one error.</summary>
    protected override void ProcessRecord()
    {
        var record = new ProgressRecord(ActivityId, $"Downloading {Uri}", "Connecting");
        RunTransfer(Uri, record, (counter, ct) => Client.DownloadAsync(BuildOptions(), counter, ct));
    }

    // Resolved inside the transfer (PowerShell drops a trailing separator, which says "into this folder"), so that a path PowerShell cannot resolve is this item's error like any other.
    private DownloadOptions BuildOptions() =>
        new(Uri, LocalPath.KeepTrailingSeparator(OutFile, ResolvePath(OutFile))) { Resume = Resume.IsPresent };
}
