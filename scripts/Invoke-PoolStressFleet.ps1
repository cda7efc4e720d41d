#Requires -Version 7.4

<#
.SYNOPSIS
    Stresses one server from several hosts at once over PowerShell remoting, and merges their clients into rows.

.DESCRIPTION
    One machine runs out of client capacity before a big server runs out of serving capacity. This script spreads
    the clients of a stress matrix over hosts reached by PowerShell remoting (SSH with -HostName, or WinRM with
    -ComputerName); there is no coordinator of our own (see docs/distributed.md).

    1. It opens a session to every host and checks that PoolHttp can be imported there.
    2. It measures each host's clock against this computer's (the midpoint of a round trip).
    3. It runs Invoke-PoolStressTest -Uri -StartAt -PerClient on every host at once (Invoke-Command -AsJob), the
       same matrix everywhere, the first row starting -LeadSec from now and the rows -RowIntervalSec apart.
    4. Meanwhile it reads the server's /.poolhttp/stats a moment before each row's start and before the row's checks
       (the second half of its interval): the difference is the server's own count of the row's client requests.
    5. It merges the hosts' client transfers into rows with Invoke-PoolStressTest's 18 columns (ClientWorkers is the
       total over the hosts; AggregateThroughput is all good bytes over the span from the first client's start to
       the last one's end, each host's times corrected by its clock offset), so Export-Csv writes the same table as a
       local run.

    A host that cannot be reached, cannot import PoolHttp or fails during the run is a non-terminating error that
    names it (error IDs HostUnreachable, ModuleNotImportable, HostFailed); the clients of the other hosts still
    count. A failed client is an error naming its host too. Clocks further apart than the schedule allows, and rows
    whose hosts did not start together, are warnings.

.PARAMETER HostName
    The hosts to reach over SSH remoting (each needs the `Subsystem powershell` line in its sshd_config).

.PARAMETER UserName
    The SSH user on every host.

.PARAMETER KeyFilePath
    The SSH private key to log in with.

.PARAMETER Port
    The SSH port of every host (default: ssh's own, 22).

.PARAMETER SshOption
    More ssh options (New-PSSession -Options), such as @{ UserKnownHostsFile = '~/fleet_known_hosts' }.

.PARAMETER ComputerName
    The hosts to reach over WinRM.

.PARAMETER Credential
    With -ComputerName: the credential to log in with (default: the current user's).

.PARAMETER Uri
    The server to stress, a folder URL every host can reach, such as http://files.lan:8885/ (each host's clients
    write and remove their files in a folder of their own below it).

.PARAMETER Operation
    Upload, Download or both (Invoke-PoolStressTest's default: both).

.PARAMETER FileSize
    The file sizes in bytes (10MB works). Default: Invoke-PoolStressTest's.

.PARAMETER ClientWorkers
    How many clients each host runs at once in a row. Default: Invoke-PoolStressTest's. A merged row's
    ClientWorkers is the total over the hosts that reported.

.PARAMETER ClientMode
    Thread or Process, on every host. Default Thread.

.PARAMETER TimeoutSec
    A client fails when no byte of its transfer moved for this many seconds. Default: Invoke-PoolStressTest's (30).

.PARAMETER RowIntervalSec
    From one row's start to the next one's. A row's clients must end within half of it (the other half is for its
    checks and clean-up). Default 60.

.PARAMETER LeadSec
    How long from now the first row starts: time for every host to prepare its test files. Default 20.

.EXAMPLE
    ./scripts/Invoke-PoolStressFleet.ps1 -HostName load1, load2, load3 -UserName bench -KeyFilePath ~/.ssh/id_ed25519 -Uri http://files.lan:8885/ -Operation Download -FileSize 100MB -ClientWorkers 10, 50 | Export-Csv fleet.csv

    Three hosts download at once: 30 and then 150 clients in all.

.EXAMPLE
    ./scripts/Invoke-PoolStressFleet.ps1 -ComputerName win1, win2 -Credential (Get-Credential) -Uri http://files.lan:8885/ -FileSize 10MB -ClientWorkers 5

    Two Windows hosts over WinRM.

.LINK
    Invoke-PoolStressTest

.LINK
    docs/distributed.md
#>
[CmdletBinding(DefaultParameterSetName = 'Ssh')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Ssh')]
    [ValidateNotNullOrEmpty()]
    [string[]] $HostName,

    [Parameter(ParameterSetName = 'Ssh')]
    [ValidateNotNullOrEmpty()]
    [string] $UserName,

    [Parameter(ParameterSetName = 'Ssh')]
    [ValidateNotNullOrEmpty()]
    [string] $KeyFilePath,

    [Parameter(ParameterSetName = 'Ssh')]
    [ValidateRange(1, 65535)]
    [int] $Port,

    [Parameter(ParameterSetName = 'Ssh')]
    [hashtable] $SshOption,

    [Parameter(Mandatory, ParameterSetName = 'WinRM')]
    [ValidateNotNullOrEmpty()]
    [string[]] $ComputerName,

    [Parameter(ParameterSetName = 'WinRM')]
    [pscredential] [System.Management.Automation.Credential()]
    $Credential,

    [Parameter(Mandatory)]
    [Uri] $Uri,

    [ValidateSet('Upload', 'Download')]
    [string[]] $Operation,

    [ValidateNotNullOrEmpty()]
    [long[]] $FileSize,

    [ValidateNotNullOrEmpty()]
    [int[]] $ClientWorkers,

    [ValidateSet('Thread', 'Process')]
    [string] $ClientMode = 'Thread',

    [ValidateRange(0, 86400)]
    [double] $TimeoutSec,

    [ValidateRange(1, 86400)]
    [double] $RowIntervalSec = 60,

    [ValidateRange(1, 3600)]
    [double] $LeadSec = 20
)

Set-StrictMode -Version Latest
if (-not (Get-Module PoolHttp)) { Import-Module PoolHttp -ErrorAction Stop }

function Write-HostError {
    param([string] $Name, [string] $Message, [string] $ErrorId, [System.Management.Automation.ErrorCategory] $Category)
    $exception = [System.Exception]::new("Host ${Name}: $Message")
    $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new($exception, $ErrorId, $Category, $Name))
}

# Sessions to the hosts that answer and can import PoolHttp; an error naming each of the others.
function Open-FleetSession {
    $names = if ($PSCmdlet.ParameterSetName -eq 'Ssh') { $HostName } else { $ComputerName }
    foreach ($name in $names) {
        $connect = @{ ErrorAction = 'Stop' }
        if ($PSCmdlet.ParameterSetName -eq 'Ssh') {
            $connect.HostName = $name
            if ($UserName) { $connect.UserName = $UserName }
            if ($KeyFilePath) { $connect.KeyFilePath = $KeyFilePath }
            if ($Port) { $connect.Port = $Port }
            if ($SshOption) { $connect.Options = $SshOption }
        }
        else {
            $connect.ComputerName = $name
            if ($Credential) { $connect.Credential = $Credential }
        }
        try { $session = New-PSSession @connect }
        catch { Write-HostError $name "cannot be reached: $($_.Exception.Message)" 'HostUnreachable' ConnectionError; continue }
        try { $null = Invoke-Command -Session $session -ScriptBlock { Import-Module PoolHttp -ErrorAction Stop } -ErrorAction Stop; $session }
        catch {
            Write-HostError $name "PoolHttp cannot be imported there: $($_.Exception.Message)" 'ModuleNotImportable' NotInstalled
            Remove-PSSession $session
        }
    }
}

# Each host's clock minus ours, from the quickest of three round trips.
function Measure-ClockOffset {
    param([System.Management.Automation.Runspaces.PSSession[]] $Session)
    $offsets = [System.Collections.Generic.Dictionary[string, timespan]]::new([StringComparer]::OrdinalIgnoreCase)
    foreach ($s in $Session) {
        $best = $null
        foreach ($i in 1..3) {
            $sent = [DateTime]::UtcNow
            $remote = Invoke-Command -Session $s -ScriptBlock { [DateTime]::UtcNow }
            $back = [DateTime]::UtcNow
            if ($null -eq $best -or ($back - $sent) -lt $best.Trip) {
                $best = @{ Trip = $back - $sent; Offset = $remote.ToUniversalTime() - ($sent + ($back - $sent) / 2) }
            }
        }
        $offsets[$s.ComputerName] = $best.Offset
    }
    , $offsets
}

function Read-ServerStats {
    $stats = [Uri]::new($Uri, '/.poolhttp/stats')
    try { Invoke-RestMethod -Uri $stats -DisableKeepAlive -TimeoutSec 10 -Headers @{ Accept = 'application/json' } -ErrorAction Stop }
    catch { Write-Warning "The server's statistics could not be read ($stats): $($_.Exception.Message)"; $null }
}

function Wait-Until {
    param([DateTimeOffset] $At)
    $wait = $At - [DateTimeOffset]::UtcNow
    if ($wait -gt [timespan]::Zero) { Start-Sleep -Milliseconds ([math]::Ceiling($wait.TotalMilliseconds)) }
    $wait -ge [timespan]::Zero
}

# The server's own counts of each row's client requests: read a margin before the row's start and before its checks,
# while the hosts' clients alone are at work. A read that is late, or finds requests still in progress, gives no count.
function Measure-RowCount {
    param($Schedule, $Rows, $Job)
    $margin = [PoolHttp.Engine.Stress.StressSchedule]::Margin
    foreach ($row in $Rows) {
        if ($Job.State -ne 'Running') { break }   # every host has ended: no row after this one ran
        $onTime = Wait-Until ($Schedule.RowStart($row.Number) - $margin)
        $before = Read-ServerStats
        $onTime = (Wait-Until ($Schedule.ChecksStart($row.Number) - $margin)) -and $onTime
        $after = Read-ServerStats
        Write-Verbose ("Row {0}: the server's counts read {1}" -f $row.Number, $(if ($onTime) { 'on time' } else { 'late' }))
        if (-not $before -or -not $after) { continue }
        if (-not $onTime -or $before.requests.active -gt 1 -or $after.requests.active -gt 1) {
            Write-Warning ("Row {0}: the server was busy with other requests when its counts were read (clients still running " +
                "at half the row interval?); its ServerSucceeded and ServerFailed are left empty. Give a longer -RowIntervalSec." -f $row.Number)
            continue
        }
        # The first read is counted once it has ended, inside the row's window: it is ours, not a client's.
        [PoolHttp.Engine.Stress.StressRowCounts]::new($row.Number,
            [long] $after.requests.succeeded - [long] $before.requests.succeeded - 1,
            [long] $after.requests.failed - [long] $before.requests.failed)
        $script:serverInfo = $after
    }
}

function ConvertTo-ClientResult {
    param($Item)
    [PoolHttp.Engine.Results.PoolStressClientResult] @{
        Number = $Item.Number; Operation = [string] $Item.Operation; FileSizeBytes = $Item.FileSizeBytes
        ClientWorkers = $Item.ClientWorkers; Client = $Item.Client; HostName = $Item.PSComputerName
        StartUtc = $Item.StartUtc; EndUtc = $Item.EndUtc; Seconds = $Item.Seconds; Bytes = $Item.Bytes
        Succeeded = $Item.Succeeded; Error = [string] $Item.Error
    }
}

$sessions = @()
$job = $null
try {
    $sessions = @(Open-FleetSession)
    if ($sessions.Count -eq 0) { throw 'No host can run the stress test; see the errors above.' }
    $offsets = Measure-ClockOffset $sessions

    $stress = @{ Uri = "$Uri"; PerClient = $true; RowIntervalSec = $RowIntervalSec; ClientMode = $ClientMode }
    foreach ($name in 'Operation', 'FileSize', 'ClientWorkers', 'TimeoutSec') {
        if ($PSBoundParameters.ContainsKey($name)) { $stress[$name] = $PSBoundParameters[$name] }
    }
    $matrix = @{ BaseUri = $Uri }
    if ($Operation) { $matrix.Operations = [PoolHttp.Engine.Results.StressOperation[]] $Operation }
    if ($FileSize) { $matrix.FileSizes = $FileSize }
    if ($ClientWorkers) { $matrix.ClientWorkers = $ClientWorkers }
    $rows = [PoolHttp.Engine.Stress.StressMatrix]::Expand([PoolHttp.Engine.Stress.StressOptions] $matrix)
    $startAt = [DateTime]::UtcNow.AddSeconds($LeadSec)
    $stress.StartAt = $startAt
    $schedule = [PoolHttp.Engine.Stress.StressSchedule]::new($startAt, [timespan]::FromSeconds($RowIntervalSec))
    Write-Verbose ("{0} row(s) on {1} host(s), the first at {2:o} (UTC), {3} s apart" -f $rows.Count, $sessions.Count, $startAt, $RowIntervalSec)

    $job = Invoke-Command -Session $sessions -AsJob -ArgumentList $stress -ScriptBlock {
        param($stress)
        Import-Module PoolHttp
        Invoke-PoolStressTest @stress
    }
    $script:serverInfo = $null
    $counts = @(Measure-RowCount $schedule $rows $job)
    $null = Wait-Job $job

    $clients = [System.Collections.Generic.List[PoolHttp.Engine.Results.PoolStressClientResult]]::new()
    foreach ($child in $job.ChildJobs) {
        foreach ($item in @(Receive-Job $child -ErrorAction SilentlyContinue -ErrorVariable remoteErrors)) {
            $clients.Add((ConvertTo-ClientResult $item))
        }
        foreach ($e in @($remoteErrors)) { Write-HostError $child.Location $e.Exception.Message 'HostFailed' $e.CategoryInfo.Category }
        if ($child.State -eq 'Failed' -and $child.JobStateInfo.Reason -and -not @($remoteErrors).Count) {
            Write-HostError $child.Location $child.JobStateInfo.Reason.Message 'HostFailed' OperationStopped
        }
    }

    $merge = @{ ClientMode = $ClientMode; ClockOffsets = $offsets; ServerCounts = [PoolHttp.Engine.Stress.StressRowCounts[]] $counts }
    if ($script:serverInfo) {
        $merge.ServerWorkers = [int] $script:serverInfo.workers
        $merge.ServerMode = [string] $script:serverInfo.mode
    }
    $merged = [PoolHttp.Engine.Stress.StressMerge]::Merge($clients, [PoolHttp.Engine.Stress.StressMergeOptions] $merge)
    foreach ($note in $merged.Notes) { Write-Warning $note }
    $merged.Rows
}
finally {
    if ($job) { Stop-Job $job -ErrorAction SilentlyContinue; Remove-Job $job -Force -ErrorAction SilentlyContinue }
    if ($sessions) { Remove-PSSession $sessions -ErrorAction SilentlyContinue }
}
