BeforeAll {
    . (Join-Path $PSScriptRoot 'PoolHttp.Pester.ps1')
    $root = New-TestRoot
    $work = New-TestRoot
    $command = 'PoolHttp.Cmdlets.InvokePoolStressTestCommand'
    # CONTRACT section 2: the columns Export-Csv must give, in this order.
    $columns = @('Number', 'Operation', 'FileSizeBytes', 'ClientWorkers', 'ServerWorkers', 'ClientMode', 'ServerMode',
        'SecondsPerClient', 'ThroughputPerClient', 'ClientsSucceeded', 'ClientsFailed', 'ServerSucceeded', 'ServerFailed',
        'SecondsP50', 'SecondsP95', 'SecondsMax', 'AggregateThroughput', 'WallSeconds')
}

AfterAll {
    Get-PoolHttpServer | Stop-PoolHttpServer -Confirm:$false
    Remove-Item -LiteralPath $root -Recurse -Force
    Remove-Item -LiteralPath $work -Recurse -Force
}

Describe 'Invoke-PoolStressTest' {
    Context '<Mode> servers of its own' -ForEach @(@{ Mode = 'Thread' }, @{ Mode = 'Process' }) {
        It 'writes one row per combination, and Export-Csv gives the contract columns in order' {
            $csv = Join-Path $work "stress $Mode.csv"
            # Lower-case size suffixes: the CI's PowerShell grammar (tree-sitter) rejects 1KB inside a comma list.

            $rows = Invoke-PoolStressTest -ServerMode $Mode -FileSize @(1kb, 2kb) -ClientWorkers @(1, 2) -ServerWorkers 1 -TimeoutSec 20 -ErrorVariable failed
            $rows | Export-Csv -LiteralPath $csv

            $rows | Should -BeOfType 'PoolHttp.Engine.Results.PoolStressResult'
            $failed | Should -BeNullOrEmpty
            $table = @(Import-Csv -LiteralPath $csv)
            $table[0].PSObject.Properties.Name | Should -Be $columns
            (Get-Content -LiteralPath $csv -TotalCount 1) | Should -Be (($columns | ForEach-Object { '"' + $_ + '"' }) -join ',')
            @($table).Count | Should -Be 8
            $table.Number | Should -Be @('1', '2', '3', '4', '5', '6', '7', '8')
            $table | ForEach-Object {
                $_.ClientsFailed | Should -Be '0'
                $_.ServerMode | Should -Be $Mode
                $_.ServerWorkers | Should -Be '1'
                $_.ClientMode | Should -Be 'Thread'
            }
            ($table.ClientsSucceeded | Measure-Object -Sum).Sum | Should -Be 12
        }
    }

    Context 'against a server started with Start-PoolHttpServer' {
        BeforeAll {
            $server = Start-PoolHttpServer -Root $root -Port 0 -Workers 3
        }

        AfterAll {
            $server | Stop-PoolHttpServer -Confirm:$false
        }

        It 'stresses it through -Uri, takes its worker count from its statistics and leaves nothing on it' {
            $rows = @(Invoke-PoolStressTest -Uri $server.Uri -FileSize 1KB -ClientWorkers @(1, 2) -ErrorVariable failed)

            $failed | Should -BeNullOrEmpty
            @($rows).Count | Should -Be 4
            $rows.Operation | Should -Be @('Upload', 'Upload', 'Download', 'Download')
            $rows.ClientWorkers | Should -Be @(1, 2, 1, 2)
            $rows.ClientsFailed | Should -Be @(0, 0, 0, 0)
            $rows.ServerWorkers | Should -Be @(3, 3, 3, 3)
            $rows.ServerMode | Should -Be @('Thread', 'Thread', 'Thread', 'Thread')
            Get-ChildItem -LiteralPath $root -Force | Should -BeNullOrEmpty
        }

        It 'stresses a server that requires a credential with -Credential -AllowUnencryptedAuthentication' {
            $credential = [pscredential]::new('anna', (ConvertTo-SecureString 's3cret pass' -AsPlainText -Force))
            $guarded = Start-PoolHttpServer -Root $root -Port 0 -Credential $credential
            $rows = @(Invoke-PoolStressTest -Uri $guarded.Uri -Operation Download -FileSize 1KB -ClientWorkers 1 -Credential $credential -AllowUnencryptedAuthentication -ErrorVariable failed)
            $guarded | Stop-PoolHttpServer -Confirm:$false

            $failed | Should -BeNullOrEmpty
            $rows.ClientsSucceeded | Should -Be 1
            Get-ChildItem -LiteralPath $root -Force | Should -BeNullOrEmpty
        }

        It 'refuses -ServerWorkers and -ServerMode with -Uri' {
            { Invoke-PoolStressTest -Uri $server.Uri -ServerWorkers 1 } | Should -Throw -ErrorId "AmbiguousParameterSet,$command"
            { Invoke-PoolStressTest -Uri $server.Uri -ServerMode Process } | Should -Throw -ErrorId "AmbiguousParameterSet,$command"
        }
    }

    Context 'a failed client' {
        It 'is one error each, and the row still comes' {
            $readOnly = Start-PoolHttpServer -Root $root -Port 0 -ReadOnly
            $rows = @(Invoke-PoolStressTest -Uri $readOnly.Uri -Operation Upload -FileSize 1KB -ClientWorkers 2 -ErrorVariable failed -ErrorAction SilentlyContinue)
            $readOnly | Stop-PoolHttpServer -Confirm:$false

            @($rows).Count | Should -Be 1
            $rows[0].ClientsFailed | Should -Be 2
            @($failed).Count | Should -Be 2
            $failed | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be "RemoteAccessDenied,$command" }
        }
    }

    Context 'a start time and one record per client' {
        It 'starts every client at -StartAt and, with -PerClient, writes one flat record per client transfer' {
            $at = (Get-Date).AddSeconds(5)
            $csv = Join-Path $work 'per client.csv'

            $clients = @(Invoke-PoolStressTest -Operation Upload, Download -FileSize 1KB -ClientWorkers 3 -ServerWorkers 1 -StartAt $at -RowIntervalSec 2 -PerClient -ErrorVariable failed)
            $clients | Export-Csv -LiteralPath $csv

            $failed | Should -BeNullOrEmpty
            $clients | Should -BeOfType 'PoolHttp.Engine.Results.PoolStressClientResult'
            "$($clients.Number)" | Should -Be '1 1 1 2 2 2'
            "$($clients.Client)" | Should -Be '1 2 3 1 2 3'
            foreach ($client in $clients) {
                $rowStart = $at.ToUniversalTime().AddSeconds(2 * ($client.Number - 1))
                # Released at the row's start time (the timestamps come from the run's monotonic clock: a few ms either way).
                $client.StartUtc | Should -BeGreaterOrEqual $rowStart.AddMilliseconds(-20)
                $client.StartUtc.Kind | Should -Be 'Utc'
                $client.HostName | Should -Be ([Environment]::MachineName)
                ($client.Succeeded, $client.Bytes, $client.Error) | Should -Be @($true, 1024, '')
            }
            (Get-Content -LiteralPath $csv -TotalCount 1) -replace '"', '' |
                Should -Be 'Number,Operation,FileSizeBytes,ClientWorkers,Client,HostName,StartUtc,EndUtc,Seconds,Bytes,Succeeded,Error'
        }

        It 'refuses a start time that has passed, naming it, before anything starts' {
            $before = @(Get-PoolHttpServer).Count
            { Invoke-PoolStressTest -FileSize 1KB -ClientWorkers 1 -ServerWorkers 1 -StartAt (Get-Date).AddSeconds(-5) -ErrorAction Stop } |
                Should -Throw -ErrorId "InvalidArgument,$command" -ExpectedMessage '*start time*has passed*'
            @(Get-PoolHttpServer).Count | Should -Be $before
        }
    }

    Context 'parameter validation' {
        It 'refuses <Name> before anything starts' -ForEach @(
            @{ Name = 'no clients'; Arguments = @{ ClientWorkers = 0 } }
            @{ Name = 'too many server workers'; Arguments = @{ ServerWorkers = 1025 } }
            @{ Name = 'a negative size'; Arguments = @{ FileSize = -1 } }
            @{ Name = 'a negative timeout'; Arguments = @{ TimeoutSec = -1 } }
            @{ Name = 'no repetitions'; Arguments = @{ Repetitions = 0 } }
        ) {
            { Invoke-PoolStressTest @Arguments } | Should -Throw -ErrorId "ParameterArgumentValidationError,$command"
        }

        It 'refuses an operation that is not Upload or Download' {
            { Invoke-PoolStressTest -Operation Copy } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        }

        It 'ends with UnencryptedAuthentication for -Credential and an http:// -Uri without -AllowUnencryptedAuthentication, before anything is sent' {
            $credential = [pscredential]::new('anna', (ConvertTo-SecureString 's3cret pass' -AsPlainText -Force))
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            try {
                $uri = "http://127.0.0.1:$($listener.LocalEndpoint.Port)/"
                $failure = { Invoke-PoolStressTest -Uri $uri -Credential $credential -FileSize 1KB -ClientWorkers 1 -TimeoutSec 2 } |
                    Should -Throw -ErrorId "UnencryptedAuthentication,$command" -PassThru
                $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
                $listener.Pending() | Should -BeFalse
            }
            finally {
                $listener.Stop()
            }
        }

        It 'refuses a -Uri that is not http(s) as InvalidArgument' {
            { Invoke-PoolStressTest -Uri 'ftp://127.0.0.1/' -FileSize 1KB -ClientWorkers 1 } | Should -Throw -ErrorId "InvalidArgument,$command"
        }
    }
}
