# Shared by the PoolHttp Pester tests (dot-source it in BeforeAll). Not a test file itself.
# Imports the module as `dotnet build` laid it out in out/PoolHttp.

$script:RepoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/PoolHttp/PoolHttp.psd1'
if (-not (Test-Path -LiteralPath $script:ModuleManifest)) {
    throw "$script:ModuleManifest is missing: run 'dotnet build' first."
}
Import-Module $script:ModuleManifest -Force

# A fresh served root whose name is hostile on purpose (spaces, Unicode, %2e).
function New-TestRoot {
    $name = 'poolhttp pester ü %2e ' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $path = Join-Path ([System.IO.Path]::GetTempPath()) $name
    (New-Item -ItemType Directory -Path $path).FullName
}

# A port nobody listens on right now.
function Get-FreePort {
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start()
    try { $probe.LocalEndpoint.Port } finally { $probe.Stop() }
}

# True when a connection to the loopback port is refused.
function Test-PortRefused {
    param([int] $Port)
    $client = [System.Net.Sockets.TcpClient]::new()
    try {
        $client.Connect([System.Net.IPAddress]::Loopback, $Port)
        $false
    }
    catch [System.Net.Sockets.SocketException] {
        $true
    }
    finally {
        $client.Dispose()
    }
}

# GET a path of a server; never throws on an HTTP error status.
function Invoke-PoolGet {
    param([Uri] $Uri, [string] $Path)
    Invoke-WebRequest -Uri ([Uri]::new($Uri, $Path)) -SkipHttpErrorCheck -UseBasicParsing
}

# Polls a condition with a deadline (statistics count a request just after its answer reaches the client).
function Wait-Until {
    param([scriptblock] $Condition, [int] $Seconds = 10)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Not true within $Seconds s: $Condition" }
        [System.Threading.Thread]::Yield() | Out-Null
    }
}

# A second PowerShell session (runspace) of this process, with the module imported.
function New-PoolSession {
    $ps = [powershell]::Create()
    $null = $ps.AddCommand('Import-Module').AddParameter('Name', $script:ModuleManifest).Invoke()
    $ps.Commands.Clear()
    $ps
}

# Every entry under a folder as 'relative path|length|SHA-256' lines, sorted: two equal states mean nothing
# was created, changed or deleted in between.
function Get-TreeState {
    param([string] $Path)
    Get-ChildItem -LiteralPath $Path -Recurse -Force | ForEach-Object {
        $relative = [System.IO.Path]::GetRelativePath($Path, $_.FullName)
        if ($_.PSIsContainer) { "$relative|folder" }
        else { "$relative|$($_.Length)|$((Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash)" }
    } | Sort-Object
}

# Writes a file (creating its folders) with the given text, without a newline, and returns its full path.
function New-TestFile {
    param([string] $Path, [string] $Content)
    $null = New-Item -ItemType Directory -Path (Split-Path -Parent $Path) -Force
    Set-Content -LiteralPath $Path -Value $Content -NoNewline
    (Get-Item -LiteralPath $Path -Force).FullName
}

# The absolute URI of a path on a server: New-PoolUri $server 'up ü/' escapes what needs escaping.
function New-PoolUri {
    param($Server, [string] $Path)
    [Uri]::new($Server.Uri, $Path)
}

# How to start a fresh pwsh like the one running the tests: under `dotnet pwsh` (the local tool) the process is
# dotnet and pwsh.dll is its first argument; an installed pwsh is its own executable.
function Get-PwshCommand {
    $process = [Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    else {
        @($process)
    }
}
