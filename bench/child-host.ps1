#Requires -Version 7.4
<#
.SYNOPSIS
    Prints what a Process-mode child costs with each child host: the time for N children to be ready, and each
    child's resident memory (VmRSS) idle and after some small and large GETs. Figures only, no pass or fail.
.EXAMPLE
    dotnet build PoolHttp.sln -c Release; dotnet pwsh bench/child-host.ps1 -Workers 50 -Repeat 3
#>
param(
    [int] $Workers = 50,
    [int] $Repeat = 3,
    [int] $Requests = 200,
    [string[]] $Hosts = @('native', 'dotnet')
)
$ErrorActionPreference = 'Stop'
$repo = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $repo 'out/PoolHttp/PoolHttp.psd1') -Force
$root = Join-Path ([System.IO.Path]::GetTempPath()) ('poolhttp-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory -Path $root
[System.IO.File]::WriteAllBytes((Join-Path $root 'small.bin'), [byte[]]::new(1024))
$big = [System.IO.File]::Create((Join-Path $root 'big.bin')); $big.SetLength(20MB); $big.Dispose()
$http = [System.Net.Http.HttpClient]::new()

function Get-Rss([int] $ProcessId) {
    $line = [System.IO.File]::ReadAllLines("/proc/$ProcessId/status") | Where-Object { $_ -like 'VmRSS:*' }
    [double](($line -split '\s+')[1]) / 1024
}

# Proportional set size (MiB): resident pages, those shared with other processes (the native binary's code, mapped
# by every child) divided among them.
function Get-Pss([int] $ProcessId) {
    $line = [System.IO.File]::ReadAllLines("/proc/$ProcessId/smaps_rollup") | Where-Object { $_ -like 'Pss:*' }
    [double](($line -split '\s+')[1]) / 1024
}

# CPU seconds (user + system) a process has used so far: a figure that a busy machine does not stretch.
function Get-CpuSeconds([int] $ProcessId) {
    $stat = [System.IO.File]::ReadAllText("/proc/$ProcessId/stat")
    $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
    ([double]$fields[11] + [double]$fields[12]) / 100
}

function Get-Summary([double[]] $Values) {
    $sorted = $Values | Sort-Object
    '{0,6:N1} min {1,6:N1} median {2,6:N1} max' -f $sorted[0], $sorted[[int][math]::Floor($sorted.Count / 2)], $sorted[-1]
}

try {
    foreach ($choice in $Hosts) {
        $env:POOLHTTP_CHILD_HOST = $choice
        $starts = foreach ($i in 1..$Repeat) {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $server = Start-PoolHttpServer -Root $root -Mode Process -Workers $Workers -Port 0
            $watch.Stop()
            if ($i -lt $Repeat) { $server | Stop-PoolHttpServer -Confirm:$false }
            $watch.Elapsed.TotalSeconds
        }
        try {
            $pids = @((Invoke-RestMethod -Uri ([Uri]::new($server.Uri, '.poolhttp/stats'))).perWorker.pid)
            $exe = [System.IO.File]::ResolveLinkTarget("/proc/$($pids[0])/exe", $false).FullName
            $idle = foreach ($p in $pids) { Get-Rss $p }
            $cpu = ($pids | ForEach-Object { Get-CpuSeconds $_ } | Measure-Object -Sum).Sum
            $small = [Uri]::new($server.Uri, 'small.bin'); $large = [Uri]::new($server.Uri, 'big.bin')
            # In batches of as many requests as there are children, so that every child serves some.
            for ($done = 0; $done -lt $Requests; $done += $Workers) {
                $tasks = foreach ($n in 1..$Workers) { $http.GetByteArrayAsync($small) }
                [System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]] @($tasks))
            }
            $tasks = foreach ($n in 1..[math]::Min($Workers, 20)) { $http.GetByteArrayAsync($large) }
            [System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]] @($tasks))
            $busy = foreach ($p in $pids) { Get-Rss $p }
            $pss = foreach ($p in $pids) { Get-Pss $p }
            "{0}: children run {1}" -f $choice, $exe
            "  {0} children ready in (s): {1}" -f $Workers, (($starts | ForEach-Object { $_.ToString('N3') }) -join ', ')
            "  CPU of all {0} children until ready and idle (s): {1:N2}; load average then: {2}" -f $Workers, $cpu, ([System.IO.File]::ReadAllText('/proc/loadavg').Split(' ')[0])
            "  RSS per child, idle (MiB):  $(Get-Summary $idle)"
            "  PSS per child, after the GETs (MiB): $(Get-Summary $pss)"
            "  RSS per child, after $Requests x 1 KiB and $([math]::Min($Workers, 20)) x 20 MiB GETs (MiB): $(Get-Summary $busy)"
        }
        finally {
            $server | Stop-PoolHttpServer -Confirm:$false
        }
    }
}
finally {
    $env:POOLHTTP_CHILD_HOST = $null
    $http.Dispose()
    Remove-Item -LiteralPath $root -Recurse -Force
}
