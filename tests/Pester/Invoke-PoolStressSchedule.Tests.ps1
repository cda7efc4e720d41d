# scripts/Invoke-PoolStressSchedule.ps1, run as a scheduler runs it: a fresh pwsh process with -File, so that its
# exit code is the real one.

BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')

    $script:Script = Join-Path $script:RepoRoot 'scripts/Invoke-PoolStressSchedule.ps1'
    $script:Columns = @('Timestamp', 'ComputerName', 'Number', 'Operation', 'FileSizeBytes', 'ClientWorkers', 'ServerWorkers',
        'ClientMode', 'ServerMode', 'SecondsPerClient', 'ThroughputPerClient', 'ClientsSucceeded', 'ClientsFailed',
        'ServerSucceeded', 'ServerFailed', 'SecondsP50', 'SecondsP95', 'SecondsMax', 'AggregateThroughput', 'WallSeconds')

    $script:Pwsh = Get-PwshCommand

    # Runs the script in a new pwsh and returns its exit code and its output (stdout and stderr, colours removed).
    function Invoke-Schedule {
        param([string[]] $Arguments)
        $output = & $script:Pwsh[0] @($script:Pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $script:Script @Arguments 2>&1
        [pscustomobject] @{
            ExitCode = $LASTEXITCODE
            Output   = (@($output | ForEach-Object { "$_" }) -join "`n") -replace '\e\[[0-9;?]*[A-Za-z]', ''
        }
    }

    # Fabricated earlier runs (legitimate test input): one history line per throughput, all of one row key.
    function Add-EarlierRun {
        param([string] $Path, [string] $Operation, [long] $FileSizeBytes, [int] $ClientWorkers, [double[]] $Throughput)
        $day = 10
        foreach ($value in $Throughput) {
            $line = [ordered] @{}
            foreach ($column in $script:Columns) { $line[$column] = '0' }
            $line.Timestamp = "2026-01-$($day)T02:00:00.0000000Z"
            $line.ComputerName = 'nightly-runner'
            $line.Number = '1'
            $line.Operation = $Operation
            $line.FileSizeBytes = "$FileSizeBytes"
            $line.ClientWorkers = "$ClientWorkers"
            $line.ClientsSucceeded = "$ClientWorkers"
            $line.AggregateThroughput = $value.ToString([cultureinfo]::InvariantCulture)
            [pscustomobject] $line | Export-Csv -LiteralPath $Path -Append
            $day++
        }
    }

    $script:root = New-TestRoot
    $script:server = Start-PoolHttpServer -Root $script:root -Port 0
    $script:matrix = @('-Uri', $script:server.Uri.ToString(), '-FileSize', '1KB', '-ClientWorkers', '1')
}

AfterAll {
    $script:server | Stop-PoolHttpServer
    Remove-Item -LiteralPath $script:root -Recurse -Force
}

Describe 'Invoke-PoolStressSchedule' {
    BeforeEach {
        $history = Join-Path $TestDrive "history $([guid]::NewGuid().ToString('N')).csv"
    }

    It 'has comment-based help with a synopsis, every parameter and examples' {
        $help = Get-Help $script:Script -Full
        $help.Synopsis | Should -BeLike 'Runs a stress matrix*'
        $documented = @($help.parameters.parameter | Where-Object { "$($_.description.Text)".Trim() } | ForEach-Object name)
        $declared = (Get-Command $script:Script).Parameters.Keys |
            Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters }
        $declared | ForEach-Object { $documented | Should -Contain $_ }
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
    }

    It 'creates the history with a header and appends timestamped rows at every run' {
        $first = Invoke-Schedule ($script:matrix + @('-Operation', 'Upload,Download', '-HistoryPath', $history))
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $header = (Get-Content -LiteralPath $history -TotalCount 1) -replace '"', ''
        $header | Should -Be ($script:Columns -join ',')
        $rows = @(Import-Csv -LiteralPath $history)
        $rows.Count | Should -Be 2
        $rows.Operation | Should -Be @('Upload', 'Download')
        $rows.FileSizeBytes | Should -Be @('1024', '1024')
        $rows.ComputerName | Should -Be @([Environment]::MachineName, [Environment]::MachineName)
        $rows.ClientsFailed | Should -Be @('0', '0')
        $stamp = [DateTime]::Parse($rows[0].Timestamp, [cultureinfo]::InvariantCulture, 'RoundtripKind')
        $stamp.Kind | Should -Be 'Utc'
        $stamp | Should -BeGreaterThan ([DateTime]::UtcNow.AddMinutes(-10))
        $rows[1].Timestamp | Should -Be $rows[0].Timestamp

        # Throughput of 1 KB transfers varies widely from run to run; this run is about the history, not the limit.
        $second = Invoke-Schedule ($script:matrix + @('-Operation', 'Upload,Download', '-HistoryPath', $history, '-MaxRegressionPercent', '100'))
        $second.ExitCode | Should -Be 0 -Because $second.Output
        $rows = @(Import-Csv -LiteralPath $history)
        $rows.Count | Should -Be 4
        @(Get-Content -LiteralPath $history | Where-Object { $_ -like '"Timestamp"*' }).Count | Should -Be 1
        [DateTime]::Parse($rows[2].Timestamp, [cultureinfo]::InvariantCulture, 'RoundtripKind') | Should -BeGreaterThan $stamp
    }

    It 'warns and exits 1 when a row falls more than the percentage below the median of earlier runs' {
        # Median 1 PB/s, far above any real run; the one slow earlier run shows it is the median, not the minimum.
        Add-EarlierRun $history Upload 1024 1 @(1e15, 1, 1e15)
        $run = Invoke-Schedule ($script:matrix + @('-HistoryPath', $history, '-Operation', 'Upload'))
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Match 'WARNING: Row 1 \(Upload, 1024 bytes, 1 client\(s\)\): AggregateThroughput .* \(\d+ B/s\) is [\d.]+% below the median .* \(1000000000000000 B/s\) of 3 earlier run\(s\) \(allowed: 20%\)'
        @(Import-Csv -LiteralPath $history).Count | Should -Be 4
    }

    It 'does not flag a row within the percentage of the median, nor compare across row keys' {
        # Median 2 B/s (a mean would be far above any real run); another key's runs are far faster.
        Add-EarlierRun $history Upload 1024 1 @(1, 2, 1e15)
        Add-EarlierRun $history Upload 1024 50 @(1e15, 1e15)
        Add-EarlierRun $history Upload 2048 1 @(1e15)
        Add-EarlierRun $history Download 1024 1 @(1e15)
        $run = Invoke-Schedule ($script:matrix + @('-HistoryPath', $history, '-Operation', 'Upload'))
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Not -Match 'WARNING'
        @(Import-Csv -LiteralPath $history).Count | Should -Be 8
    }

    It 'honours -MaxRegressionPercent' {
        Add-EarlierRun $history Upload 1024 1 @(1e15)
        $run = Invoke-Schedule ($script:matrix + @('-HistoryPath', $history, '-Operation', 'Upload', '-MaxRegressionPercent', '100'))
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Not -Match 'WARNING'
    }

    It 'warns and exits 1 when a client fails' {
        $readOnlyRoot = New-TestRoot
        $readOnly = Start-PoolHttpServer -Root $readOnlyRoot -Port 0 -ReadOnly
        try {
            $run = Invoke-Schedule @('-Uri', $readOnly.Uri.ToString(), '-Operation', 'Upload', '-FileSize', '1KB', '-ClientWorkers', '1',
                '-HistoryPath', $history)
        }
        finally {
            $readOnly | Stop-PoolHttpServer
            Remove-Item -LiteralPath $readOnlyRoot -Recurse -Force
        }
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Match 'WARNING: Row 1 \(Upload, 1024 bytes, 1 client\(s\)\): 1 of 1 clients failed\.'
        (Import-Csv -LiteralPath $history).ClientsFailed | Should -Be '1'
    }

    It 'warns and exits 1 when the server cannot be reached' {
        $uri = "http://127.0.0.1:$(Get-FreePort)/"
        $run = Invoke-Schedule @('-Uri', $uri, '-Operation', 'Upload', '-FileSize', '1KB', '-ClientWorkers', '1', '-HistoryPath', $history)
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Match 'WARNING: Row 1 \(Upload, 1024 bytes, 1 client\(s\)\): 1 of 1 clients failed\.'
    }

    It 'exits 2 when the module cannot be imported, and appends nothing' {
        $run = Invoke-Schedule ($script:matrix + @('-HistoryPath', $history, '-ModulePath', (Join-Path $TestDrive 'no such module')))
        $run.ExitCode | Should -Be 2 -Because $run.Output
        Test-Path -LiteralPath $history | Should -BeFalse
    }
}
