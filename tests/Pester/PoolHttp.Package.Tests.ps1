# The user's install path: build.ps1 -Task Package publishes out/PoolHttp with PSResourceGet to the folder repository
# out/repository; here it is installed from there as a user installs from a gallery, and used from a fresh pwsh.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $repository = Join-Path $script:RepoRoot 'out/repository'
    $version = (Import-PowerShellDataFile -LiteralPath $script:ModuleManifest).ModuleVersion
    $installRoot = New-TestRoot
    $served = New-TestRoot
    $null = New-TestFile -Path (Join-Path $served 'hello.txt') -Content 'hello from the installed module'
}

AfterAll {
    Remove-Item -LiteralPath $installRoot -Recurse -Force
    Remove-Item -LiteralPath $served -Recurse -Force
}

Describe 'PoolHttp package' {
    It 'is in the folder repository that build.ps1 -Task Package published to' {
        Join-Path $repository "PoolHttp.$version.nupkg" | Should -Exist
    }

    It 'installs from that repository with Save-PSResource' {
        $name = 'PoolHttpPester' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Register-PSResourceRepository -Name $name -Uri $repository -Trusted
        try {
            Save-PSResource -Name 'PoolHttp' -Version $version -Repository $name -Path $installRoot -TrustRepository -Quiet
        }
        finally {
            Unregister-PSResourceRepository -Name $name
        }
        $installed = Join-Path $installRoot "PoolHttp/$version"
        Join-Path $installed 'PoolHttp.psd1' | Should -Exist
        Join-Path $installed 'PoolHttp.Cmdlets.dll' | Should -Exist
        Join-Path $installed 'System.Management.Automation.dll' | Should -Not -Exist
        Join-Path $installed 'poolhttp-host.dll' | Should -Exist
        Join-Path $installed 'poolhttp-host.runtimeconfig.json' | Should -Exist
        # The native child host (NativeAOT) travels in the package; the package keeps no file modes.
        Join-Path $installed 'poolhttp-host' | Should -Exist
        Join-Path $installed 'poolhttp.dll' | Should -Not -Exist
        Join-Path $installed 'System.CommandLine.dll' | Should -Not -Exist
        Get-PSResourceRepository | Where-Object Name -EQ $name | Should -BeNullOrEmpty
    }

    It 'imports by name in a fresh pwsh and serves in Process mode with children from the installed folder' {
        $script = Join-Path $installRoot 'use-installed.ps1'
        Set-Content -LiteralPath $script -Value @'
param([string] $Root)
$ErrorActionPreference = 'Stop'
Import-Module PoolHttp
$server = Start-PoolHttpServer -Root $Root -Mode Process -Workers 2 -Port 0
try {
    $stats = Invoke-RestMethod -Uri "$($server.Uri).poolhttp/stats"
    [pscustomobject]@{
        ModuleBase = (Get-Module PoolHttp).ModuleBase
        Body       = (Invoke-WebRequest -Uri "$($server.Uri)hello.txt").Content
        Mode       = $stats.mode
        Children   = @($stats.perWorker | ForEach-Object { (Get-Process -Id $_.pid).CommandLine })
        Programs   = @($stats.perWorker | ForEach-Object { [System.IO.File]::ResolveLinkTarget("/proc/$($_.pid)/exe", $false).FullName })
    } | ConvertTo-Json -Compress
}
finally {
    $server | Stop-PoolHttpServer -Confirm:$false
}
'@
        $pwsh = Get-PwshCommand
        $saved = $env:PSModulePath
        $env:PSModulePath = $installRoot + [System.IO.Path]::PathSeparator + $saved
        try {
            $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $script -Root $served
        }
        finally {
            $env:PSModulePath = $saved
        }
        $LASTEXITCODE | Should -Be 0
        $result = $output | Select-Object -Last 1 | ConvertFrom-Json
        $result.ModuleBase | Should -Be (Join-Path $installRoot "PoolHttp/$version")
        $result.Body | Should -Be 'hello from the installed module'
        $result.Mode | Should -Be 'Process'
        @($result.Children).Count | Should -Be 2
        # The children run the installed native host (ChildLauncher gave it back its execute bits), not dotnet.
        $native = Join-Path $installRoot "PoolHttp/$version" 'poolhttp-host'
        foreach ($commandLine in $result.Children) {
            $commandLine | Should -BeLike "$native worker *"
        }
        @($result.Programs).Count | Should -Be 2
        foreach ($program in $result.Programs) {
            $program | Should -Be $native
        }
    }
}
