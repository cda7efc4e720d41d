#Requires -Version 7.4

<#
.SYNOPSIS
    Builds PoolHttp, runs every test and packages the PowerShell module.
.DESCRIPTION
    Build    dotnet build, which also lays out the importable module in out/PoolHttp; then Test-ModuleManifest.
    Package  publishes out/PoolHttp with PSResourceGet (Publish-PSResource) to the local folder repository
             out/repository, from which Install-PSResource or Save-PSResource installs it as from any gallery.
    Xunit    the xunit tests (dotnet test), engine and hosted-runspace tests.
    Pester   the tests in tests/Pester against out/PoolHttp, with Pester 5.7.1 from the NuGet cache (restored by
             the test project's PackageDownload), after a parse check of every PowerShell file of the repository.
             Fails when a test fails, is skipped, or when no test ran.
    Browser  the pages in Debian's Chromium (tests/Browser: playwright-core and axe-core from npm, `npm ci`), against
             both server modes. Fails when a test fails, is skipped, or when no test ran.
    Test     Build, Package, Xunit, Pester and Browser: what CI runs (`dotnet tool restore && dotnet pwsh ./build.ps1`).
             Any task with tests first installs the Debian packages they need with apt-get when missing (as root).
    All      the same as Test.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Build, Pester -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Package', 'Xunit', 'Pester', 'Browser', 'Test', 'All')]
    [string[]] $Task = @('Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$solution = Join-Path $PSScriptRoot 'PoolHttp.sln'
$moduleDir = Join-Path $PSScriptRoot 'out/PoolHttp'
$manifestPath = Join-Path $moduleDir 'PoolHttp.psd1'
$repositoryDir = Join-Path $PSScriptRoot 'out/repository'
$pesterVersion = '5.7.1'

function Invoke-Dotnet {
    param([string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed (exit code $LASTEXITCODE)." }
}

function Assert-ModuleBuilt {
    if (-not (Test-Path -LiteralPath $manifestPath)) { throw "$manifestPath is missing: run ./build.ps1 -Task Build first." }
}

function Invoke-BuildStep {
    Invoke-Dotnet -Arguments @('build', $solution, '--configuration', $Configuration)
    Assert-ModuleBuilt
    $module = Test-ModuleManifest -Path $manifestPath
    Write-Host "Built $($module.Name) $($module.Version) in $moduleDir"
}

function Invoke-XunitStep {
    Invoke-Dotnet -Arguments @('test', $solution, '--configuration', $Configuration, '--no-build')
}

# The folder the test project's PackageDownload restored Pester into (NuGet's global packages folder).
function Get-PesterManifest {
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) {
        $line = & dotnet nuget locals global-packages --list
        if ($LASTEXITCODE -ne 0) { throw 'dotnet nuget locals failed.' }
        $packages = ($line -replace '^global-packages:\s*', '').Trim()
    }
    $manifest = Join-Path $packages "pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "Pester $pesterVersion is not in $packages`: run 'dotnet restore PoolHttp.sln' (tests/PoolHttp.Tests downloads it)."
    }
    $manifest
}

# Every PowerShell file of the repository must parse, whether or not a test runs it.
function Assert-ScriptsParse {
    $files = Get-ChildItem -LiteralPath $PSScriptRoot -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
        Where-Object { $_.FullName -notmatch '[\\/](out|bin|obj|node_modules)[\\/]' }
    $failed = @(foreach ($file in $files) {
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $null, [ref] $errors)
            foreach ($e in $errors) { "$($file.FullName):$($e.Extent.StartLineNumber): $($e.Message)" }
        })
    if ($failed.Count -gt 0) { throw "PowerShell syntax errors:`n$($failed -join "`n")" }
    Write-Host "Parsed $(@($files).Count) PowerShell files."
}

function Invoke-PesterStep {
    Assert-ModuleBuilt
    Assert-ScriptsParse
    Import-Module -Name (Get-PesterManifest) -RequiredVersion $pesterVersion

    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $PSScriptRoot 'tests/Pester'
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = Join-Path $PSScriptRoot 'out/pester-results.xml'
    $result = Invoke-Pester -Configuration $config
    $summary = "Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped, " +
        "$($result.NotRunCount) not run, $($result.FailedBlocksCount + $result.FailedContainersCount) failed blocks"
    Write-Host $summary
    if ($result.Result -ne 'Passed' -or $result.PassedCount -eq 0 -or $result.FailedCount -gt 0 -or
        $result.SkippedCount -gt 0 -or $result.NotRunCount -gt 0 -or $result.FailedBlocksCount -gt 0 -or $result.FailedContainersCount -gt 0) {
        throw "$summary (every test must run and pass)."
    }
}

# The browser tests drive /usr/bin/chromium (Debian's; installed above when missing) against the poolhttp the Build step made.
function Invoke-BrowserStep {
    $dir = Join-Path $PSScriptRoot 'tests/Browser'
    if (-not (Test-Path -LiteralPath '/usr/bin/chromium')) { throw '/usr/bin/chromium is missing: apt-get install chromium.' }
    Push-Location -LiteralPath $dir
    try {
        & npm ci --no-audit --no-fund
        if ($LASTEXITCODE -ne 0) { throw "npm ci failed (exit code $LASTEXITCODE)." }
        $env:POOLHTTP_CONFIGURATION = $Configuration
        $lines = [System.Collections.Generic.List[string]]::new()
        & npm test 2>&1 | ForEach-Object { $line = "$_"; $lines.Add($line); Write-Host $line }
        $exit = $LASTEXITCODE
    }
    finally {
        Pop-Location
    }
    $count = { param($name) $m = $lines | Select-String -Pattern "^# $name (\d+)$" | Select-Object -Last 1; if ($m) { [int]$m.Matches[0].Groups[1].Value } else { -1 } }
    $passed = & $count 'pass'; $failed = & $count 'fail'; $skipped = & $count 'skipped'; $todo = & $count 'todo'; $cancelled = & $count 'cancelled'
    $summary = "Browser: $passed passed, $failed failed, $skipped skipped, $cancelled cancelled"
    Write-Host $summary
    if ($exit -ne 0 -or $passed -le 0 -or $failed -ne 0 -or $skipped -ne 0 -or $todo -ne 0 -or $cancelled -ne 0) {
        throw "$summary (every test must run and pass)."
    }
}

# Publishes out/PoolHttp to a folder repository with PSResourceGet, as a user publishes to a gallery. The repository
# is registered for the publish only, so the user's own repository list is left as it was.
function Invoke-PackageStep {
    Assert-ModuleBuilt
    $version = (Import-PowerShellDataFile -LiteralPath $manifestPath).ModuleVersion
    if (Test-Path -LiteralPath $repositoryDir) { Remove-Item -LiteralPath $repositoryDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $repositoryDir
    $name = "PoolHttpBuild$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    Register-PSResourceRepository -Name $name -Uri $repositoryDir -Trusted
    try {
        Publish-PSResource -Path $moduleDir -Repository $name
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    $package = Join-Path $repositoryDir "PoolHttp.$version.nupkg"
    if (-not (Test-Path -LiteralPath $package)) { throw "Publish-PSResource did not write $package." }
    Write-Host "Published PoolHttp $version to the folder repository $repositoryDir"
}

# What the tests need from Debian, installed with apt-get when missing (as CI and a fresh machine need), so that the
# README's test command works on its own: the native child host links with a C compiler, zlib and objcopy; the fleet
# test runs an sshd of its own on loopback; the browser tests drive Debian's Chromium through playwright-core from npm
# (which downloads no browser) and unpack a zip with unzip; some tests call curl.
function Install-TestPrerequisites {
    $missing = [System.Collections.Generic.List[string]]::new()
    if (-not ((Get-Command clang, gcc -ErrorAction Ignore) -and (Get-Command objcopy -ErrorAction Ignore) -and (Test-Path '/usr/include/zlib.h'))) {
        $missing.AddRange([string[]]@('clang', 'zlib1g-dev', 'binutils'))
    }
    if (-not (Test-Path '/usr/sbin/sshd')) { $missing.Add('openssh-server') }
    if (-not (Test-Path '/usr/bin/chromium')) { $missing.Add('chromium') }
    foreach ($tool in 'unzip', 'curl') { if (-not (Get-Command $tool -ErrorAction Ignore)) { $missing.Add($tool) } }
    if (-not (Get-Command npm -ErrorAction Ignore)) { $missing.AddRange([string[]]@('nodejs', 'npm')) }
    if ($missing.Count -eq 0) { return }
    if (-not $IsLinux -or -not (Get-Command apt-get -ErrorAction Ignore) -or (& id -u) -ne '0') {
        throw "The tests need these Debian packages: $($missing -join ' ') (install them, or run this as root where apt-get can)."
    }
    Write-Host "Installing with apt-get: $($missing -join ' ')"
    & apt-get update -qq
    if ($LASTEXITCODE -ne 0) { throw "apt-get update failed (exit code $LASTEXITCODE)." }
    & apt-get install -y -qq @missing | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "apt-get install $($missing -join ' ') failed (exit code $LASTEXITCODE)." }
}

# Pester installs the package (tests/Pester/PoolHttp.Package.Tests.ps1): publish it first, from the module just built.
$steps = if ($Task -contains 'All' -or $Task -contains 'Test') { @('Build', 'Package', 'Xunit', 'Pester', 'Browser') }
elseif ($Task -contains 'Pester' -and $Task -notcontains 'Package') { @(@($Task | Where-Object { $_ -ne 'Pester' }) + 'Package' + 'Pester') }
else { $Task }
# A failed test step does not hide the others' results: every test step runs, then the first failure ends the build.
$failures = [System.Collections.Generic.List[string]]::new()
if (@($steps | Where-Object { $_ -in 'Xunit', 'Pester', 'Browser' }).Count -gt 0) { Install-TestPrerequisites }
foreach ($step in $steps) {
    Write-Host "== $step"
    switch ($step) {
        'Build' { Invoke-BuildStep }
        'Package' { Invoke-PackageStep }
        'Xunit' { try { Invoke-XunitStep } catch { $failures.Add("Xunit: $_") } }
        'Pester' { try { Invoke-PesterStep } catch { $failures.Add("Pester: $_") } }
        'Browser' { try { Invoke-BrowserStep } catch { $failures.Add("Browser: $_") } }
    }
}
if ($failures.Count -gt 0) { throw ($failures -join "`n") }
