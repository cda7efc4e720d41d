#Requires -Version 7.4

<#
.SYNOPSIS
    Runs a stress matrix against a server, appends the rows to a CSV history and fails when throughput regresses.

.DESCRIPTION
    Made for nightly runs (cron, a systemd timer, the Windows Task Scheduler; see docs/scheduled-stress.md).

    The script runs Invoke-PoolStressTest -Uri against an existing server and appends every row to the CSV file
    -HistoryPath, with two columns in front: Timestamp (UTC, ISO 8601) and ComputerName (the host that ran it). The
    file and its header are created on the first run; one history file per server.

    Each row is then compared with the earlier runs of the same row key (Operation, FileSizeBytes, ClientWorkers) in
    the history: when its AggregateThroughput is more than -MaxRegressionPercent below the median of their
    AggregateThroughput, the script writes a warning naming the row, its figure and the median. Earlier rows with
    failed clients are no baseline and are left out of the median. A row with a failed client is a failure too.

    The script prints the rows as a table 120 columns wide (a scheduler's log has no console to size it by; the
    figures themselves are in the history) and says how it went in its exit code:
        0  every row within the limit and no client failed (also the first run of a row key: nothing to compare)
        1  a row regressed or a client failed, also when the server could not be reached (the rows are in the
           history all the same)
        2  the run itself failed: the module or the history could not be used, or the run gave no row

    Lists may be given comma-separated in one argument (-FileSize 10MB,50MB), as pwsh -File passes them as text.

.PARAMETER Uri
    The server to stress, a folder URL such as http://files.example:8885/ (the clients write and remove their
    files below it).

.PARAMETER HistoryPath
    The CSV history: read for the earlier runs, then appended to (created with its header when absent).

.PARAMETER Operation
    Upload, Download or both (the default of Invoke-PoolStressTest: both).

.PARAMETER FileSize
    The file sizes, in bytes or with KB, MB, GB (powers of 1024): 1MB,10MB. Default: Invoke-PoolStressTest's.

.PARAMETER ClientWorkers
    How many clients run at once in a row: 1,5. Default: Invoke-PoolStressTest's.

.PARAMETER TimeoutSec
    A client fails when no byte of its transfer moved for this many seconds. Default: Invoke-PoolStressTest's (30).

.PARAMETER Credential
    Basic credentials for a server that requires them (a PSCredential; for a scheduled run, see
    docs/scheduled-stress.md).

.PARAMETER SkipCertificateCheck
    With an https:// server: accept any certificate (a self-signed test server).

.PARAMETER CaCertificate
    With an https:// server: a CA (or the server's own certificate) to trust, as a PEM, DER or PFX file.

.PARAMETER MaxRegressionPercent
    How far below the median of earlier runs a row's aggregate throughput may fall, in percent. Default 20.

.PARAMETER ModulePath
    The PoolHttp module to import: a manifest or a module folder. Default: the module built in this repository
    (../out/PoolHttp), and when there is none, the installed module PoolHttp.

.EXAMPLE
    pwsh -NoProfile -File ./scripts/Invoke-PoolStressSchedule.ps1 -Uri http://127.0.0.1:8885/ -HistoryPath ./stress-history.csv

    Runs Invoke-PoolStressTest's default matrix against the server and compares it with the earlier runs.

.EXAMPLE
    pwsh -NoProfile -File ./scripts/Invoke-PoolStressSchedule.ps1 -Uri http://files.lan:8889/ -HistoryPath /var/lib/poolhttp/stress.csv -Operation Download -FileSize 10MB,100MB -ClientWorkers 1,5 -MaxRegressionPercent 15

    A smaller nightly matrix; the run fails (exit code 1) when a row is more than 15 % slower than its median.

.EXAMPLE
    ./scripts/Invoke-PoolStressSchedule.ps1 -Uri https://files.lan/ -HistoryPath ./stress.csv -Credential (Get-Credential) -CaCertificate ./ca.pem; $LASTEXITCODE

    From a PowerShell prompt, against a server over TLS that requires a credential.

.LINK
    Invoke-PoolStressTest

.LINK
    docs/scheduled-stress.md
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [Uri] $Uri,

    [Parameter(Mandatory)]
    [ValidateNotNullOrEmpty()]
    [string] $HistoryPath,

    [ValidateNotNullOrEmpty()]
    [string[]] $Operation,

    # Text, not [long[]]: pwsh -File hands '1KB,10MB' over as one string, which a number list cannot take.
    [ValidateNotNullOrEmpty()]
    [string[]] $FileSize,

    # Text, not [int[]]: pwsh -File would read '1,5' as the number 15 (a thousands separator).
    [ValidateNotNullOrEmpty()]
    [string[]] $ClientWorkers,

    [ValidateRange(0, 86400)]
    [double] $TimeoutSec,

    [pscredential] [System.Management.Automation.Credential()]
    $Credential,

    [switch] $SkipCertificateCheck,

    [ValidateNotNullOrEmpty()]
    [string] $CaCertificate,

    [ValidateRange(0, 100)]
    [double] $MaxRegressionPercent = 20,

    [ValidateNotNullOrEmpty()]
    [string] $ModulePath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$invariant = [cultureinfo]::InvariantCulture

# The items of list parameters given one per argument, comma-separated, or both.
function Split-List {
    param([string[]] $Item)
    @($Item | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
}

function Get-Median {
    param([double[]] $Value)
    $sorted = @($Value | Sort-Object)
    $middle = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Get-RowKey {
    param($Row)
    '{0}|{1}|{2}' -f $Row.Operation, [long] $Row.FileSizeBytes, [int] $Row.ClientWorkers
}

function Format-Rate {
    param([double] $BytesPerSecond)
    $human = [PoolHttp.Engine.Client.TransferCounter]::FormatBytes([long] $BytesPerSecond)
    '{0}/s ({1} B/s)' -f $human, [long] $BytesPerSecond
}

# One history line: the run's columns, then the row's properties in their own order, as invariant text so that
# the history reads the same in any culture.
function ConvertTo-HistoryRow {
    param($Row, [string] $Timestamp)
    $line = [ordered] @{ Timestamp = $Timestamp; ComputerName = [Environment]::MachineName }
    foreach ($property in $Row.PSObject.Properties) {
        $value = $property.Value
        $line[$property.Name] = if ($value -is [IFormattable]) { $value.ToString($null, $invariant) } else { "$value" }
    }
    [pscustomobject] $line
}

# The warnings for one new row: failed clients, and throughput too far below the median of its earlier runs.
function Test-Row {
    param($Row, [object[]] $Earlier)
    $name = 'Row {0} ({1}, {2} bytes, {3} client(s))' -f $Row.Number, $Row.Operation, $Row.FileSizeBytes, $Row.ClientWorkers
    if ($Row.ClientsFailed -gt 0) {
        '{0}: {1} of {2} clients failed.' -f $name, $Row.ClientsFailed, ($Row.ClientsFailed + $Row.ClientsSucceeded)
    }
    $key = Get-RowKey $Row
    $baseline = @($Earlier | Where-Object { (Get-RowKey $_) -eq $key -and [long] $_.ClientsFailed -eq 0 } |
            ForEach-Object { [double] $_.AggregateThroughput })
    if ($baseline.Count -eq 0) { return }
    $median = Get-Median $baseline
    $floor = $median * (1 - $MaxRegressionPercent / 100)
    if ($Row.AggregateThroughput -lt $floor) {
        $below = 100 * (1 - $Row.AggregateThroughput / $median)
        $message = '{0}: AggregateThroughput {1} is {2:0.0}% below the median {3} of {4} earlier run(s) (allowed: {5}%).'
        $message -f $name, (Format-Rate $Row.AggregateThroughput), $below, (Format-Rate $median), $baseline.Count, $MaxRegressionPercent
    }
}

try {
    if (-not $ModulePath) {
        $built = Join-Path $PSScriptRoot '../out/PoolHttp/PoolHttp.psd1'
        $ModulePath = if (Test-Path -LiteralPath $built) { $built } else { 'PoolHttp' }
    }
    Import-Module $ModulePath

    $earlier = @(if (Test-Path -LiteralPath $HistoryPath) { Import-Csv -LiteralPath $HistoryPath })

    $stress = @{ Uri = $Uri }
    if ($PSBoundParameters.ContainsKey('Operation')) { $stress.Operation = Split-List $Operation }
    if ($PSBoundParameters.ContainsKey('FileSize')) { $stress.FileSize = [long[]] (Split-List $FileSize) }
    if ($PSBoundParameters.ContainsKey('ClientWorkers')) { $stress.ClientWorkers = [int[]] (Split-List $ClientWorkers) }
    foreach ($name in 'TimeoutSec', 'Credential', 'SkipCertificateCheck', 'CaCertificate') {
        if ($PSBoundParameters.ContainsKey($name)) { $stress[$name] = $PSBoundParameters[$name] }
    }

    $timestamp = [DateTime]::UtcNow.ToString('o', $invariant)
    # A failed client is one error record and one count in its row: the row decides, so the errors only inform.
    $rows = @(Invoke-PoolStressTest @stress -ErrorAction Continue)
    if ($rows.Count -eq 0) { throw "Invoke-PoolStressTest -Uri $Uri gave no row." }
    $rows | Format-Table | Out-String -Width 120 | Write-Host

    $rows | ForEach-Object { ConvertTo-HistoryRow $_ $timestamp } | Export-Csv -LiteralPath $HistoryPath -Append
    $problems = @(foreach ($row in $rows) { Test-Row $row $earlier })
}
catch {
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    exit 2
}

foreach ($problem in $problems) { Write-Warning $problem }
if ($problems.Count -gt 0) {
    Write-Host "$($problems.Count) problem(s) in $($rows.Count) row(s); the rows are appended to $HistoryPath."
    exit 1
}
Write-Host "$($rows.Count) row(s) appended to $HistoryPath, none more than $MaxRegressionPercent% below its median."
exit 0
