# The module as a whole: its default views and its conceptual help.

BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')

    # Renders objects as a console 120 columns wide does, whatever the width of this host.
    function Get-Rendered {
        param([object[]] $InputObject, [switch] $FormatTable)
        $lines = if ($FormatTable) { $InputObject | Format-Table | Out-String -Width 120 -Stream }
        else { $InputObject | Out-String -Width 120 -Stream }
        @($lines | Where-Object { $_.Trim() })
    }

    # No line is wider than the console, nothing is cut with an ellipsis, and every value shows whole.
    function Assert-Fits {
        param([string[]] $Lines, [string[]] $Visible)
        $Lines.Count | Should -BeGreaterThan 2
        $Lines | Where-Object { $_.Length -gt 120 } | Should -BeNullOrEmpty
        $Lines | Where-Object { $_.Contains([char] 0x2026) -or $_.EndsWith('...') } | Should -BeNullOrEmpty
        $text = $Lines -join "`n"
        foreach ($value in $Visible) { $text | Should -BeLike "*$([WildcardPattern]::Escape($value))*" }
    }
}

Describe 'PoolHttp module' {
    Context 'default views at 120 columns' {
        BeforeAll {
            # Long on purpose: a temp root with a hostile name, a deep local folder, long file names.
            $script:root = New-TestRoot
            $script:server = Start-PoolHttpServer -Root $script:root -Port 0
            $script:name = 'quarterly report 2026 final version (signed).pdf'
            $script:local = New-TestFile (Join-Path $script:root "outgoing files for the remote archive/$script:name") ('x' * 123456)
            $remoteFolder = New-PoolUri $script:server 'archive/2026 reports/signed copies/'
            $script:upload = Send-PoolFile -LiteralPath $script:local -Uri $remoteFolder
            $downloads = (New-Item -ItemType Directory -Path (Join-Path $script:root 'downloaded copies of the remote archive')).FullName
            $script:download = Get-PoolFile -Uri (New-PoolUri $script:server "archive/2026 reports/signed copies/$script:name") `
                -OutFile (Join-Path $downloads "copy of $script:name")
            $script:list = Get-PoolFileList -Uri (New-PoolUri $script:server 'archive/') -Recurse
        }

        AfterAll {
            $script:server | Stop-PoolHttpServer
            Remove-Item -LiteralPath $script:root -Recurse -Force
        }

        It 'shows uploads and downloads with their file names, status and length' -ForEach @(
            @{ FormatTable = $true }, @{ FormatTable = $false }
        ) {
            $lines = Get-Rendered @($script:upload, $script:download) -FormatTable:$FormatTable
            Assert-Fits $lines -Visible @($script:name, "copy of $script:name", '201', '200', '123456', 'Upload', 'Download')
        }

        It 'shows a recursive listing with names, sizes and folders' -ForEach @(
            @{ FormatTable = $true }, @{ FormatTable = $false }
        ) {
            $lines = Get-Rendered $script:list -FormatTable:$FormatTable
            Assert-Fits $lines -Visible @($script:name, '123456', '2026 reports', '/archive/2026 reports/signed copies/')
        }

        It 'shows servers with their URI, mode and state' -ForEach @(
            @{ FormatTable = $true }, @{ FormatTable = $false }
        ) {
            $lines = Get-Rendered @(Get-PoolHttpServer) -FormatTable:$FormatTable
            Assert-Fits $lines -Visible @($script:server.Uri.ToString(), 'Thread', 'Running')
        }

        It 'shows stress rows with their operation, size and client counts' -ForEach @(
            @{ FormatTable = $true }, @{ FormatTable = $false }
        ) {
            $rows = Invoke-PoolStressTest -Uri $script:server.Uri -Operation Upload, Download -FileSize 1KB -ClientWorkers 1
            $lines = Get-Rendered $rows -FormatTable:$FormatTable
            Assert-Fits $lines -Visible @('Upload', 'Download', '1.0 KiB', 'Aggregate')
        }
    }

    Context 'help and manifest' {
        It 'has an about_PoolHttp topic that Get-Help finds' {
            $help = Get-Help about_PoolHttp
            $help | Should -Not -BeNullOrEmpty
            $text = $help | Out-String
            $text | Should -Match '(?m)^TOPIC\s+about_PoolHttp'
            $text | Should -Match '(?m)^SHORT DESCRIPTION'
            $text | Should -Match '(?m)^LONG DESCRIPTION'
            $text | Should -Match '(?m)^SEE ALSO'
            $text | Should -Match '\bThread\b[\s\S]*\bProcess\b'
            foreach ($cmdlet in (Get-Module PoolHttp).ExportedCmdlets.Keys) { $text | Should -BeLike "*$cmdlet*" }
        }

        It 'passes Test-ModuleManifest and names the project, its licence and the licence file' {
            $manifest = Test-ModuleManifest -Path $script:ModuleManifest -ErrorAction Stop
            $manifest.ProjectUri | Should -Be 'https://github.com/poolhttp/poolhttp'
            $manifest.LicenseUri | Should -Be 'https://github.com/poolhttp/poolhttp/blob/main/LICENSE'
            $license = Join-Path (Split-Path -Parent $script:ModuleManifest) 'LICENSE'
            Get-Content -LiteralPath $license -TotalCount 1 | Should -Be 'MIT License'
        }
    }
}
