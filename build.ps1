#Requires -Version 7.4
<#
.SYNOPSIS
    Builds PoolHttp, runs its tests and packages the PowerShell module.
.DESCRIPTION
    Build   dotnet build, which also lays out the importable module in out/PoolHttp; then Test-ModuleManifest.
    Test    the xunit tests (dotnet test).
    Pester  the tests in tests/Pester, against out/PoolHttp (Pester 5.5 or later; installed for the user if missing).
    Package out/PoolHttp-<version>.zip, the module folder ready to unpack into a PSModulePath folder.
    All     every step above, in that order.
    Without pwsh, `dotnet build` and `dotnet test` do the first two; .ci/pester parses these scripts.
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Build, Pester -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Package', 'All')]
    [string[]] $Task = @('All'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$solution = Join-Path $PSScriptRoot 'PoolHttp.sln'
$moduleDir = Join-Path $PSScriptRoot 'out/PoolHttp'
$manifestPath = Join-Path $moduleDir 'PoolHttp.psd1'
$minimumPester = [version]'5.5.0'

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

function Invoke-TestStep {
    Invoke-Dotnet -Arguments @('test', $solution, '--configuration', $Configuration)
}

function Invoke-PesterStep {
    Assert-ModuleBuilt
    $available = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge $minimumPester }
    if (-not $available) {
        Install-Module -Name Pester -MinimumVersion $minimumPester -Scope CurrentUser -Force -SkipPublisherCheck
    }
    Import-Module -Name Pester -MinimumVersion $minimumPester

    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $PSScriptRoot 'tests/Pester'
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = Join-Path $PSScriptRoot 'out/pester-results.xml'
    $result = Invoke-Pester -Configuration $config
    if ($result.Result -ne 'Passed') {
        throw "Pester: $($result.FailedCount) failed, $($result.PassedCount) passed."
    }
}

function Invoke-PackageStep {
    Assert-ModuleBuilt
    $version = (Import-PowerShellDataFile -LiteralPath $manifestPath).ModuleVersion
    $zip = Join-Path $PSScriptRoot "out/PoolHttp-$version.zip"
    Compress-Archive -Path $moduleDir -DestinationPath $zip -Force
    Write-Host "Packaged $zip"
}

$steps = if ($Task -contains 'All') { @('Build', 'Test', 'Pester', 'Package') } else { $Task }
foreach ($step in $steps) {
    Write-Host "== $step"
    switch ($step) {
        'Build' { Invoke-BuildStep }
        'Test' { Invoke-TestStep }
        'Pester' { Invoke-PesterStep }
        'Package' { Invoke-PackageStep }
    }
}
